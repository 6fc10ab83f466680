import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod/v4';
import { mayView, type MdoMeeting, type MdoRefusal } from '../domain/mdo.js';
import type { Person } from '../domain/network.js';
import { cardAction, type ActionOutcome } from './cardActions.js';
import { channelRoster } from './channelRoster.js';
import { personOf, UNKNOWN_PERSON, type BotDependencies } from './context.js';

/**
 * MDO-PZ in the kernteam's Teams channel: `mdo kanaal koppelen`, and the buttons on a meeting's
 * thread card. Whatever the bot answers here the whole channel may read, so it never names a
 * patient: a button answers the person who pressed it only, with a short text.
 */

export const MDO_LINK_CHANNEL = /^\s*mdo kanaal koppelen(?:\s+([a-z0-9][a-z0-9-]*))?\s*$/i;
/** The thread card's buttons, the only card actions a channel accepts. */
export const THREAD_VERB = /^mdo\.thread\./;

const ChannelActivitySchema = z.object({
  conversation: z.object({ id: z.string().min(1), conversationType: z.literal('channel') }),
  channelData: z.object({ team: z.object({ id: z.string().min(1) }), channel: z.object({ id: z.string().min(1) }) }),
});

/** The team and channel a channel activity came from; undefined outside a team channel. */
function channelOf(activity: Partial<Activity>) {
  const parsed = ChannelActivitySchema.safeParse(activity);
  return parsed.success ? { teamId: parsed.data.channelData.team.id, channelId: parsed.data.channelData.channel.id, conversationId: parsed.data.conversation.id } : undefined;
}

/** Whether this channel message is a reply in the thread of an MDO: the meeting's discussion, which the bot leaves alone. */
export async function isMdoThreadReply(context: TurnContext, deps: Pick<BotDependencies, 'mdoChannels'>): Promise<boolean> {
  const channel = channelOf(context.activity);
  const root = channel && /;messageid=(.+)$/.exec(channel.conversationId)?.[1];
  return Boolean(root && (await deps.mdoChannels.threadOf(channel.channelId, root)));
}

const MeetingData = z.object({ meetingId: z.string().min(1).max(200) });
const NOT_VISIBLE = 'Dit MDO bestaat niet of u neemt er niet aan deel; patiëntgegevens ervan ziet u niet. Er is niets gewijzigd.';

export function registerMdoChannelHandlers(app: Application, deps: BotDependencies): void {
  const { directory, store, mdo, mdoNotifier, mdoChannels } = deps;

  app.message(MDO_LINK_CHANNEL, async (context) => {
    const person = personOf(context, directory);
    if (!person) {
      await context.sendActivity(UNKNOWN_PERSON);
      return;
    }
    const channel = channelOf(context.activity);
    if (!channel) {
      await context.sendActivity('Koppel het kanaal vanuit het kanaal zelf: voeg PZ-Consultbot toe aan het team en typ in het kanaal "@PZ-Consultbot mdo kanaal koppelen".');
      return;
    }
    let roster: string[];
    try {
      roster = await channelRoster(context, channel.channelId);
    } catch (error) {
      deps.logger.warn({ err: { message: (error as Error).message } }, 'channel roster unavailable');
      await deps.audit.record({ context, person }, 'mdo.channel', 'geweigerd', { detail: 'ledenlijst niet beschikbaar' });
      await context.sendActivity('Ik kon de leden van dit kanaal niet opvragen, dus is er niets gekoppeld. Probeer het over een paar minuten opnieuw.');
      return;
    }
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
    const address = { ...reference, conversation: { ...reference.conversation, id: channel.channelId } };
    const requested = MDO_LINK_CHANNEL.exec(context.activity.text ?? '')?.[1];
    const outcome = await mdoChannels.link(person, requested, { teamId: channel.teamId, channelId: channel.channelId, address }, roster.map((aad) => directory.personByAadObjectId(aad)?.id));
    await deps.audit.record({ context, person }, 'mdo.channel', outcome.ok ? 'toegestaan' : 'geweigerd', { detail: outcome.ok ? outcome.kernteam.id : outcome.refusal.code });
    if (!outcome.ok) {
      await context.sendActivity(`${outcome.refusal.message} Er is niets gekoppeld.`);
      return;
    }
    const { kernteam, membership } = outcome;
    const names = (ids: string[]) => ids.map((id) => directory.person(id)?.name ?? id).join(', ');
    const lines = [
      `Dit kanaal is gekoppeld aan het MDO-PZ van ${kernteam.name}. Elk MDO krijgt hier een eigen draad met datum, tijd, plaats, voorzitter, deelnemers en de agenda zonder patiëntgegevens; reacties in de draad zijn de bespreking.`,
      `In dit kanaal: ${names(membership.inChannel)}.`,
      membership.notInChannel.length > 0 ? `Niet in dit kanaal, zij houden de MDO-kaart in hun 1-op-1-chat: ${names(membership.notInChannel)}.` : 'Alle leden van het kernteam zijn in dit kanaal.',
      membership.outsiders > 0 ? `${membership.outsiders === 1 ? 'Eén lid' : `${membership.outsiders} leden`} van dit kanaal ${membership.outsiders === 1 ? 'is' : 'zijn'} geen lid van het kernteam: zij zien de draad, nooit patiëntgegevens.` : '',
    ];
    await context.sendActivity(lines.filter(Boolean).join('\n\n'));
  });

  /** A thread button's answer: a text for the person who pressed it, never a card that would replace the thread card. */
  const answer = (text: string, outcome: Partial<ActionOutcome> = {}): ActionOutcome => ({ card: text, ...outcome });
  const afterChange = (done: (meeting: MdoMeeting) => string) => (outcome: { ok: true; meeting: MdoMeeting } | { ok: false; refusal: MdoRefusal }) =>
    outcome.ok ? answer(done(outcome.meeting), { detail: outcome.meeting.ref }) : answer(`${outcome.refusal.message} Er is niets gewijzigd.`, { result: 'geweigerd', detail: outcome.refusal.code });
  const current = async (_person: Person, data: { meetingId: string }) => answer('Deze actie is al ontvangen en verwerkt.', { detail: data.meetingId });
  const threadAction = (verb: string, handle: (context: TurnContext, person: Person, data: { meetingId: string }) => Promise<ActionOutcome>) =>
    cardAction(app, deps, verb, 'mdo.view', MeetingData, handle, current);

  threadAction('mdo.thread.join', async (_context, person, data) => afterChange((m) => `U neemt deel aan MDO ${m.ref}.`)(await mdo.join(person, data.meetingId)));
  threadAction('mdo.thread.leave', async (_context, person, data) => afterChange((m) => `U bent afgemeld voor MDO ${m.ref}.`)(await mdo.leave(person, data.meetingId)));
  threadAction('mdo.thread.details', async (_context, person, data) => {
    const meeting = await store.mdo.meeting(data.meetingId);
    const kernteam = meeting && directory.kernteam(meeting.kernteamId);
    if (!meeting || !kernteam || !mayView(meeting, kernteam, person.id)) return answer(NOT_VISIBLE, { result: 'geweigerd', detail: 'geen deelnemer' });
    if (!(await mdoNotifier.postMeetingCard(meeting, person.id))) {
      return answer('Open eerst uw 1-op-1-chat met PZ-Consultbot (Apps, PZ-Consultbot, Toevoegen); daarna stuur ik de agenda met patiëntgegevens daarheen.', { result: 'geweigerd', detail: 'geen 1-op-1-chat' });
    }
    return answer(`De agenda van MDO ${meeting.ref} met patiëntgegevens staat nu in uw 1-op-1-chat met PZ-Consultbot.`, { detail: meeting.ref });
  });
}

/** Whether a turn in a team channel is one the bot handles there: linking the channel or a thread card button. */
export function handledInChannel(context: TurnContext): boolean {
  const { type, text, name, value } = context.activity;
  if (type === ActivityTypes.Message) return MDO_LINK_CHANNEL.test(text ?? '');
  const verb = (value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return type === ActivityTypes.Invoke && name === 'adaptiveCard/action' && typeof verb === 'string' && THREAD_VERB.test(verb);
}
