import { stringify } from 'csv-stringify/sync';

/** A table as coordinators open it in Excel: a header row of column titles, then the rows. */
export interface Table {
  sheetName: string;
  columns: { key: string; title: string }[];
  rows: Record<string, string | number>[];
}

/**
 * CSV as Dutch Excel expects it: UTF-8 with a byte-order mark (so é and ë survive), `;` as the
 * separator, and quotes around any field holding a `;`, a quote or a line break.
 */
export function toCsv(table: Table): Buffer {
  const text = stringify(
    table.rows.map((row) => table.columns.map((column) => row[column.key] ?? '')),
    {
      delimiter: ';',
      header: true,
      columns: table.columns.map((c) => c.title),
      record_delimiter: 'windows',
      bom: true,
      // csv-stringify quotes only the record delimiter itself; Excel also breaks a row on a bare \n.
      quoted_match: /[\r\n]/,
    },
  );
  return Buffer.from(text, 'utf8');
}

export async function toXlsx(table: Table): Promise<Buffer> {
  // Loaded on the first export, not at start-up: exceljs and its zip libraries take ~0.2 s to load.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'PZ-Consultbot';
  const sheet = workbook.addWorksheet(table.sheetName);
  sheet.columns = table.columns.map((column) => ({ header: column.title, key: column.key, width: Math.max(12, column.title.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
