import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import '../config/zodMessages.js';
import { EnvSchema } from '../config/env.js';
import { loadNetwork } from '../config/loadNetwork.js';
import { parsePeriod } from '../domain/reportingPeriod.js';
import { statisticsTable } from '../bot/exportHandlers.js';
import { statisticsCardData } from '../bot/statisticsView.js';
import { toCsv, toXlsx, type Table } from '../reports/spreadsheet.js';
import { tapasTable } from '../reports/tapasExport.js';
import { quarterlyTrendPng } from '../reports/trendChart.js';
import { quarterlyPoints, reportFigures } from '../services/reporting.js';
import { FileStore } from '../store/fileStore.js';

/**
 * The chat exports from the command line, for scheduled reporting:
 *   npm run report -- tapas 2026-10 --regio mijnstreek [--uit rapporten]
 *   npm run report -- kpi 2026-Q3 --regio mijnstreek [--subregio westelijke-mijnstreek] [--uit rapporten]
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { regio: { type: 'string' }, subregio: { type: 'string' }, uit: { type: 'string', default: 'rapporten' } },
});
const [kind, periodText] = positionals;
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if ((kind !== 'tapas' && kind !== 'kpi') || !periodText || !values.regio) {
  fail('Gebruik: npm run report -- tapas|kpi <periode> --regio <regio-id> [--subregio <id>] [--uit <map>]');
}
const { DATA_DIR, STORE_DIR } = EnvSchema.pick({ DATA_DIR: true, STORE_DIR: true }).parse(process.env);
const { directory } = loadNetwork(DATA_DIR);
const region = directory.regions.find((r) => r.id === values.regio) ?? fail(`Regio '${values.regio}' bestaat niet.`);
const period = parsePeriod(periodText!, new Date()) ?? fail(`Periode '${periodText}' ken ik niet (bijv. 2026-10, 2026-Q3, vorige maand).`);
const subRegionIds = values.subregio ? [values.subregio] : region.subRegions.map((s) => s.id);
if (!subRegionIds.every((id) => region.subRegions.some((s) => s.id === id))) fail(`Subregio '${values.subregio}' hoort niet bij ${region.name}.`);
const store = await FileStore.open(STORE_DIR);
const sources = { store, directory, acpFacts: () => undefined, clock: () => new Date() };

mkdirSync(values.uit!, { recursive: true });
const write = async (name: string, table: Table) => {
  writeFileSync(join(values.uit!, `${name}.csv`), toCsv(table));
  writeFileSync(join(values.uit!, `${name}.xlsx`), await toXlsx(table));
  console.log(`${join(values.uit!, name)}.csv en .xlsx: ${table.rows.length} regels`);
};
const slug = (text: string) => text.replace(/[^\w.-]+/g, '-');

if (kind === 'tapas') {
  if (!region.tapas) fail(`${region.name} declareert niet via TAPA$.`);
  const contacts = await store.contactsRecordedBetween(new Date(period.start), new Date(period.end), region.id);
  await write(slug(`tapas-${region.id}-${period.label}`), tapasTable(contacts, directory, region.id));
} else {
  const label = values.subregio ? (directory.subRegion(values.subregio)?.name ?? values.subregio) : region.name;
  const { stats, kpis, mdo } = await reportFigures(sources, { regionId: region.id, subRegionIds, label }, period);
  const name = slug(`cijfers-${label}-${period.label}`);
  await write(name, statisticsTable(statisticsCardData(stats, label, kpis, mdo)));
  writeFileSync(join(values.uit!, `${name}.png`), await quarterlyTrendPng(`Consulten per kwartaal, ${label}`, await quarterlyPoints(sources, subRegionIds, period.start)));
  console.log(`${join(values.uit!, name)}.png: trendgrafiek`);
}
