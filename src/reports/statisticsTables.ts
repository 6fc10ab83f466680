import { isSmall, protectTable, shownCell, type Cell, type CellStatus } from '../domain/disclosure.js';

/**
 * The statistics card's tables after disclosure control. Each table is a partition of a total
 * (the cells add up to it); cells that are not displayed still take part, because a reader can
 * work them out from the rest.
 */

export interface Section {
  title: string;
  chartType: 'Chart.VerticalBar' | 'Chart.Donut';
  hasChart: boolean;
  chartData: object[];
  rows: { label: string; value: string }[];
  note: string;
}

export interface TableCell extends Cell {
  label: string;
  /** False for a cell no one sees but anyone can work out (the rest of a share). */
  displayed?: boolean;
}

export interface ProtectedTable {
  cells: readonly TableCell[];
  total: number;
  status: (key: string) => CellStatus;
  /** The cell as it may be shown: the count, "<5" or "onderdrukt". */
  value: (key: string) => string;
  isShown: (key: string) => boolean;
}

/** Protects one table; when its total is itself a small count, the whole table is hidden. */
export function protect(cells: readonly TableCell[], total: number): ProtectedTable {
  const statuses: Record<string, CellStatus> = isSmall(total) ? Object.fromEntries(cells.map((cell) => [cell.key, 'table' as const])) : protectTable(cells, total);
  const byKey = new Map(cells.map((cell) => [cell.key, cell]));
  const status = (key: string) => statuses[key] ?? 'shown';
  return {
    cells,
    total,
    status,
    value: (key) => shownCell(byKey.get(key)?.value ?? 0, status(key)),
    isShown: (key) => status(key) === 'shown',
  };
}

/** A count that is not part of any table shown: only the small-count rule applies. */
export const shownCount = (count: number): string => shownCell(count, isSmall(count) ? 'small' : 'shown');

/** A share `part / whole` of a protected table, or why it is not shown. */
export function shareOf(table: ProtectedTable, keys: readonly string[]): string {
  if (table.total === 0) return '–';
  if (isSmall(table.total) || keys.some((key) => !table.isShown(key))) return 'onderdrukt';
  const part = table.cells.filter((cell) => keys.includes(cell.key)).reduce((sum, cell) => sum + cell.value, 0);
  return `${Math.round((100 * part) / table.total)}% (${part} van ${table.total})`;
}

/** A section for the card: the displayed cells as rows, the shown ones in a chart. */
export function tableSection(title: string, table: ProtectedTable, chartType: Section['chartType'], note = ''): Section {
  const displayed = table.cells.filter((cell) => cell.displayed !== false);
  const charted = displayed.filter((cell) => table.isShown(cell.key) && cell.value > 0);
  const hidden = displayed.filter((cell) => !table.isShown(cell.key)).length;
  const wholeTable = displayed.some((cell) => table.status(cell.key) === 'table');
  const notes = [
    note,
    isSmall(table.total) ? 'Totaal kleiner dan 5: de verdeling is verborgen.' : wholeTable ? 'De verdeling is verborgen: elke cel zou een kleine groep prijsgeven.' : hidden > 0 ? 'Onderdrukte cellen staan niet in de grafiek.' : '',
  ];
  return {
    title,
    chartType,
    hasChart: charted.length > 0,
    chartData: charted.map((cell) => (chartType === 'Chart.Donut' ? { legend: cell.label, value: cell.value } : { x: cell.label, y: cell.value })),
    rows: displayed.map((cell) => ({ label: cell.label, value: table.value(cell.key) })),
    note: notes.filter(Boolean).join(' '),
  };
}

/** Cells in a fixed order (never by size: no ranking), with any category the order does not name after it. */
export function cellsOf(counts: Record<string, number>, order: readonly (readonly [string, string])[], people?: Record<string, number>): TableCell[] {
  const labels = new Map(order);
  const keys = [...new Set([...order.map(([key]) => key), ...Object.keys(counts).sort()])];
  return keys.map((key) => ({ key, label: labels.get(key) ?? key, value: counts[key] ?? 0, ...(people ? { people: people[key] ?? 0 } : {}) }));
}

/** A plain section of facts, without a chart. */
export const factSection = (title: string, rows: Section['rows'], note = ''): Section => ({ title, chartType: 'Chart.VerticalBar', hasChart: false, chartData: [], rows, note });
