import type { Application } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { AcpRecord } from '../domain/acpAccess.js';
import type { Person } from '../domain/network.js';
import { listExportLosses } from '../fhir/exportLosses.js';
import { exportQuestionnaireResponse } from '../fhir/exportQuestionnaireResponse.js';
import { MAX_ACP_TEXT_BYTES } from '../fhir/importAcp.js';
import { ACP_NOT_AVAILABLE } from '../services/acpService.js';
import { acpCardData } from './acpView.js';
import { attachmentUrl, fetchLimited, isAllowedHost } from './attachments.js';
import { cardAttachment, renderCard } from './cards.js';
import { permittedPerson, type BotDependencies } from './context.js';
import { downloadCardData } from './downloadView.js';

export const ACP_VIEW = /^\s*acp\s+(?!importeren\b|exporteren\b)(\S+)\s*$/i;
export const ACP_IMPORT = /^\s*acp\s+importeren\b\s*(\S*)\s*$/i;
export const ACP_EXPORT = /^\s*acp\s+exporteren\s+(\S+)\s*$/i;

/** Sends the ACP card to this person and records that they saw it. */
export async function showAcp(context: TurnContext, person: Person, record: AcpRecord, deps: BotDependencies, why: string): Promise<void> {
  await deps.audit.record({ context, person }, 'acp.view', 'toegestaan', { detail: why, patientRef: record.patientRef });
  const card = renderCard('acp-summary', acpCardData(record, deps.clock(), deps.acpMaxAgeMonths));
  await context.sendActivity({ attachments: [cardAttachment(card)] });
}

export function registerAcpHandlers(app: Application, deps: BotDependencies): void {
  const { acps } = deps;

  app.message(ACP_VIEW, async (context) => {
    const person = await permittedPerson(context, deps, 'acp.view');
    if (!person) return;
    const { patientRef, record } = await acps.viewable(person, ACP_VIEW.exec(context.activity.text ?? '')![1]!);
    if (!record) {
      await deps.audit.record({ context, person }, 'acp.view', 'geweigerd', patientRef ? { patientRef } : {});
      await context.sendActivity(ACP_NOT_AVAILABLE);
      return;
    }
    await showAcp(context, person, record, deps, 'op verzoek');
  });

  app.message(ACP_IMPORT, async (context) => {
    const person = await permittedPerson(context, deps, 'acp.import');
    if (!person) return;
    const localNumber = ACP_IMPORT.exec(context.activity.text ?? '')![1] || undefined;
    const url = (context.activity.attachments ?? []).map(attachmentUrl).find(Boolean);
    if (!url) {
      await context.sendActivity('Stuur het ACP-bestand (FHIR JSON) mee als bijlage bij "acp importeren".');
      return;
    }
    if (!isAllowedHost(url, deps.attachmentHosts, deps.attachmentsFromLoopback)) {
      await deps.audit.record({ context, person }, 'acp.import', 'geweigerd', { detail: 'bijlage van een niet-toegestane bron' });
      await context.sendActivity('Deze bijlage komt niet van een toegestane bron en is niet opgehaald. Er is niets ingelezen.');
      return;
    }
    const file = await fetchLimited(url, MAX_ACP_TEXT_BYTES);
    const result = file.ok ? await acps.importText(person, file.text, localNumber, (context.activity.attachments?.[0]?.name ?? 'bijlage').slice(0, 100)) : { ok: false as const, problems: [file.problem] };
    if (!result.ok) {
      await deps.audit.record({ context, person }, 'acp.import', 'geweigerd', { detail: 'ongeldig bestand' });
      await context.sendActivity(`Het ACP is niet ingelezen; er is niets opgeslagen.\n\n${result.problems.map((p) => `- ${p}`).join('\n')}`);
      return;
    }
    const { record, warnings } = result;
    await deps.audit.record({ context, person }, 'acp.import', 'toegestaan', { patientRef: record.patientRef });
    const consent = { ja: 'ja: het wordt gedeeld met wie de patiënt behandelt', nee: 'nee: het wordt aan niemand getoond', onbekend: 'niet vastgelegd: het wordt aan niemand getoond tot dat bekend is' }[record.summary.akkoordMetDelen];
    const lines = [
      `ACP ingelezen voor ${record.summary.patient.initialen} (${record.summary.patient.geboortejaar}), patiëntreferentie ${record.patientRef}.`,
      `Toestemming om te delen: ${consent}.`,
      ...warnings.map((w) => `- Let op: ${w}`),
    ];
    await context.sendActivity(lines.join('\n\n'));
    if (record.summary.akkoordMetDelen === 'ja' && record.regiebehandelaarId === person.id) await showAcp(context, person, record, deps, 'na inlezen');
  });

  app.message(ACP_EXPORT, async (context) => {
    const person = await permittedPerson(context, deps, 'acp.import');
    if (!person) return;
    const { patientRef, record } = await acps.viewable(person, ACP_EXPORT.exec(context.activity.text ?? '')![1]!);
    if (!record) {
      await deps.audit.record({ context, person }, 'acp.export', 'geweigerd', patientRef ? { patientRef } : {});
      await context.sendActivity(ACP_NOT_AVAILABLE);
      return;
    }
    const json = Buffer.from(JSON.stringify(exportQuestionnaireResponse(record.summary, { authored: deps.clock().toISOString() }), null, 2));
    const offer = await deps.downloads.offer(person.id, { name: `acp-${record.patientRef}.json`, contentType: 'application/fhir+json', data: json });
    await deps.audit.record({ context, person }, 'acp.export', 'toegestaan', { patientRef: record.patientRef });
    const losses = listExportLosses(record.summary);
    const card = renderCard('download', downloadCardData({
      title: `ACP van ${record.summary.patient.initialen} (${record.summary.patient.geboortejaar}) als FHIR`,
      text: `Een QuestionnaireResponse volgens de IKNL-vragenlijst ACP-zib2020, om in te lezen in het HIS. ${losses.length > 0 ? `Niet alles past in de vragenlijst (${losses.length}); zie het bericht hierboven.` : 'Alles uit de samenvatting staat in het bestand.'}`,
      files: [{ fileId: offer.fileId, label: 'FHIR JSON' }],
    }, [offer]));
    if (losses.length > 0) await context.sendActivity(`Let op, dit gaat bij het exporteren verloren:\n\n${losses.map((loss) => `- ${loss}`).join('\n')}`);
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  });
}
