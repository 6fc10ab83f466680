import { isDeepStrictEqual } from 'node:util';
import { Application } from '@microsoft/teams-ai';
import { ActivityTypes, INVOKE_RESPONSE_KEY, TurnContext } from 'botbuilder';
import type { ChannelAddress } from '../store/store.js';
import { registerAcpHandlers } from './acpHandlers.js';
import { registerAuditHandlers } from './auditHandlers.js';
import { registerConsultHandlers } from './consultHandlers.js';
import { personOf, unknownPersonWelcome, type BotDependencies } from './context.js';
import { HELP_COMMAND, registerHelp } from './helpHandler.js';
import { registerRosterHandlers } from './rosterHandlers.js';
import { registerAvailabilityHandlers } from './availabilityHandlers.js';
import { registerSwapHandlers } from './swapHandlers.js';
import { registerExportHandlers } from './exportHandlers.js';
import { registerOutcomeHandlers } from './outcomeHandlers.js';
import { registerMdoHandlers } from './mdoHandlers.js';
import { handledInChannel, isMdoThreadReply, registerMdoChannelHandlers } from './mdoChannelHandlers.js';
import { registerStatisticsHandlers } from './statisticsHandlers.js';

/** The Teams AI application: it only wires handlers; the consult loop itself lives in the services. */
export function createBotApplication(deps: BotDependencies): Application {
  const app = new Application({
    adapter: deps.adapter,
    botAppId: deps.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  // The Bot Framework redelivers an activity when it saw no answer in time: a redelivered message
  // is not handled again (card actions answer a redelivery in cardAction). Every turn from a known
  // person refreshes how the bot can reach them later, so specialists who installed the bot but
  // never wrote to it can still receive offers.
  app.turn('beforeTurn', async (context) => {
    if (context.activity.type === ActivityTypes.Message && !(await deps.deliveries.isFirst(context))) return false;
    if (!(await onlyHelpOutsidePersonalChat(context, deps))) return false;
    await rememberAddress(context, deps);
    return true;
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const person = personOf(context, deps.directory);
    const botWasAdded = context.activity.membersAdded?.some((member) => member.id === context.activity.recipient.id);
    if (!botWasAdded) return;
    // A team channel is shared: no one is welcomed by name there, and consults belong in the 1:1 chat.
    if (context.activity.conversation?.conversationType === 'channel') {
      await context.sendActivity("PZ-Consultbot is aan dit team toegevoegd. Consulten en patiëntgegevens horen in uw 1-op-1-chat met de bot. In het kanaal van een kernteam kan de voorzitter 'mdo kanaal koppelen' typen.");
      return;
    }
    await context.sendActivity(
      person
        ? `Welkom ${person.name}. Ik ben de PZ-Consultbot van het palliatieve netwerk. Typ 'help' om te zien wat u kunt doen, of typ uw vraag over een patiënt in uw eigen woorden.`
        : unknownPersonWelcome(deps.directory),
    );
  });
  app.activity(ActivityTypes.InstallationUpdate, async () => {
    // Nothing to say: the address was stored in beforeTurn, and Teams shows its own install message.
  });

  registerHelp(app, deps);
  registerRosterHandlers(app, deps);
  registerAvailabilityHandlers(app, deps);
  registerSwapHandlers(app, deps);
  registerAuditHandlers(app, deps);
  registerAcpHandlers(app, deps);
  registerStatisticsHandlers(app, deps);
  registerExportHandlers(app, deps);
  registerOutcomeHandlers(app, deps);
  registerMdoHandlers(app, deps);
  registerMdoChannelHandlers(app, deps);
  registerConsultHandlers(app, deps);

  app.error(async (context, error) => {
    deps.logger.error({ err: { message: error.message, stack: error.stack }, activityType: context.activity.type }, 'unhandled turn error');
    // An invoke shows its answer where the user clicked; any other turn gets a chat message.
    if (context.activity.type === ActivityTypes.Invoke) await answerUnansweredInvoke(context, TURN_FAILED);
    else await context.sendActivity(TURN_FAILED);
  });
  return app;
}

const TURN_FAILED = 'Er ging iets mis bij het verwerken van uw bericht. Er is niets gewijzigd; probeer het opnieuw.';
export const UNKNOWN_ACTION = 'Deze actie kent PZ-Consultbot niet. Er is niets gewijzigd.';

/** Runs one turn; an invoke that no handler answered still gets an answer (never botbuilder's 501). */
export async function runBotTurn(app: Application, context: TurnContext): Promise<void> {
  await app.run(context);
  await answerUnansweredInvoke(context, UNKNOWN_ACTION);
}

/**
 * Answers an invoke that has no answer yet, in the shape its kind expects: a message for a card
 * action, task module or message extension, and 404 for any other invoke name.
 */
async function answerUnansweredInvoke(context: TurnContext, text: string): Promise<void> {
  const { type, name = '' } = context.activity;
  if (type !== ActivityTypes.Invoke || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  const value = name === 'adaptiveCard/action'
    ? { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } }
    : name.startsWith('task/')
      ? { status: 200, body: { task: { type: 'message', value: text } } }
      : name.startsWith('composeExtension/')
        ? { status: 200, body: { composeExtension: { type: 'message', text } } }
        : { status: 404 };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value });
}

export const PERSONAL_CHAT_ONLY = 'Consulten en patiëntgegevens horen in uw 1-op-1-chat met PZ-Consultbot. Open de chat met de bot om verder te gaan.';

/**
 * In a team channel or group chat everyone present would read what the bot answers, so there it
 * only explains itself, links a kernteam's channel and answers the buttons of MDO thread cards:
 * no forms, no patient data. Replies in an MDO thread are the meeting's discussion: no answer.
 */
async function onlyHelpOutsidePersonalChat(context: TurnContext, deps: BotDependencies): Promise<boolean> {
  const conversationType = context.activity.conversation?.conversationType;
  if (!conversationType || conversationType === 'personal') return true;
  const { type, text } = context.activity;
  if (handledInChannel(context)) return true;
  if (type === ActivityTypes.Message) {
    if (HELP_COMMAND.test(text ?? '')) return true;
    if (await isMdoThreadReply(context, deps)) return false;
    await context.sendActivity(PERSONAL_CHAT_ONLY);
    return false;
  }
  if (type === ActivityTypes.Invoke) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: PERSONAL_CHAT_ONLY } },
    });
    return false;
  }
  return true;
}

async function rememberAddress(context: TurnContext, deps: BotDependencies): Promise<void> {
  const person = personOf(context, deps.directory);
  const conversationType = context.activity.conversation?.conversationType;
  if (!person || (conversationType && conversationType !== 'personal')) return;
  // The reference minus the triggering activity's id: it stays the same from turn to turn.
  const { activityId: _activityId, ...address } = TurnContext.getConversationReference(context.activity);
  const known = await deps.store.channelAddresses.get(person.id);
  // Compared as values: PostgreSQL's jsonb hands the keys back in another order than they were saved.
  if (known && isDeepStrictEqual(known, address)) return;
  await deps.store.channelAddresses.save(person.id, address as ChannelAddress);
}
