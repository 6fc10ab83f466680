import { randomUUID } from 'node:crypto';
import type { BotUnderTest, TeamsUser } from './botUnderTest.js';
import type { ConnectorCall } from './connectorStandIn.js';

/**
 * A team channel as Teams delivers it: every activity carries the team and channel ids in
 * channelData, and a message either starts a new thread or replies in one (`;messageid=` of its
 * first message).
 */
export class TeamsChannel {
  constructor(
    private readonly harness: BotUnderTest,
    readonly channelId: string,
    readonly teamId: string,
  ) {}

  activity(user: TeamsUser, fields: Record<string, unknown>, threadId?: string) {
    const id = randomUUID();
    return user.activity({
      id,
      conversation: { id: `${this.channelId};messageid=${threadId ?? id}`, conversationType: 'channel', isGroup: true, tenantId: 'tenant-demo' },
      channelData: { tenant: { id: 'tenant-demo' }, team: { id: this.teamId, name: 'Palliatief team' }, channel: { id: this.channelId, name: 'MDO-PZ' } },
      ...fields,
    });
  }

  /** `user` writes in the channel, mentioning the bot as Teams requires; in the thread `threadId` when given. */
  async say(user: TeamsUser, text: string, threadId?: string): Promise<void> {
    const mention = { type: 'mention', text: '<at>PZ-Consultbot</at>', mentioned: { id: '28:pz-consultbot', name: 'PZ-Consultbot' } };
    const { status } = await user.post(this.activity(user, { type: 'message', text: `<at>PZ-Consultbot</at> ${text}`, entities: [mention] }, threadId));
    if (status !== 200) throw new Error(`channel message answered ${status}`);
  }

  /** `user` presses a button on the card in the channel message `activityId`; returns the invoke's answer (a card, or a text shown only to them). */
  async press(user: TeamsUser, verb: string, data: Record<string, unknown>, activityId: string): Promise<any> {
    const invoke = this.activity(user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }, replyToId: activityId }, activityId);
    const { status, body } = await user.post(invoke);
    if (status !== 200) throw new Error(`invoke answered ${status}`);
    return body?.value;
  }

  /** Everything the bot posted or updated in this channel, its threads included, oldest first. */
  calls(): ConnectorCall[] {
    return this.harness.connector.calls.filter((call) => call.conversationId === this.channelId || call.conversationId.startsWith(`${this.channelId};`));
  }

  /** Texts the bot wrote in the channel. */
  messages(): string[] {
    return this.calls().filter((call) => call.method === 'POST' && call.activity.text).map((call) => call.activity.text!);
  }

  /** The cards that start a thread: posted to the channel itself, not as a reply. */
  threadCards(): { activityId: string; card: any }[] {
    return this.calls()
      .filter((call) => call.method === 'POST' && call.conversationId === this.channelId && call.activity.attachments?.length)
      .map((call) => ({ activityId: call.resultId, card: call.activity.attachments![0]!.content }));
  }

  /** The thread card as it now stands, after any in-place updates. */
  currentCard(activityId: string): any {
    const versions = this.calls().filter((call) => call.resultId === activityId && call.activity.attachments?.length);
    return versions.at(-1)?.activity.attachments![0]!.content;
  }
}
