import { z } from 'zod/v4';
import { CalendarConfigSchema } from './calendar.js';
import { CONTACT_FORMS, PRESTATIES, SEED_PRESTATIES } from './consultRequest.js';
import { EscalationSchema, PagingSchema } from './escalation.js';
import { KernteamSchema } from './mdoSeries.js';

/**
 * The palliative-care network as configured data: regions, sub-regions with their PC4 postcode
 * ranges, organisations, people and consultation teams. Nothing about a region lives in code.
 */

export const ROLES = ['generalist', 'specialist', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'gebruik kleine letters, cijfers en streepjes');
const pc4 = z.number().int().min(1000).max(9999);
const phone = z.string().regex(/^\+?[0-9 ()-]{8,20}$/, 'geen geldig telefoonnummer');

export const PostcodeRangeSchema = z
  .object({ from: pc4, to: pc4 })
  .refine((range) => range.from <= range.to, { message: "'from' moet kleiner of gelijk zijn aan 'to'" });

export const SubRegionSchema = z.object({
  id,
  name: z.string().min(1),
  postcodes: z.array(PostcodeRangeSchema).min(1),
});

export const OrganisationSchema = z.object({
  id,
  name: z.string().min(1),
  kind: z.enum(['huisartsenpraktijk', 'ziekenhuis', 'verpleeghuis', 'hospice', 'thuiszorg', 'consultatieteam']),
  postcode: z.string().regex(/^[1-9][0-9]{3}( ?[A-Z]{2})?$/, 'geen geldige postcode'),
});

export const PersonSchema = z.object({
  id,
  name: z.string().min(1),
  role: z.enum(ROLES),
  discipline: z.string().min(1),
  organisationId: id,
  phone,
  /** Used for the Teams call deep link; the chat identity is the Entra object id below. */
  email: z.email(),
  aadObjectId: z.string().min(1),
});

export const ConsultationTeamSchema = z.object({
  id,
  name: z.string().min(1),
  subRegionId: id,
  phone,
  /** The specialists PZ of the team; the rosters say who of them is on call when. */
  members: z.array(id).min(1),
});

/**
 * TAPA$ for a region: `false` when it does not claim through a kassier, `true` for the seed's
 * form → prestatie mapping (SEED_PRESTATIES), or that mapping with the region's own exceptions,
 * e.g. `{ "prestaties": { "digitaal": "2a" } }`; `null` means no prestatie for that form.
 */
export const TapasSchema = z
  .union([
    z.boolean(),
    z.strictObject({
      prestaties: z.partialRecord(z.enum([...CONTACT_FORMS, 'mdo']), z.enum(PRESTATIES).nullable()),
    }),
  ])
  .transform((value) => (value === false ? false : { prestaties: { ...SEED_PRESTATIES, ...(value === true ? {} : value.prestaties) } }));
export type Tapas = z.infer<typeof TapasSchema>;

export const RegionSchema = z.object({
  id,
  name: z.string().min(1),
  /** What the requester is told when no specialist can be reached through the chat. */
  fallback: z.object({ phone, instruction: z.string().min(1) }),
  /** Regions may not adopt the TAPA$ payment titles; then contacts carry no prestatie. */
  tapas: TapasSchema,
  /** Office hours and extra ANW days; Mon–Fri 08:00–17:00 with the Dutch public holidays by default. */
  calendar: CalendarConfigSchema.prefault({}),
  /** Whom to notify per urgency and how long to wait; see escalation.ts for the default. */
  escalation: EscalationSchema,
  /** How often open offers are sent again, and how often the chain repeats; see escalation.ts. */
  paging: PagingSchema,
  /** Shift swaps agreed in chat: whether a coordinator of the region must approve them too. */
  rosterSwaps: z.object({ coordinatorApproval: z.boolean().default(false) }).prefault({}),
  subRegions: z.array(SubRegionSchema).min(1),
  organisations: z.array(OrganisationSchema),
  people: z.array(PersonSchema),
  consultationTeams: z.array(ConsultationTeamSchema),
  /**
   * When set, the bot creates each MDO's Teams meeting through Microsoft Graph, organised by this
   * account (an Entra object id or user principal name); without it the planner pastes the link.
   */
  teamsMeetings: z.object({ organizer: z.union([z.uuid(), z.email()], 'gebruik de Entra object-id of de UPN van de organisator') }).optional(),
  /** The teams that hold MDO-PZ meetings, generalist and specialist (000:1060-1107). */
  kernteams: z.array(KernteamSchema).default([]),
});

export type PostcodeRange = z.infer<typeof PostcodeRangeSchema>;
export type SubRegion = z.infer<typeof SubRegionSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type ConsultationTeam = z.infer<typeof ConsultationTeamSchema>;
export type Region = z.infer<typeof RegionSchema>;

/** A problem found in configuration: where it is and what is wrong, in Dutch. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Cross-references a schema cannot check: every id points at something that exists. */
export function findRegionInconsistencies(region: Region): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const subRegionIds = new Set(region.subRegions.map((s) => s.id));
  const organisationIds = new Set(region.organisations.map((o) => o.id));
  const peopleById = new Map(region.people.map((p) => [p.id, p]));

  reportDuplicates(region.subRegions, 'subRegions', problems);
  reportDuplicates(region.organisations, 'organisations', problems);
  reportDuplicates(region.people, 'people', problems);
  reportDuplicates(region.consultationTeams, 'consultationTeams', problems);

  region.people.forEach((person, index) => {
    if (!organisationIds.has(person.organisationId)) {
      problems.push({ path: `people[${index}].organisationId`, message: `organisatie '${person.organisationId}' bestaat niet` });
    }
  });
  region.consultationTeams.forEach((team, teamIndex) => {
    if (!subRegionIds.has(team.subRegionId)) {
      problems.push({ path: `consultationTeams[${teamIndex}].subRegionId`, message: `subregio '${team.subRegionId}' bestaat niet` });
    }
    team.members.forEach((personId, memberIndex) => {
      const person = peopleById.get(personId);
      const path = `consultationTeams[${teamIndex}].members[${memberIndex}]`;
      if (!person) problems.push({ path, message: `persoon '${personId}' bestaat niet` });
      else if (person.role !== 'specialist') problems.push({ path, message: `'${person.id}' is geen specialist PZ` });
    });
  });
  reportDuplicates(region.kernteams, 'kernteams', problems);
  region.kernteams.forEach((kernteam, k) => {
    if (!subRegionIds.has(kernteam.subRegionId)) problems.push({ path: `kernteams[${k}].subRegionId`, message: `subregio '${kernteam.subRegionId}' bestaat niet` });
    kernteam.members.forEach((personId, m) => {
      if (!peopleById.has(personId)) problems.push({ path: `kernteams[${k}].members[${m}]`, message: `persoon '${personId}' bestaat niet` });
    });
    if (!kernteam.members.includes(kernteam.chairId)) problems.push({ path: `kernteams[${k}].chairId`, message: `voorzitter '${kernteam.chairId}' is geen lid van het kernteam` });
    kernteam.series.forEach((series, s) => {
      if (series.chairId && !kernteam.members.includes(series.chairId)) {
        problems.push({ path: `kernteams[${k}].series[${s}].chairId`, message: `voorzitter '${series.chairId}' is geen lid van het kernteam` });
      }
    });
  });
  region.subRegions.forEach((subRegion, index) => {
    if (!region.consultationTeams.some((team) => team.subRegionId === subRegion.id)) {
      problems.push({ path: `subRegions[${index}]`, message: `subregio '${subRegion.id}' heeft geen consultatieteam` });
    }
  });
  problems.push(...findOverlappingPostcodes(region.subRegions));
  return problems;
}

function reportDuplicates(items: { id: string }[], path: string, problems: ConfigProblem[]): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) problems.push({ path: `${path}[${index}].id`, message: `id '${item.id}' komt dubbel voor` });
    seen.add(item.id);
  });
}

function findOverlappingPostcodes(subRegions: SubRegion[]): ConfigProblem[] {
  const ranges = subRegions.flatMap((subRegion, s) =>
    subRegion.postcodes.map((range, r) => ({ ...range, owner: subRegion.id, path: `subRegions[${s}].postcodes[${r}]` })),
  );
  ranges.sort((a, b) => a.from - b.from);
  const problems: ConfigProblem[] = [];
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1]!;
    const current = ranges[i]!;
    if (current.from <= previous.to) {
      problems.push({ path: current.path, message: `overlapt met ${previous.owner} (${previous.from}-${previous.to})` });
    }
  }
  return problems;
}
