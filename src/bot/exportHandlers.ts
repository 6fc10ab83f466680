import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Person } from '../domain/network.js';
import { parsePeriod } from '../domain/reportingPeriod.js';
import { toCsv, toXlsx, type Table } from '../reports/spreadsheet.js';
import { tapasTable } from '../reports/tapasExport.js';
import { quarterlyTrendPng } from '../reports/trendChart.js';
import { quarterlyPoints } from '../services/reporting.js';
import { cardAttachment, renderCard } from './cards.js';
import { ALREADY_HANDLED, cardAction, notice } from './cardActions.js';
import { permittedPerson, type BotDependencies } from './context.js';
import { downloadCardData, type DownloadOffer, DownloadPressSchema, fileIdsOf } from './downloadView.js';
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
  // is made only for the person the export was made for. The card stays, with a button for each
  // of the offer's files that still waits for that person, and the link of the one pressed.
  const GONE = 'Deze download is verlopen of al opgehaald.';
  const standing = async (person: Person, offer: DownloadOffer | undefined, shown: Parameters<typeof downloadCardData>[2] = {}) => {
    const waiting = offer ? await deps.downloads.waitingFor(person.id, fileIdsOf(offer)) : [];
    return offer && waiting.length > 0 ? renderCard('download', downloadCardData(offer, waiting, shown)) : undefined;
  };
  cardAction(
    app,
    deps,
    'download.link',
    undefined,
    DownloadPressSchema,
    async (_context, person, { fileId, offer }) => {
      const link = await deps.downloads.linkFor(fileId, person.id);
      if ('refused' in link) {
        const card = link.refused === 'gone' ? ((await standing(person, offer, { notice: GONE })) ?? notice(`${GONE} Vraag de export opnieuw op.`)) : notice('Deze download is niet voor u.');
        return { card, result: 'geweigerd', detail: link.refused };
      }
      // A card sent before the buttons carried their offer: the pressed file alone.
      const shown = offer ?? { title: link.name, text: '', files: [{ fileId, label: 'Bestand' }] };
      const url = `${deps.publicBaseUrl()}/downloads?token=${link.token}`;
      const card = await standing(person, shown, { link: { fileId, name: link.name, url, expiresAt: link.expiresAt } });
      return { card: card ?? notice(`${GONE} Vraag de export opnieuw op.`), detail: link.name };
    },
    // A redelivered press makes no second link: the card as it stands, with the files still waiting.
    async (person, { offer }) => ({ card: (await standing(person, offer)) ?? ALREADY_HANDLED }),
  );

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
      { ext: 'csv', contentType: 'text/csv; charset=utf-8', data: toCsv(table), label: 'CSV' },
      { ext: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: await toXlsx(table), label: 'Excel (.xlsx)' },
      ...extra,
    ];
    const offered = [];
    for (const file of files) {
      const { fileId, expiresAt } = await deps.downloads.offer(person.id, { name: `${baseName}.${file.ext}`, contentType: file.contentType, data: file.data });
      offered.push({ fileId, label: file.label, expiresAt });
    }
    const card = renderCard('download', downloadCardData({ title, text, files: offered.map(({ fileId, label }) => ({ fileId, label })) }, offered));
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
      `${table.rows.length} patiëntgebonden ${table.rows.length === 1 ? 'contact' : 'contacten'} voor de kassier, met aanbieder, specialist, datum, prestatie, minuten, patiëntpseudoniem en eigen patiëntnummer. Geen BSN.`);
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
