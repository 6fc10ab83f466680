import type { Application } from '@microsoft/teams-ai';
import { actionsFor, type Action } from '../domain/permissions.js';
import type { Role } from '../domain/network.js';
import { personOf, unknownPersonWelcome, type BotDependencies } from './context.js';
import { cardAttachment, renderCard } from './cards.js';

export const HELP_COMMAND = /^\s*(help|hulp|\?)\s*$/i;

const ROLE_LABELS: Record<Role, string> = {
  generalist: 'generalist',
  specialist: 'specialist PZ',
  coordinator: 'netwerkcoördinator',
  admin: 'beheerder',
};

/** The chat commands behind each permitted action, as shown in the help card. */
const COMMANDS: Record<Action, { command: string; description: string }[]> = {
  'consult.request': [
    { command: 'consult', description: 'Een consult aanvragen bij de dienstdoende specialist PZ' },
    { command: 'of uw vraag in eigen woorden', description: 'Bijv. "mw 84 thuis, veel pijn ondanks oxycodon, graag vandaag terugbellen": het formulier staat klaar, ingevuld; u controleert en verstuurt' },
  ],
  'consult.respond': [{ command: 'Accepteren / Weigeren', description: 'Op de kaart van een aangeboden consult' }],
  'consult.close': [{ command: 'afronden C-XXXX', description: 'Een geaccepteerd consult afronden en de contacten registreren (TAPA$)' }],
  'consult.relay': [{ command: 'C-XXXX: uw bericht', description: 'Een bericht sturen binnen een lopend consult (zonder referentie als u er één heeft)' }],
  'consult.list': [
    { command: 'consulten', description: 'Uw lopende consulten en die van de afgelopen 90 dagen, met het advies' },
    { command: 'consult C-XXXX', description: 'Eén consult waaraan u deelnam, ook een afgerond' },
  ],
  'roster.view': [{ command: 'rooster', description: 'Wie heeft nu dienst en wie daarna, per subregio en ANW-pool' }],
  'roster.gaps': [{ command: 'rooster gaten', description: 'Uren zonder dienstdoende specialist in de komende 14 dagen' }],
  'roster.away': [
    { command: 'afwezig tot vrijdag 17:00, vervanger Naam', description: 'Afwezig melden, met of zonder vervanger; ook "geen consulten tot 3 december 12:00"' },
    { command: 'weer beschikbaar', description: 'Uw afwezigheid eerder beëindigen' },
    { command: 'overdracht: uw notitie', description: 'Een notitie voor wie na u dienst heeft, bij de volgende wissel' },
  ],
  'roster.swap': [{ command: 'rooster ruilen', description: 'Een dienst door een collega van hetzelfde rooster laten overnemen' }],
  'roster.approve': [{ command: 'Goedkeuren / Afkeuren', description: 'Op de kaart van een dienstruil die uw goedkeuring nodig heeft' }],
  'acp.view': [{ command: 'acp C-XXXX', description: 'Het PZP/ACP van de patiënt van een consult: behandelgrenzen, wensen, contactpersoon' }],
  'acp.import': [
    { command: 'acp importeren [eigen patiëntnummer]', description: 'Stuur een FHIR-bestand (PZP/ACP) mee om het in te lezen' },
    { command: 'acp exporteren C-XXXX', description: 'Het ACP als FHIR-vragenlijst, terug naar het HIS' },
  ],
  'outcome.register': [{ command: 'overlijden registreren', description: 'Datum, plaats en niet-onverwacht, voor de kwaliteitscijfers (KPI 19, 23, 28, 29)' }],
  'stats.view': [{ command: 'statistiek [periode] [subregio]', description: 'Consultatiecijfers, bijv. "statistiek 2026-Q3" of "statistiek vorige maand Westelijke Mijnstreek"' }],
  'export.tapas': [{ command: 'export tapas <maand>', description: 'TAPA$-contacten voor de kassier als CSV en Excel, bijv. "export tapas 2026-10"' }],
  'export.kpi': [{ command: 'export kpi <kwartaal>', description: 'De cijfers van statistiek als CSV en Excel, bijv. "export kpi 2026-Q3"' }],
  'audit.verify': [{ command: 'audit verifiëren', description: 'Controleren dat de audittrail niet is gewijzigd of ingekort' }],
  'audit.patient': [{ command: 'audit patiënt P-… of C-…', description: 'Wie zag of wijzigde wat bij één patiënt' }],
  'mdo.view': [
    { command: 'mdo', description: 'Uw komende MDO-PZ’s; "mdo M-XXXX" opent de kaart met agenda, deelnemers en uitkomsten' },
    { command: 'M-XXXX: uw bericht', description: 'Een bericht aan alle deelnemers van een MDO' },
  ],
  'mdo.plan': [
    { command: 'mdo plannen', description: 'Een MDO-PZ (eenmalig of terugkerend) plannen voor uw kernteam' },
    { command: 'mdo kanaal koppelen', description: 'In het Teams-kanaal van uw kernteam (als voorzitter): elk MDO daar als draad, zonder patiëntgegevens' },
  ],
  'mdo.agenda': [{ command: 'mdo agenderen', description: 'Een patiënt op het eerstvolgende MDO van uw kernteam zetten' }],
};

export function registerHelp(app: Application, deps: BotDependencies): void {
  app.message(HELP_COMMAND, async (context) => {
    const person = personOf(context, deps.directory);
    if (!person) {
      await context.sendActivity(unknownPersonWelcome(deps.directory));
      return;
    }
    const commands = [
      ...actionsFor(person.role).flatMap((action) => COMMANDS[action]),
      { command: 'help', description: 'Dit overzicht' },
    ];
    const card = renderCard('help', { name: person.name, roleLabel: ROLE_LABELS[person.role], commands });
    await context.sendActivity({ attachments: [cardAttachment(card)] });
  });
}
