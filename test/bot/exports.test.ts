import { mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type Table } from '../../src/reports/spreadsheet.js';
import { BotUnderTest, cardText, oneTimeLink, type TeamsUser } from '../support/botUnderTest.js';

const table: Table = {
  sheetName: 'Test',
  columns: [
    { key: 'naam', title: 'Naam' },
    { key: 'notitie', title: 'Notitie' },
    { key: 'minuten', title: 'Minuten' },
  ],
  rows: [
    { naam: 'Zuyderland; locatie Sittard', notitie: 'regel één\nregel twee', minuten: 20 },
    { naam: 'Café "De Linde"', notitie: 'geëvalueerd', minuten: 45 },
  ],
};

describe('files a coordinator opens in Excel', () => {
  it('writes CSV as UTF-8 with a byte-order mark, ; between fields, and quotes around ;, quotes and line breaks', () => {
    const bytes = toCsv(table);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toBe('Naam;Notitie;Minuten\r\n"Zuyderland; locatie Sittard";"regel één\nregel twee";20\r\n"Café ""De Linde""";geëvalueerd;45\r\n');
  });

  it('writes an XLSX that the same library reads back', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('Test')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Naam', 'Notitie', 'Minuten']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Zuyderland; locatie Sittard', 'regel één\nregel twee', 20]);
    expect(sheet.rowCount).toBe(3);
  });
});

describe('export tapas: the kassier’s file behind a single-use link', () => {
  let harness: BotUnderTest;
  let karin: TeamsUser;

  beforeEach(async () => {
    harness = await BotUnderTest.start();
    karin = harness.user('karin-bosch');
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const { consult } = await gp.requestConsult({ patientInitials: 'K.L.', patientBirthYear: '1941', localPatientNumber: 'HIS-7788', question: 'Obstipatie ondanks laxantia?' });
    await els.press('consult.accept', { consultId: consult.id });
    await els.closeConsult(consult.id, {
      contactCount: '2', contact1Form: 'telefonisch', contact1Minutes: '15', contact2Form: 'bedside', contact2Minutes: '40',
      outcome: 'advies', adviceSummary: 'Macrogol ophogen, methylnaltrexon overwegen.',
    });
  });
  afterEach(async () => {
    await harness.stop();
  });

  /** Asks for the export and presses each download button, as the coordinator would; returns the links. */
  async function linksFor(user: TeamsUser, command: string): Promise<string[]> {
    await user.say(command);
    const card = user.lastCard();
    const links: string[] = [];
    for (const action of card.card.actions as { verb: string; data: { fileId: string } }[]) {
      const linkCard = await user.press(action.verb, action.data, card.activityId);
      links.push(oneTimeLink(linkCard));
    }
    return links;
  }

  /** The titles of the download buttons a card offers. */
  const downloadButtons = (card: any): string[] => (card.actions ?? []).filter((a: any) => a.type === 'Action.Execute').map((a: any) => a.title);
  const press = (user: TeamsUser, card: any, title: string, activityId: string) => {
    const button = card.actions.find((a: any) => a.title === title);
    if (!button) throw new Error(`no button ${title}: ${cardText(card)}`);
    return user.press(button.verb, button.data, activityId);
  };

  it('gives a CSV with one row per contact, naming the specialist, with pseudonym and local number but no BSN or name', async () => {
    const [csvUrl, xlsxUrl] = await linksFor(karin, 'export tapas 2026-11');
    expect(cardText(karin.lastCard().card)).toContain('2 patiëntgebonden contacten');
    expect(downloadButtons(karin.lastCard().card)).toEqual(['Download CSV', 'Download Excel (.xlsx)']);
    const response = await fetch(csvUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('tapas-mijnstreek-november-2026.csv');
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe('Aanbieder (organisatie);Specialist PZ;Discipline;Datum;Prestatie;Minuten;Vorm;Patiëntpseudoniem;Eigen patiëntnummer aanvrager;Organisatie aanvrager;Consult of MDO;Subregio;Datum geschat');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^Consultatieteam PZ Mijnstreek;Els Vermeulen;kaderhuisarts PZ;23-11-2026;2a;15;telefonisch;P-[0-9A-Z]{10};HIS-7788;Huisartsenpraktijk De Linde;C-[0-9A-Z]{4};Westelijke Mijnstreek;nee$/);
    expect(rows[1]).toContain(';2b;40;bedside;');
    expect(text).not.toContain('K.L.');
    expect((await fetch(xlsxUrl!)).status).toBe(200);
  });

  it('still offers the Excel file and the chart after Download CSV is pressed, beside the CSV’s one-time link', async () => {
    await karin.say('export kpi 2026-Q4');
    const { card, activityId } = karin.lastCard();
    expect(downloadButtons(card)).toEqual(['Download CSV', 'Download Excel (.xlsx)', 'Download trendgrafiek (.png)']);
    const afterCsv = await press(karin, card, 'Download CSV', activityId);
    expect(cardText(afterCsv)).toContain('Cijfers Mijnstreek, 2026-Q4');
    expect(cardText(afterCsv)).toMatch(/CSV \(cijfers-Mijnstreek-2026-Q4\.csv\): de link hieronder werkt één keer, tot .+\. Stuur hem niet door\./);
    expect(cardText(afterCsv)).toContain('[CSV openen]');
    expect(downloadButtons(afterCsv)).toEqual(['Download CSV', 'Download Excel (.xlsx)', 'Download trendgrafiek (.png)']);
    const csv = await fetch(oneTimeLink(afterCsv));
    expect(csv.headers.get('content-disposition')).toContain('.csv');

    // Excel from the card as it now stands: the CSV was fetched, so it is no longer offered.
    const afterExcel = await press(karin, afterCsv, 'Download Excel (.xlsx)', activityId);
    expect(downloadButtons(afterExcel)).toEqual(['Download Excel (.xlsx)', 'Download trendgrafiek (.png)']);
    expect(cardText(afterExcel)).toContain('Al opgehaald of verlopen: CSV.');
    expect(cardText(afterExcel)).toContain('[Excel (.xlsx) openen]');
    expect(cardText(afterExcel)).not.toContain('CSV openen');
    const xlsx = await fetch(oneTimeLink(afterExcel));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('.xlsx');
    const afterChart = await press(karin, afterExcel, 'Download trendgrafiek (.png)', activityId);
    expect((await fetch(oneTimeLink(afterChart))).headers.get('content-type')).toBe('image/png');
  });

  it('keeps the kassier’s Excel file on the card after the CSV was fetched, and audits each press', async () => {
    await karin.say('export tapas 2026-11');
    const { card, activityId } = karin.lastCard();
    const afterCsv = await press(karin, card, 'Download CSV', activityId);
    expect((await fetch(oneTimeLink(afterCsv))).status).toBe(200);
    // The CSV's button stays until it is pressed again: then it says the CSV is gone and still offers Excel.
    const again = await press(karin, afterCsv, 'Download CSV', activityId);
    expect(cardText(again)).toContain('Deze download is verlopen of al opgehaald.');
    expect(downloadButtons(again)).toEqual(['Download Excel (.xlsx)']);
    expect(JSON.stringify(again)).not.toContain('/downloads?token=');
    const afterExcel = await press(karin, again, 'Download Excel (.xlsx)', activityId);
    expect((await fetch(oneTimeLink(afterExcel))).status).toBe(200);
    const audited: string[] = [];
    for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === 'download.link') audited.push(`${entry.actorId} ${entry.result} ${entry.detail ?? ''}`);
    expect(audited).toEqual(['karin-bosch toegestaan tapas-mijnstreek-november-2026.csv', 'karin-bosch geweigerd gone', 'karin-bosch toegestaan tapas-mijnstreek-november-2026.xlsx']);
  });

  it('answers a redelivered download press with the files still waiting, and makes no second link', async () => {
    await karin.say('export kpi 2026-Q4');
    const { card, activityId } = karin.lastCard();
    const button = card.actions[0];
    const invoke = karin.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: button.verb, data: button.data }, trigger: 'manual' }, replyToId: activityId });
    const first = (await karin.post(invoke)).body.value;
    const again = (await karin.post(invoke)).body.value;
    expect(oneTimeLink(first)).toContain('/downloads?token=');
    expect(JSON.stringify(again)).not.toContain('/downloads?token=');
    expect(downloadButtons(again)).toEqual(['Download CSV', 'Download Excel (.xlsx)', 'Download trendgrafiek (.png)']);
  });

  it('does not show another user the other files of an export', async () => {
    await karin.say('export kpi 2026-Q4');
    const button = karin.lastCard().card.actions[1];
    const refused = await harness.user('lars-wouters').press(button.verb, button.data);
    expect(cardText(refused)).toBe('Deze download is niet voor u.');
  });

  it('works once', async () => {
    const [csvUrl] = await linksFor(karin, 'export tapas 2026-11');
    expect((await fetch(csvUrl!)).status).toBe(200);
    expect((await fetch(csvUrl!)).status).toBe(410);
  });

  it('stops working after two minutes', async () => {
    const [csvUrl] = await linksFor(karin, 'export tapas 2026-11');
    harness.clock.advanceMinutes(3);
    const response = await fetch(csvUrl!);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('verlopen');
  });

  it('gives the link only to the person the export was made for', async () => {
    await karin.say('export tapas 2026-11');
    const button = karin.lastCard().card.actions[0];
    const lars = harness.user('lars-wouters');
    const refused = await lars.press(button.verb, button.data);
    expect(cardText(refused)).toBe('Deze download is niet voor u.');
    expect(JSON.stringify(refused)).not.toContain('/downloads?token=');
    // Karin can still fetch it; after ten minutes nobody can.
    harness.clock.advanceMinutes(11);
    expect(cardText(await karin.press(button.verb, button.data))).toContain('verlopen of al opgehaald');
  });

  it('refuses a link whose token was altered', async () => {
    const [csvUrl] = await linksFor(karin, 'export tapas 2026-11');
    const tampered = csvUrl!.replace(/\.([^.]+)$/, (_m, signature: string) => `.${signature.slice(0, -2)}xx`);
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('is for coordinators of a TAPA$ region: not for a generalist, and not for another region', async () => {
    const gp = harness.user('anna-de-vries');
    await gp.say('export tapas 2026-11');
    expect(gp.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
    const bea = harness.user('bea-jonker');
    await bea.say('export tapas 2026-11');
    expect(bea.messages().at(-1)).toBe('Drenthe & Steenwijkerland declareert niet via TAPA$; er is geen kassiersexport.');
  });

  it('exports the statistics figures as a table, with a chart of the quarterly trend to look at', async () => {
    const [csvUrl, , pngUrl] = await linksFor(karin, 'export kpi 2026-Q4');
    const png = Buffer.from(await (await fetch(pngUrl!)).arrayBuffer());
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(png.length).toBeGreaterThan(5000);
    // Saved for a person to look at: var/test-artifacts/trend.png
    mkdirSync('var/test-artifacts', { recursive: true });
    writeFileSync('var/test-artifacts/trend.png', png);
    const text = await (await fetch(csvUrl!)).text();
    expect(text).toContain('Kerncijfers;Aangevraagd;<5');
    // Two contacts in all: the whole distribution is hidden.
    expect(text).toContain('Contacten per TAPA$-prestatie;2a Telefonisch;verborgen');
    // In the order of the payment titles, not as JavaScript orders object keys.
    const titles = text.split('\r\n').filter((line) => line.startsWith('Contacten per TAPA$-prestatie;')).map((line) => line.split(';')[1]);
    expect(titles).toEqual(['1 Coördinatie', '2a Telefonisch', '2b Bedside', '3 Regiefunctie', 'Geen prestatie']);
    expect(text).toContain('Definitie;;');
  });
});
