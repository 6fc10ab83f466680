import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod/v4';
import type { Person } from '../domain/network.js';
import { parsePeriod } from '../domain/reportingPeriod.js';
import { toCsv, toXlsx, type Table } from '../reports/spreadsheet.js';
import { tapasTable } from '../reports/tapasExport.js';
import { quarterlyTrendPng } from '../reports/trendChart.js';
import { quarterlyPoints } from '../services/reporting.js';
import { cardAttachment, renderCard } from './cards.js';
import { cardAction, notice } from './cardActions.js';
import { permittedPerson, type BotDependencies } from './context.js';
import { localWeekdayTime } from './format.js';
import { statisticsFor, UNKNOWN_PERIOD } from './statisticsHandlers.js';
import type { Report } from '../services/reporting.js';

export const TAPAS_EXPORT = /^\s*export\s+tapas\b(.*)$/i;
export const KPI_EXPORT = /^\s*export\s+kpi\b(.*)$/i;

/** The figures of the statistics card as one table, section by section. */
export function statisticsTable(data: Report['card']): Table {
  const rows = [
    { onderdeel: 'Reikwijdte', cijfer: data.scopeLabel, waarde: data.scopeNote },
    ...data.headline.map((f) => ({ onderdeel: 'Kerncijfers', cijfer: f.label, waarde: f.value })),
    ...data.sections.flatMap((s) => s.rows.map((r) => ({ onderdeel: s.title, cijfer: r.label, waarde: r.value }))),
    ...data.definitions.map((d) => ({ onderdeel: 'Definitie', cijfer: '', waarde: d })),
  ];
  return {
    sheetName: 'Kwartaalcijfers',
    columns: [
      { key: 'onderdeel', title: 'Onderdeel' },
      { key: 'cijfer', title: 'Cijfer' },
      { key: 'waarde', title: 'Waarde' },
    ],
    rows,
  };
}

export function registerExportHandlers(app: Application, deps: BotDependencies): void {
  // The download card's buttons come here: the card action carries who pressed it, so the link
  // is made only for the person the export was made for.
  cardAction(app, deps, 'download.link', undefined, z.object({ fileId: z.uuid() }), async (_context, person, data) => {
    const link = await deps.downloads.linkFor(data.fileId, person.id);
    if ('refused' in link) {
      const text = link.refused === 'gone' ? 'Deze download is verlopen of al opgehaald. Vraag de export opnieuw op.' : 'Deze download is niet voor u.';
      return { card: notice(text), result: 'geweigerd', detail: link.refused };
    }
    const card = renderCard('download-link', { name: link.name, url: `${deps.publicBaseUrl()}/downloads?token=${link.token}`, expires: localWeekdayTime(link.expiresAt.getTime()) });
    return { card, detail: link.name };
  });

  /** Writes the table as CSV and XLSX (and any extra files) and gives the person single-use links to each. */
  async function offerFiles(
    context: TurnContext,
    person: Person,
    table: Table,
    baseName: string,
    title: string,
    text: string,
    extra: { ext: string; contentType: string; data: Buffer; label: string }[] = [],
  ) {
    const files = [
      { ext: 'csv', contentType: 'text/csv; charset=utf-8', data: toCsv(table), label: 'CSV (puntkomma-gescheiden, opent in Excel)' },
      { ext: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: await toXlsx(table), label: 'Excel (.xlsx)' },
      ...extra,
    ];
    const links = [];
    let expires = new Date();
    for (const file of files) {
      const offer = await deps.downloads.offer(person.id, { name: `${baseName}.${file.ext}`, contentType: file.contentType, data: file.data });
      expires = offer.expiresAt;
      links.push({ title: `Download ${file.label}`, fileId: offer.fileId });
    }
    const card = renderCard('download', { title, text, files: links, expires: localWeekdayTime(expires.getTime()) });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  }

  app.message(TAPAS_EXPORT, async (context) => {
    const person = await permittedPerson(context, deps, 'export.tapas');
    if (!person) return;
    const text = (TAPAS_EXPORT.exec(context.activity.text ?? '')?.[1] ?? '').trim();
    const period = parsePeriod(text || 'vorige maand', deps.clock());
    const region = deps.directory.regionOfPerson(person.id);
    if (!period || !region) {
      await context.sendActivity(`Die periode ken ik niet: '${text}'. Bijvoorbeeld: export tapas 2026-10, of export tapas vorige maand.`);
      return;
    }
    if (!region.tapas) {
      await context.sendActivity(`${region.name} declareert niet via TAPA$; er is geen kassiersexport.`);
      return;
    }
    const contacts = await deps.store.contacts.tookPlaceBetween(new Date(period.start), new Date(period.end), region.id);
    const table = tapasTable(contacts, deps.directory, region.id);
    await deps.audit.record({ context, person }, 'export.tapas', 'toegestaan', { detail: `${region.id}, ${period.label}, ${table.rows.length} regels` });
    if (table.rows.length === 0) {
      await context.sendActivity(`Geen TAPA$-contacten in ${period.label} voor ${region.name}.`);
      return;
    }
    await offerFiles(context, person, table, `tapas-${region.id}-${period.label.replace(/\s+/g, '-')}`, `TAPA$-export ${region.name}, ${period.label}`,
      `${table.rows.length} patiëntgebonden contacten voor de kassier, met aanbieder, specialist, datum, prestatie, minuten, patiëntpseudoniem en eigen patiëntnummer. Geen BSN.`);
  });

  app.message(KPI_EXPORT, async (context) => {
    const person = await permittedPerson(context, deps, 'export.kpi');
    if (!person) return;
    const text = (KPI_EXPORT.exec(context.activity.text ?? '')?.[1] ?? '').trim();
    const result = await statisticsFor(text, person, deps);
    if (!result) {
      await context.sendActivity(UNKNOWN_PERIOD(text));
      return;
    }
    await deps.audit.record({ context, person }, 'export.kpi', 'toegestaan', { detail: `${result.scopeLabel}, ${result.stats.period.label}` });
    const table = statisticsTable(result.card);
    const trend = await quarterlyTrendPng(`Consulten per kwartaal, ${result.scopeLabel}`, await quarterlyPoints(deps, result.subRegionIds, result.stats.period.start));
    await offerFiles(
      context,
      person,
      table,
      `cijfers-${result.scopeLabel}-${result.stats.period.label}`.replace(/[^\w.-]+/g, '-'),
      `Cijfers ${result.scopeLabel}, ${result.stats.period.label}`,
      'De cijfers van de statistiekkaart, met definities; groepen kleiner dan 5 staan als <5. De grafiek toont de trend per kwartaal voor de halfjaarrapportage.',
      [{ ext: 'png', contentType: 'image/png', data: trend, label: 'trendgrafiek (.png)' }],
    );
  });
}
