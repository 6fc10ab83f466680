import type { NetworkDirectory } from './directory.js';
import type { MdoRefusal } from './mdo.js';
import type { Kernteam } from './mdoSeries.js';
import type { Person } from './network.js';

/**
 * MDO-PZ in the kernteam's Teams channel: who may link the channel, which kernteam a command in a
 * channel is about, and how the channel's roster compares with the kernteam. Pure.
 */

/** The chair of the kernteam, or an admin of the kernteam's region. */
export function mayLinkChannel(kernteam: Kernteam, person: Person, directory: NetworkDirectory): boolean {
  if (kernteam.chairId === person.id) return true;
  const region = directory.regionOfSubRegion(kernteam.subRegionId);
  return person.role === 'admin' && region !== undefined && directory.regionOfPerson(person.id)?.id === region.id;
}

export type KernteamChoice = { ok: true; kernteam: Kernteam } | { ok: false; refusal: MdoRefusal };

/**
 * The kernteam `mdo kanaal koppelen [kernteam]` links: the one named, or the only one this person
 * may link. A chair of several kernteams, and an admin, name it.
 */
export function kernteamToLink(directory: NetworkDirectory, person: Person, requested?: string): KernteamChoice {
  const linkable = directory.kernteams.filter((kernteam) => mayLinkChannel(kernteam, person, directory));
  const chosen = requested ? linkable.find((kernteam) => kernteam.id === requested.toLowerCase()) : linkable.length === 1 ? linkable[0] : undefined;
  if (chosen) return { ok: true, kernteam: chosen };
  if (linkable.length === 0 || requested) {
    return { ok: false, refusal: { code: 'not-chair', message: 'Alleen de voorzitter van een kernteam, of een beheerder van de regio, koppelt een kanaal aan het MDO-PZ van dat kernteam.' } };
  }
  const choices = linkable.map((kernteam) => `"mdo kanaal koppelen ${kernteam.id}" (${kernteam.name})`).join(', ');
  return { ok: false, refusal: { code: 'ambiguous', message: `Voor welk kernteam? Typ een van: ${choices}.` } };
}

export interface ChannelMembership {
  /** Kernteam members in the channel: they follow the MDO in its thread. */
  inChannel: string[];
  /** Kernteam members not in the channel: they keep their MDO cards in their 1:1 chat. */
  notInChannel: string[];
  /** How many people in the channel are not in the kernteam (they see the thread, never patient details). */
  outsiders: number;
}

export function channelMembership(kernteam: Kernteam, channelPersonIds: readonly (string | undefined)[]): ChannelMembership {
  const present = new Set(channelPersonIds);
  return {
    inChannel: kernteam.members.filter((id) => present.has(id)),
    notInChannel: kernteam.members.filter((id) => !present.has(id)),
    outsiders: channelPersonIds.filter((id) => id === undefined || !kernteam.members.includes(id)).length,
  };
}
