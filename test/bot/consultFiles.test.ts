import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/services/retention.js';
import { AttachmentHost } from '../support/attachmentHost.js';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/** Files as Teams serves attachments: a pre-authorised download URL on a host of its own. */
const files: Record<string, Buffer> = {
  'medicatie.pdf': Buffer.from('%PDF-1.4 medicatieoverzicht'),
  'wond.jpg': Buffer.alloc(2 * 1024 * 1024, 1),
  'scan.pdf': Buffer.alloc(11 * 1024 * 1024, 1),
};
const attachments = new AttachmentHost(files);
beforeAll(() => attachments.start());
afterAll(() => attachments.stop());

let harness: BotUnderTest;
afterEach(async () => {
  await harness.stop();
  attachments.requested.length = 0;
});

async function start() {
  harness = await BotUnderTest.start({ env: { ATTACHMENT_HOSTS: '127.0.0.1' } });
  const [gp, els] = [harness.user('anna-de-vries'), harness.user('els-vermeulen')];
  await Promise.all([gp.install(), els.install()]);
  return { gp, els };
}

/** Sends a file in the 1:1 chat as Teams does: a download-info attachment beside the text. */
async function sendFile(user: TeamsUser, name: string, text = '', host = attachments.url) {
  await user.post(
    user.activity({
      type: 'message',
      text,
      attachments: [
        { contentType: 'text/html', content: `<p>${text}</p>` },
        { contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${host}/${name}`, fileType: name.split('.').pop() } },
      ],
    }),
  );
}

async function fileAudit() {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === 'consult.file' || entry.action === 'consult.supplement') found.push(`${entry.actorId} ${entry.action} ${entry.result} ${entry.detail ?? ''}`.trim());
  return found;
}

describe('files within a consult', () => {
  it('passes a file sent during the conversation on to the other party as a link, and audits it', async () => {
    const { gp, els } = await start();
    const { consult } = await gp.requestConsult();
    await els.press('consult.accept', { consultId: consult.id });
    await sendFile(gp, 'medicatie.pdf', 'het actuele medicatieoverzicht');

    expect(gp.messages().at(-1)).toBe(`Uw bestand is doorgestuurd binnen consult ${consult.ref}.`);
    expect(els.messages().at(-1)).toBe(`[${consult.ref}] Anna de Vries stuurt een bestand: het actuele medicatieoverzicht\n\n📎 [medicatie.pdf](${attachments.url}/medicatie.pdf)`);
    expect(await fileAudit()).toEqual(['anna-de-vries consult.file toegestaan bestand doorgestuurd']);

    await sendFile(els, 'wond.jpg');
    expect(gp.messages().at(-1)).toBe(`[${consult.ref}] Els Vermeulen stuurt een bestand: 📎 [wond.jpg](${attachments.url}/wond.jpg)`);
  });

  it('refuses a file from a host that is not allowed without fetching it, and one over 10 MB', async () => {
    const { gp, els } = await start();
    const { consult } = await gp.requestConsult();
    await els.press('consult.accept', { consultId: consult.id });
    const before = els.messages().length;

    await sendFile(gp, 'medicatie.pdf', '', 'https://files.example.com');
    expect(gp.messages().at(-1)).toBe('Het bestand is niet doorgestuurd en niet bewaard. Het komt niet van een toegestane bron.');
    await sendFile(gp, 'scan.pdf');
    expect(gp.messages().at(-1)).toBe('Het bestand is niet doorgestuurd en niet bewaard. Het bestand is groter dan 10 MB.');

    expect(els.messages()).toHaveLength(before);
    expect(attachments.requested).toEqual(['/scan.pdf']);
    expect((await harness.bot.store.consults.get(consult.id))!.messages).toEqual([]);
    expect(await fileAudit()).toEqual([
      'anna-de-vries consult.file geweigerd bijlage van een niet-toegestane bron',
      'anna-de-vries consult.file geweigerd bijlage te groot of niet op te halen',
    ]);
  });

  it('adds a file to a waiting request, for the specialist deciding on it', async () => {
    const { gp, els } = await start();
    const { consult } = await gp.requestConsult();
    await sendFile(gp, 'medicatie.pdf', 'Aanvulling: medicatielijst');
    expect(els.messages().at(-1)).toBe(`[${consult.ref}] Aanvulling van Anna de Vries op de aanvraag: medicatielijst\n\n📎 [medicatie.pdf](${attachments.url}/medicatie.pdf)`);
    expect(cardText(els.currentCard(els.cards()[0]!.activityId))).toContain('📎 [medicatie.pdf]');
    expect(await fileAudit()).toEqual(['anna-de-vries consult.supplement toegestaan met bestand']);
  });

  it('keeps the link no longer than the consult’s retention', async () => {
    const { gp, els } = await start();
    const { consult } = await gp.requestConsult();
    await els.press('consult.accept', { consultId: consult.id });
    await sendFile(gp, 'medicatie.pdf');
    await els.closeConsult(consult.id, { contact1Form: 'telefonisch', contact1Minutes: '10', outcome: 'advies', adviceSummary: 'Medicatie is passend.' });
    await purgeExpired(harness.bot.store, 730, new Date(Date.parse('2026-11-23T12:00:00Z') + 731 * 86_400_000));
    expect(JSON.stringify(await harness.bot.store.consults.get(consult.id))).not.toContain('medicatie.pdf');
  });

  it('tells someone without a consult that the file was not passed on', async () => {
    const { gp } = await start();
    await sendFile(gp, 'medicatie.pdf');
    expect(gp.messages().at(-1)).toBe('Het bestand is niet doorgestuurd: u heeft geen lopend consult om het bij te plaatsen.');
    expect(attachments.requested).toEqual([]);
  });
});
