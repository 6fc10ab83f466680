import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { messageProblem } from '../domain/consult.js';
import { may, type Action } from '../domain/permissions.js';
import type { Router } from '../domain/routing.js';
import type { DownloadDesk } from '../reports/downloads.js';
import type { AcpService } from '../services/acpService.js';
import type { ConsultService } from '../services/consultService.js';
import type { MdoChannels } from '../services/mdoChannels.js';
import type { MdoService } from '../services/mdoService.js';
import type { AuditTrail } from '../store/auditLog.js';
import type { Storage } from '../store/store.js';
import type { BotAudit } from './botAudit.js';
import type { Deliveries } from './deliveries.js';
import type { TeamsMdoNotifier } from './mdoNotifier.js';
import type { ModelAssistant } from './modelAssistant.js';
import type { TeamsNotifier } from './teamsNotifier.js';
import type { RosterDuties } from './rosterDuties.js';

/** What every handler may use, and the few helpers they share. */

export interface BotDependencies {
  adapter: TeamsAdapter;
  botAppId: string;
  store: Storage;
  directory: NetworkDirectory;
  router: Router;
  /** Brings the router's imported rosters up to date (an import by the command line counts at once). */
  refreshRouting: () => Promise<void>;
  consults: ConsultService;
  notifier: TeamsNotifier;
  /** The roster's hand-over and warning chains, re-planned when a swap moves a shift. */
  duties: RosterDuties;
  mdo: MdoService;
  mdoNotifier: TeamsMdoNotifier;
  mdoChannels: MdoChannels;
  clock: () => Date;
  audit: BotAudit;
  /** Tells a redelivered activity from a new one, so each is handled once. */
  deliveries: Deliveries;
  auditTrail: AuditTrail;
  downloads: DownloadDesk;
  /** Keys the patient pseudonym, so a registration finds the same patient as the consult form. */
  patientRefSecret: string;
  acps: AcpService;
  /** Hosts an attached ACP file may be fetched from. */
  attachmentHosts: readonly string[];
  /** Local mode only: a file server on loopback over plain http is accepted too (for development and tests). */
  attachmentsFromLoopback: boolean;
  acpMaxAgeMonths: number;
  /** The optional language model; absent unless the network configured an allowed one. */
  modelAssistant?: ModelAssistant;
  /** Where users' browsers reach the server, for download links. */
  publicBaseUrl: () => string;
  logger: Logger;
}

export const UNKNOWN_PERSON =
  'U bent (nog) niet bekend in het palliatieve netwerk. Vraag uw netwerkcoördinator om u toe te voegen; daarna kunt u de bot gebruiken.';

/**
 * For someone the network does not know, on first contact: not knowing them must not leave a patient without help, so
 * every region's 24/7 number is named.
 */
export function unknownPersonWelcome(directory: NetworkDirectory): string {
  const numbers = directory.regions.map((region) => region.fallback.instruction).join(' ');
  return `${UNKNOWN_PERSON}${numbers ? ` Een dringende vraag over een patiënt? ${numbers}` : ''}`;
}

/** The network member behind this activity, by their Entra object id; never by what they type. */
export function personOf(context: TurnContext, directory: NetworkDirectory): Person | undefined {
  return directory.personByAadObjectId(context.activity.from?.aadObjectId);
}

export const NOT_ALLOWED = 'Dit mag u in uw rol niet doen.';
export const UNKNOWN_COMMAND = "Dat commando ken ik niet. Typ 'help' om te zien wat u kunt doen.";

/** The sender, when known and allowed this action; otherwise they are told why not, in Dutch. */
export async function permittedPerson(
  context: TurnContext,
  deps: Pick<BotDependencies, 'directory' | 'audit'>,
  action: Action,
  denial: string = NOT_ALLOWED,
): Promise<Person | undefined> {
  const person = personOf(context, deps.directory);
  if (person && may(person.role, action)) return person;
  await deps.audit.record({ context, ...(person ? { person } : {}) }, action, 'geweigerd', { detail: person ? 'rol' : 'onbekende gebruiker' });
  await context.sendActivity(person ? denial : UNKNOWN_PERSON);
  return undefined;
}

/**
 * Refuses chat text that may be neither relayed nor stored (a BSN-like number, too long) before
 * any handler uses it: the sender is told why, the audit trail records the refusal (never the text).
 */
export async function refusedText(context: TurnContext, deps: Pick<BotDependencies, 'audit'>, person: Person, action: string, text: string): Promise<boolean> {
  const problem = messageProblem(text);
  if (!problem) return false;
  await deps.audit.record({ context, person }, action, 'geweigerd', { detail: problem.code });
  await context.sendActivity(problem.message);
  return true;
}
