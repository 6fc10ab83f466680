import type { NetworkDirectory } from '../domain/directory.js';
import type { MdoRefusal } from '../domain/mdo.js';
import type { Kernteam } from '../domain/mdoSeries.js';
import { channelMembership, kernteamToLink, type ChannelMembership } from '../domain/mdoChannel.js';
import type { Person } from '../domain/network.js';
import type { MdoMeeting } from '../domain/mdo.js';
import type { ChannelAddress, MdoChannelLink, MdoThread, Storage } from '../store/store.js';
import { MdoOutboxRecorder } from './mdoOutbox.js';
import { deliverNow } from './outbox.js';

export interface ChannelInTeam {
  teamId: string;
  channelId: string;
  /** How the bot posts into the channel later. */
  address: ChannelAddress;
}

export type LinkOutcome = { ok: true; link: MdoChannelLink; kernteam: Kernteam; membership: ChannelMembership } | { ok: false; refusal: MdoRefusal };

/** MDO-PZ in the kernteam's Teams channel: linking the channel, and knowing a meeting's thread when a reply arrives in it. */
export class MdoChannels {
  constructor(
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Links the channel to the kernteam `requested` (or the only one this person may link), given
   * who the channel's roster says is in it; meetings already announced and still to come get
   * their thread there at once, through the outbox, stored with the link.
   */
  async link(person: Person, requested: string | undefined, channel: ChannelInTeam, channelPersonIds: readonly (string | undefined)[]): Promise<LinkOutcome> {
    const choice = kernteamToLink(this.directory, person, requested);
    if (!choice.ok) return choice;
    const { kernteam } = choice;
    const membership = channelMembership(kernteam, channelPersonIds);
    if (membership.inChannel.length === 0) {
      return { ok: false, refusal: { code: 'not-in-channel', message: `Geen van de leden van ${kernteam.name} is lid van dit kanaal. Kies het kanaal van het kernteam, of voeg de leden eerst toe.` } };
    }
    const link: MdoChannelLink = { kernteamId: kernteam.id, ...channel, memberIds: membership.inChannel, linkedBy: person.id, linkedAt: this.clock().toISOString() };
    const coming = (await this.store.mdo.meetings(this.clock())).filter((meeting) => meeting.kernteamId === kernteam.id && meeting.announcedAt);
    const outbox = new MdoOutboxRecorder();
    for (const meeting of coming.sort((a, b) => a.startsAt.localeCompare(b.startsAt))) await outbox.postThread(meeting, link);
    await this.store.transaction(async (tx) => {
      await tx.mdoChannels.saveLink(link);
      await outbox.scheduleOn(tx.jobs, `mdo-link:${link.kernteamId}:${link.channelId}:${link.linkedAt}`);
    });
    await deliverNow(this.store);
    return { ok: true, link, kernteam, membership };
  }

  /** The meeting thread that a message with this first message belongs to, if any. */
  threadOf(channelId: string, rootActivityId: string): Promise<MdoThread | undefined> {
    return this.store.mdoChannels.threadByRoot(channelId, rootActivityId);
  }
}

/** The meeting's thread and the link it is in, while the kernteam's link still points to that channel. */
export async function currentThread(store: Pick<Storage, 'mdoChannels'>, meeting: MdoMeeting): Promise<(MdoThread & { link: MdoChannelLink }) | undefined> {
  const thread = await store.mdoChannels.thread(meeting.id);
  const link = thread && (await store.mdoChannels.link(meeting.kernteamId));
  return thread && link && link.channelId === thread.channelId ? { ...thread, link } : undefined;
}
