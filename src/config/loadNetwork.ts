import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod/v4';
import { NetworkDirectory } from '../domain/directory.js';
import { RegionSchema, findRegionInconsistencies, type ConfigProblem, type Region } from '../domain/network.js';
import { RosterConfigSchema, type RosterConfig } from '../domain/roster.js';
import { PoolSchema, type Pool } from '../domain/routing.js';
import { formatZodPath } from './zodMessages.js';

type FileProblem = { file: string; path: string; message: string };

/** The whole network configuration: who, where, and who is on call when. */
export interface Network {
  directory: NetworkDirectory;
  pools: Pool[];
  rosters: RosterConfig[];
}

/** Start-up stops with this error; its message names each file, path and problem. */
export class ConfigError extends Error {
  /** One line per problem: `file › path: message`. */
  readonly lines: readonly string[];

  constructor(readonly problems: readonly FileProblem[]) {
    const lines = problems.map((p) => `${p.file}${p.path ? ` › ${p.path}` : ''}: ${p.message}`);
    super(`De netwerkconfiguratie is ongeldig:\n${lines.map((line) => `  ${line}`).join('\n')}`);
    this.lines = lines;
    this.name = 'ConfigError';
  }
}

/**
 * Reads `data/regions/*.json`, `data/pools.json` and `data/rosters/*.json`, validates each file,
 * and checks every reference within and across them. All problems are reported at once.
 */
export function loadNetwork(dataDir: string): Network {
  const problems: FileProblem[] = [];
  const regions = readFolder(join(dataDir, 'regions'), RegionSchema, problems);
  for (const { file, value } of regions) problems.push(...findRegionInconsistencies(value).map((p) => ({ file, ...p })));
  problems.push(...findCrossRegionDuplicates(regions.map(({ file, value }) => ({ file, region: value }))));
  const directory = new NetworkDirectory(regions.map((r) => r.value));

  const poolsFile = join(dataDir, 'pools.json');
  const pools = existsSync(poolsFile) ? (readJson(poolsFile, z.array(PoolSchema), problems) ?? []) : [];
  problems.push(...findPoolProblems(pools, directory).map((p) => ({ file: displayName(poolsFile), ...p })));
  const rosters = readFolder(join(dataDir, 'rosters'), RosterConfigSchema, problems);
  problems.push(...findRosterProblems(rosters, pools, directory));

  if (problems.length > 0) throw new ConfigError(problems);
  return { directory, pools, rosters: rosters.map((r) => r.value) };
}

const displayName = (path: string): string => relative(process.cwd(), path) || path;

function readFolder<T>(folder: string, schema: z.ZodType<T>, problems: FileProblem[]): { file: string; value: T }[] {
  const names = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.json')).sort() : [];
  if (names.length === 0) problems.push({ file: displayName(folder), path: '', message: 'geen bestanden gevonden' });
  const results: { file: string; value: T }[] = [];
  for (const name of names) {
    const value = readJson(join(folder, name), schema, problems);
    if (value !== undefined) results.push({ file: displayName(join(folder, name)), value });
  }
  return results;
}

function readJson<T>(path: string, schema: z.ZodType<T>, problems: FileProblem[]): T | undefined {
  const file = displayName(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push({ file, path: '', message: `geen geldige JSON (${(error as Error).message})` });
    return undefined;
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  problems.push(...result.error.issues.map((issue) => ({ file, path: formatZodPath(issue.path), message: issue.message })));
  return undefined;
}

function findPoolProblems(pools: Pool[], directory: NetworkDirectory): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const poolOf = new Map<string, string>();
  pools.forEach((pool, p) =>
    pool.subRegionIds.forEach((subRegionId, s) => {
      const path = `[${p}].subRegionIds[${s}]`;
      if (!directory.subRegion(subRegionId)) problems.push({ path, message: `subregio '${subRegionId}' bestaat niet` });
      else if (poolOf.has(subRegionId)) problems.push({ path, message: `subregio '${subRegionId}' zit ook in pool '${poolOf.get(subRegionId)}'` });
      poolOf.set(subRegionId, pool.id);
    }),
  );
  for (const subRegion of directory.regions.flatMap((r) => r.subRegions)) {
    if (!poolOf.has(subRegion.id)) problems.push({ path: '', message: `subregio '${subRegion.id}' hoort bij geen ANW-pool` });
  }
  return problems;
}

function findRosterProblems(rosters: { file: string; value: RosterConfig }[], pools: Pool[], directory: NetworkDirectory): FileProblem[] {
  const problems: FileProblem[] = [];
  const covered = new Map<string, string>();
  for (const { file, value: roster } of rosters) {
    const target = roster.covers.kind === 'office' ? `office:${roster.covers.subRegionId}` : `anw:${roster.covers.poolId}`;
    if (roster.covers.kind === 'office' && !directory.subRegion(roster.covers.subRegionId)) {
      problems.push({ file, path: 'covers.subRegionId', message: `subregio '${roster.covers.subRegionId}' bestaat niet` });
    }
    if (roster.covers.kind === 'anw' && !pools.some((pool) => pool.id === (roster.covers as { poolId: string }).poolId)) {
      problems.push({ file, path: 'covers.poolId', message: `ANW-pool '${roster.covers.poolId}' bestaat niet` });
    }
    if (covered.has(target)) problems.push({ file, path: 'covers', message: `${target} heeft al een rooster in ${covered.get(target)}` });
    covered.set(target, file);
    const people = [
      ...roster.rotation.weeks.flatMap((week, w) => week.map((shift, i) => ({ personId: shift.personId, path: `rotation.weeks[${w}][${i}].personId` }))),
      ...roster.overrides.map((override, i) => ({ personId: override.personId, path: `overrides[${i}].personId` })),
    ];
    for (const { personId, path } of people) {
      const person = directory.person(personId);
      if (!person) problems.push({ file, path, message: `persoon '${personId}' bestaat niet` });
      else if (person.role !== 'specialist') problems.push({ file, path, message: `'${personId}' is geen specialist PZ` });
    }
  }
  for (const subRegion of directory.regions.flatMap((r) => r.subRegions)) {
    if (!covered.has(`office:${subRegion.id}`)) problems.push({ file: 'data/rosters', path: '', message: `subregio '${subRegion.id}' heeft geen kantoorrooster` });
  }
  for (const pool of pools) {
    if (!covered.has(`anw:${pool.id}`)) problems.push({ file: 'data/rosters', path: '', message: `ANW-pool '${pool.id}' heeft geen rooster` });
  }
  return problems;
}

function findCrossRegionDuplicates(regions: { file: string; region: Region }[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const owners = new Map<string, string>();
  for (const { file, region } of regions) {
    const keys = [
      ...region.people.map((p, i) => ({ key: `person:${p.id}`, path: `people[${i}].id`, label: `persoon '${p.id}'` })),
      ...region.people.map((p, i) => ({ key: `aad:${p.aadObjectId.toLowerCase()}`, path: `people[${i}].aadObjectId`, label: `aadObjectId '${p.aadObjectId}'` })),
      ...region.subRegions.map((s, i) => ({ key: `sub:${s.id}`, path: `subRegions[${i}].id`, label: `subregio '${s.id}'` })),
      ...region.kernteams.map((k, i) => ({ key: `kernteam:${k.id}`, path: `kernteams[${i}].id`, label: `kernteam '${k.id}'` })),
      ...region.kernteams.flatMap((k, i) => k.series.map((s, j) => ({ key: `series:${s.id}`, path: `kernteams[${i}].series[${j}].id`, label: `MDO-reeks '${s.id}'` }))),
      { key: `region:${region.id}`, path: 'id', label: `regio '${region.id}'` },
    ];
    for (const { key, path, label } of keys) {
      const owner = owners.get(key);
      if (owner && owner !== file) problems.push({ file, path, message: `${label} staat ook in ${owner}` });
      owners.set(key, file);
    }
  }
  return problems;
}
