import { Application, type TeamsAdapter } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { may, type Action } from '../domain/permissions.js';
import type { Router } from '../domain/routing.js';
import type { ConsultService } from '../services/consultService.js';
import type { AuditTrail } from '../store/auditLog.js';
import type { ChannelAddress, Store } from '../store/store.js';
import { registerAuditHandlers } from './auditHandlers.js';
import type { BotAudit } from './botAudit.js';
import { registerConsultHandlers } from './consultHandlers.js';
import { registerHelp } from './helpHandler.js';
import { registerRosterHandlers } from './rosterHandlers.js';
import { RecentIds } from './recentIds.js';
import type { TeamsNotifier } from './teamsNotifier.js';

export interface BotDependencies {
  adapter: TeamsAdapter;
  botAppId: string;
  store: Store;
  directory: NetworkDirectory;
  router: Router;
  consults: ConsultService;
  notifier: TeamsNotifier;
  clock: () => Date;
  audit: BotAudit;
  auditTrail: AuditTrail;
  logger: Logger;
}

export const UNKNOWN_PERSON =
  'U bent (nog) niet bekend in het palliatieve netwerk. Vraag uw netwerkcoördinator om u toe te voegen; daarna kunt u de bot gebruiken.';

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

/** The Teams AI application: it only wires handlers; the consult loop itself lives in the services. */
export function createBotApplication(deps: BotDependencies): Application {
  const app = new Application({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  // Every turn from a known person refreshes how the bot can reach them later, so specialists
  // who installed the bot but never wrote to it can still receive offers.
  // The Bot Framework redelivers an activity when it saw no answer in time. A message seen in
  // the last hour is not handled again (card actions are safe to repeat by themselves).
  const recentMessages = new RecentIds(60 * 60_000, 10_000);
  app.turn('beforeTurn', async (context) => {
    const { type, id } = context.activity;
    if (type === ActivityTypes.Message && id && recentMessages.seen(id, deps.clock().getTime())) return false;
    await rememberAddress(context, deps);
    return true;
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const person = personOf(context, deps.directory);
    const botWasAdded = context.activity.membersAdded?.some((member) => member.id === context.activity.recipient.id);
    if (!botWasAdded) return;
    await context.sendActivity(
      person
        ? `Welkom ${person.name}. Ik ben de PZ-Consultbot van het palliatieve netwerk. Typ 'help' om te zien wat u kunt doen.`
        : UNKNOWN_PERSON,
    );
  });
  app.activity(ActivityTypes.InstallationUpdate, async () => {
    // Nothing to say: the address was stored in beforeTurn, and Teams shows its own install message.
  });

  registerHelp(app, deps);
  registerRosterHandlers(app, deps);
  registerAuditHandlers(app, deps);
  registerConsultHandlers(app, deps);

  app.error(async (context, error) => {
    deps.logger.error({ err: { message: error.message, stack: error.stack }, activityType: context.activity.type }, 'unhandled turn error');
    await context.sendActivity('Er ging iets mis bij het verwerken van uw bericht. Er is niets gewijzigd; probeer het opnieuw.');
  });
  return app;
}

async function rememberAddress(context: TurnContext, deps: BotDependencies): Promise<void> {
  const person = personOf(context, deps.directory);
  const conversationType = context.activity.conversation?.conversationType;
  if (!person || (conversationType && conversationType !== 'personal')) return;
  // The reference minus the triggering activity's id: it stays the same from turn to turn.
  const { activityId: _activityId, ...address } = TurnContext.getConversationReference(context.activity);
  const known = deps.store.channelAddress(person.id);
  if (known && JSON.stringify(known) === JSON.stringify(address)) return;
  await deps.store.saveChannelAddress(person.id, address as ChannelAddress);
}
