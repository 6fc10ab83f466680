import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvSubset } from '../config/env.js';
import { loadNetwork } from '../config/loadNetwork.js';
import { parsePeriod } from '../domain/reportingPeriod.js';
import type { Table } from '../reports/spreadsheet.js';
import { openStorage } from '../store/openStorage.js';
import { runCommand, UsageError } from './command.js';

/**
 * The chat exports from the command line, for scheduled reporting:
 *   npm run report -- tapas 2026-10 --regio mijnstreek [--uit rapporten]
 *   npm run report -- kpi 2026-Q3 --regio mijnstreek [--subregio westelijke-mijnstreek] [--uit rapporten]
 */
const USAGE = 'Gebruik: npm run report -- tapas|kpi <periode> --regio <regio-id> [--subregio <id>] [--uit <map>]';

await runCommand(
  { usage: USAGE, options: { regio: { type: 'string' }, subregio: { type: 'string' }, uit: { type: 'string', default: 'rapporten' } }, maxPositionals: 2 },
  async ({ values, positionals }) => {
    const [kind, periodText] = positionals;
    const regionId = values.regio as string | undefined;
    const subRegionId = values.subregio as string | undefined;
    const outDir = values.uit as string;
    if ((kind !== 'tapas' && kind !== 'kpi') || !periodText || !regionId) throw new UsageError('Geef tapas of kpi, een periode en --regio.');
    const env = readEnvSubset(['DATA_DIR', 'STORE_DIR', 'DATABASE_URL']);
    const { directory } = loadNetwork(env.DATA_DIR);
    const region = directory.regions.find((r) => r.id === regionId);
    if (!region) throw new UsageError(`Regio '${regionId}' bestaat niet.`);
    const period = parsePeriod(periodText, new Date());
    if (!period) throw new UsageError(`Periode '${periodText}' ken ik niet (bijv. 2026-10, 2026-Q3, vorige maand).`);
    const subRegionIds = subRegionId ? [subRegionId] : region.subRegions.map((s) => s.id);
    if (!subRegionIds.every((id) => region.subRegions.some((s) => s.id === id))) throw new UsageError(`Subregio '${subRegionId}' hoort niet bij ${region.name}.`);
    if (kind === 'tapas' && !region.tapas) throw new UsageError(`${region.name} declareert niet via TAPA$.`);
    // The spreadsheet and chart libraries take seconds to load: only once the call is known to be right.
    const [{ statisticsTable }, { toCsv, toXlsx }, { tapasTable }, { quarterlyTrendPng }, { quarterlyPoints, report }] = await Promise.all([
      import('../bot/exportHandlers.js'),
      import('../reports/spreadsheet.js'),
      import('../reports/tapasExport.js'),
      import('../reports/trendChart.js'),
      import('../services/reporting.js'),
    ]);
    const store = await openStorage(env);
    const sources = { store, directory, clock: () => new Date() };

    try {
      mkdirSync(outDir, { recursive: true });
      const write = async (name: string, table: Table) => {
        writeFileSync(join(outDir, `${name}.csv`), toCsv(table));
        writeFileSync(join(outDir, `${name}.xlsx`), await toXlsx(table));
        console.log(`${join(outDir, name)}.csv en .xlsx: ${table.rows.length} regels`);
      };
      const slug = (text: string) => text.replace(/[^\w.-]+/g, '-');

      if (kind === 'tapas') {
        const contacts = await store.contacts.tookPlaceBetween(new Date(period.start), new Date(period.end), region.id);
        await write(slug(`tapas-${region.id}-${period.label}`), tapasTable(contacts, directory, region.id));
      } else {
        const label = subRegionId ? (directory.subRegion(subRegionId)?.name ?? subRegionId) : region.name;
        const { card } = await report(sources, { regionId: region.id, subRegionIds, label }, period);
        const name = slug(`cijfers-${label}-${period.label}`);
        await write(name, statisticsTable(card));
        writeFileSync(join(outDir, `${name}.png`), await quarterlyTrendPng(`Consulten per kwartaal, ${label}`, await quarterlyPoints(sources, subRegionIds, period.start)));
        console.log(`${join(outDir, name)}.png: trendgrafiek`);
      }
    } finally {
      await store.close();
    }
  },
);
