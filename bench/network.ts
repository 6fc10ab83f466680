import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EscalationSchema, PagingSchema } from '../src/domain/escalation.js';
import { TapasSchema, type Region } from '../src/domain/network.js';
import type { RosterConfig } from '../src/domain/roster.js';
import type { Pool } from '../src/domain/routing.js';
import { Random } from './random.js';

/**
 * A synthetic network the size of a large national one: 50 regions × 4 sub-regions, each
 * sub-region with a consultation team of 4 specialists PZ and 10 GPs in 5 practices, an office
 * roster per sub-region and an ANW pool roster per region (250 rosters), each with a 4-week
 * rotation and a year of dated overrides (swaps of a day part and week-long holiday covers).
 * Everything is written as the JSON files `loadNetwork` reads, so loading it is the real path.
 */

export const REGIONS = 50;
export const SUB_REGIONS = 4;
const SPECIALISTS_PER_SUB_REGION = 4;
const PRACTICES_PER_SUB_REGION = 5;
const GPS_PER_PRACTICE = 2;

const pad = (n: number) => String(n).padStart(2, '0');
const regionId = (r: number) => `r${pad(r + 1)}`;
const subRegionId = (r: number, s: number) => `${regionId(r)}-s${s + 1}`;
const specialistId = (r: number, s: number, k: number) => `${subRegionId(r, s)}-pz${k + 1}`;
const aad = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface SyntheticNetwork {
  regions: Region[];
  pools: Pool[];
  rosters: RosterConfig[];
}

export function syntheticNetwork(seed = 1, year = 2026): SyntheticNetwork {
  const random = new Random(seed);
  const regions: Region[] = [];
  const pools: Pool[] = [];
  const rosters: RosterConfig[] = [];
  let personNumber = 0;
  for (let r = 0; r < REGIONS; r++) {
    const region: Region = {
      id: regionId(r),
      name: `Regio ${r + 1}`,
      fallback: { phone: '030 400 9000', instruction: `Bel het consultatieteam palliatieve zorg van regio ${r + 1}: 030 400 9000 (24/7).` },
      tapas: r % 5 !== 0 ? TapasSchema.parse(true) : false,
      calendar: { officeDays: ['ma', 'di', 'wo', 'do', 'vr'], officeFrom: '08:00', officeTo: '17:00', extraHolidays: r % 3 === 0 ? [`${year}-05-05`] : [], dutchPublicHolidays: true },
      // The defaults every region gets when its file names no chains.
      escalation: EscalationSchema.parse(undefined),
      paging: PagingSchema.parse(undefined),
      rosterSwaps: { coordinatorApproval: false },
      subRegions: [],
      kernteams: [],
      organisations: [],
      people: [],
      consultationTeams: [],
    };
    for (let s = 0; s < SUB_REGIONS; s++) {
      const pc4From = 1000 + (r * SUB_REGIONS + s) * 40;
      region.subRegions.push({ id: subRegionId(r, s), name: `Subregio ${r + 1}.${s + 1}`, postcodes: [{ from: pc4From, to: pc4From + 39 }] });
      const teamOrg = `${subRegionId(r, s)}-ct`;
      region.organisations.push({ id: teamOrg, name: `Consultatieteam ${r + 1}.${s + 1}`, kind: 'consultatieteam', postcode: `${pc4From} AA` });
      const members: string[] = [];
      for (let k = 0; k < SPECIALISTS_PER_SUB_REGION; k++) {
        const id = specialistId(r, s, k);
        members.push(id);
        region.people.push({ id, name: `Specialist ${r + 1}.${s + 1}.${k + 1}`, role: 'specialist', discipline: k % 2 ? 'verpleegkundig specialist PZ' : 'kaderhuisarts PZ', organisationId: teamOrg, phone: '06 1000 0000', email: `${id}@pz.example`, aadObjectId: aad(++personNumber) });
      }
      region.consultationTeams.push({ id: `${subRegionId(r, s)}-team`, name: `Consultatieteam PZ ${r + 1}.${s + 1}`, subRegionId: subRegionId(r, s), phone: '030 400 9010', members });
      for (let p = 0; p < PRACTICES_PER_SUB_REGION; p++) {
        const org = `${subRegionId(r, s)}-hap${p + 1}`;
        region.organisations.push({ id: org, name: `Huisartsenpraktijk ${r + 1}.${s + 1}.${p + 1}`, kind: 'huisartsenpraktijk', postcode: `${pc4From + p * 7} BC` });
        for (let g = 0; g < GPS_PER_PRACTICE; g++) {
          const id = `${org}-ha${g + 1}`;
          region.people.push({ id, name: `Huisarts ${r + 1}.${s + 1}.${p + 1}.${g + 1}`, role: 'generalist', discipline: 'huisarts', organisationId: org, phone: '030 411 0101', email: `${id}@hap.example`, aadObjectId: aad(++personNumber) });
        }
      }
      rosters.push(officeRoster(random, r, s, year));
    }
    region.people.push({ id: `${regionId(r)}-coordinator`, name: `Coördinator ${r + 1}`, role: 'coordinator', discipline: 'netwerkcoördinator', organisationId: `${subRegionId(r, 0)}-ct`, phone: '030 400 9001', email: `coordinator-${r}@pz.example`, aadObjectId: aad(++personNumber) });
    pools.push({ id: `anw-${regionId(r)}`, name: `ANW-pool regio ${r + 1}`, subRegionIds: region.subRegions.map((s) => s.id) });
    rosters.push(anwRoster(random, r, year));
    regions.push(region);
  }
  return { regions, pools, rosters };
}

/** Mon–Fri 08:00–17:00, primary split over the week and one backup, rotating over 4 weeks; ~2 swaps a month. */
function officeRoster(random: Random, r: number, s: number, year: number): RosterConfig {
  const person = (k: number) => specialistId(r, s, k % SPECIALISTS_PER_SUB_REGION);
  const weeks = Array.from({ length: 4 }, (_, w) => [
    { days: ['ma', 'wo', 'vr'] as const, from: '08:00', to: '17:00', personId: person(w), position: 'primary' as const },
    { days: ['di', 'do'] as const, from: '08:00', to: '17:00', personId: person(w + 1), position: 'primary' as const },
    { days: ['ma', 'di', 'wo', 'do', 'vr'] as const, from: '08:00', to: '17:00', personId: person(w + 2), position: 'backup' as const },
  ]).map((week) => week.map((entry) => ({ ...entry, days: [...entry.days] })));
  const overrides = [];
  for (let month = 0; month < 12; month++) {
    for (let i = 0; i < 2; i++) {
      const day = `${year}-${pad(month + 1)}-${pad(1 + random.int(27))}`;
      const morning = random.chance(0.5);
      overrides.push({ from: `${day}T${morning ? '08:00' : '12:30'}`, to: `${day}T${morning ? '12:30' : '17:00'}`, personId: person(random.int(4)), position: 'primary' as const, note: 'ruil' });
    }
  }
  return { id: `kantoor-${subRegionId(r, s)}`, name: `Kantoorrooster ${r + 1}.${s + 1}`, covers: { kind: 'office', subRegionId: subRegionId(r, s) }, rotation: { startsOn: `${year - 1}-12-29`, weeks }, overrides };
}

/** A week of 24-hour ANW duty (08:00–08:00) with a backup, over the region's 16 specialists; swaps and two holiday weeks a year. */
function anwRoster(random: Random, r: number, year: number): RosterConfig {
  const person = (k: number) => specialistId(r, Math.floor(k / SPECIALISTS_PER_SUB_REGION) % SUB_REGIONS, k % SPECIALISTS_PER_SUB_REGION);
  const everyDay = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'];
  const weeks = Array.from({ length: 4 }, (_, w) => [
    { days: [...everyDay], from: '08:00', to: '08:00', personId: person(w * 3), position: 'primary' as const },
    { days: [...everyDay], from: '08:00', to: '08:00', personId: person(w * 3 + 1), position: 'backup' as const },
  ]) as RosterConfig['rotation']['weeks'];
  const overrides = [];
  for (let month = 0; month < 12; month++) {
    for (let i = 0; i < 4; i++) {
      const day = `${year}-${pad(month + 1)}-${pad(1 + random.int(27))}`;
      overrides.push({ from: `${day}T17:00`, to: `${day}T23:00`, personId: person(random.int(16)), position: 'primary' as const, note: 'avondruil' });
    }
  }
  for (const month of [3, 8]) {
    overrides.push({ from: `${year}-${pad(month)}-06T08:00`, to: `${year}-${pad(month)}-13T08:00`, personId: person(random.int(16)), position: 'primary' as const, note: 'vakantievervanging' });
  }
  return { id: `anw-${regionId(r)}`, name: `ANW-rooster regio ${r + 1}`, covers: { kind: 'anw', poolId: `anw-${regionId(r)}` }, rotation: { startsOn: `${year - 1}-12-29`, weeks }, overrides };
}

/** Writes the network as `data/`-style files (regions/*.json, pools.json, rosters/*.json). */
export async function writeNetwork(network: SyntheticNetwork, dataDir: string): Promise<void> {
  await mkdir(join(dataDir, 'regions'), { recursive: true });
  await mkdir(join(dataDir, 'rosters'), { recursive: true });
  for (const region of network.regions) await writeFile(join(dataDir, 'regions', `${region.id}.json`), JSON.stringify(region, null, 2));
  await writeFile(join(dataDir, 'pools.json'), JSON.stringify(network.pools, null, 2));
  for (const roster of network.rosters) await writeFile(join(dataDir, 'rosters', `${roster.id}.json`), JSON.stringify(roster, null, 2));
}
