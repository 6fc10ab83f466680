import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { NetworkDirectory } from '../../src/domain/directory.js';
import { channelMembership, kernteamToLink } from '../../src/domain/mdoChannel.js';

const { directory } = loadNetwork('data');
const person = (id: string) => directory.person(id)!;

describe('who links a kernteam’s channel', () => {
  it('takes the only kernteam its chair leads, and refuses a member who chairs none', () => {
    expect(kernteamToLink(directory, person('anna-de-vries'))).toMatchObject({ ok: true, kernteam: { id: 'kernteam-de-linde' } });
    expect(kernteamToLink(directory, person('frank-geurts'))).toMatchObject({ ok: false, refusal: { code: 'not-chair' } });
    // A chair cannot link a kernteam she does not chair by naming it.
    expect(kernteamToLink(directory, person('anna-de-vries'), 'smdo-westelijke-mijnstreek')).toMatchObject({ ok: false, refusal: { code: 'not-chair' } });
  });

  it('lets an admin link any kernteam of the own region by name, and none of another region', () => {
    const admin = person('lars-wouters');
    expect(kernteamToLink(directory, admin)).toMatchObject({ ok: false, refusal: { code: 'ambiguous' } });
    expect(kernteamToLink(directory, admin, 'TOPAT-OZL')).toMatchObject({ ok: true, kernteam: { id: 'topat-ozl' } });
    const [mijnstreek, ...others] = directory.regions;
    const elsewhere = new NetworkDirectory([{ ...mijnstreek!, people: mijnstreek!.people.filter((p) => p.id !== admin.id) }, { ...others[0]!, people: [...others[0]!.people, admin] }]);
    expect(kernteamToLink(elsewhere, admin, 'topat-ozl')).toMatchObject({ ok: false, refusal: { code: 'not-chair' } });
  });
});

describe('the channel’s roster against the kernteam', () => {
  it('tells members in the channel from those outside it, and counts people who are not members (unknown ones too)', () => {
    const kernteam = directory.kernteam('smdo-westelijke-mijnstreek')!;
    expect(channelMembership(kernteam, ['frank-geurts', 'bram-janssen', undefined, 'els-vermeulen'])).toEqual({ inChannel: ['els-vermeulen', 'frank-geurts'], notInChannel: ['gea-lemmens'], outsiders: 2 });
  });
});
