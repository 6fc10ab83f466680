import { mkdirSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toCsv, toXlsx, type Table } from '../../src/reports/spreadsheet.js';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

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
      links.push(linkCard.actions[0].url);
    }
    return links;
  }

  it('gives a CSV with one row per contact, naming the specialist, with pseudonym and local number but no BSN or name', async () => {
    const [csvUrl, xlsxUrl] = await linksFor(karin, 'export tapas 2026-11');
    expect(cardText(karin.lastCard().card)).toContain('2 patiëntgebonden contacten');
    expect(cardText(karin.lastCard().card)).toContain('[Download CSV (puntkomma-gescheiden, opent in Excel)]');
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
