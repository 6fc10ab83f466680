import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NetworkDirectory } from '../domain/directory.js';
import { RegionSchema, findRegionInconsistencies, type ConfigProblem, type Region } from '../domain/network.js';
import { formatZodPath } from './zodMessages.js';

/** Start-up stops with this error; its message names each file, path and problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { file: string; path: string; message: string }[]) {
    super(
      'De netwerkconfiguratie is ongeldig:\n' +
        problems.map((p) => `  ${p.file}${p.path ? ` › ${p.path}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads every `data/regions/*.json`, validates it, and checks references within and across regions. */
export function loadNetwork(dataDir: string): NetworkDirectory {
  const regionsDir = join(dataDir, 'regions');
  const files = readdirSync(regionsDir).filter((name) => name.endsWith('.json')).sort();
  const problems: { file: string; path: string; message: string }[] = [];
  const regions: { file: string; region: Region }[] = [];
  if (files.length === 0) problems.push({ file: relative(process.cwd(), regionsDir), path: '', message: 'geen regio’s gevonden' });

  for (const name of files) {
    const path = join(regionsDir, name);
    const file = relative(process.cwd(), path) || path;
    const parsed = parseRegionFile(path);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => ({ file, ...p })));
      continue;
    }
    problems.push(...findRegionInconsistencies(parsed.region).map((p) => ({ file, ...p })));
    regions.push({ file, region: parsed.region });
  }
  problems.push(...findCrossRegionDuplicates(regions));
  if (problems.length > 0) throw new ConfigError(problems);
  return new NetworkDirectory(regions.map((r) => r.region));
}

function parseRegionFile(path: string): { ok: true; region: Region } | { ok: false; problems: ConfigProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `geen geldige JSON (${(error as Error).message})` }] };
  }
  const result = RegionSchema.safeParse(json);
  if (result.success) return { ok: true, region: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ path: formatZodPath(issue.path), message: issue.message })) };
}

function findCrossRegionDuplicates(regions: { file: string; region: Region }[]) {
  const problems: { file: string; path: string; message: string }[] = [];
  const owners = new Map<string, string>();
  for (const { file, region } of regions) {
    const keys = [
      ...region.people.map((p, i) => ({ key: `person:${p.id}`, path: `people[${i}].id`, label: `persoon '${p.id}'` })),
      ...region.people.map((p, i) => ({ key: `aad:${p.aadObjectId.toLowerCase()}`, path: `people[${i}].aadObjectId`, label: `aadObjectId '${p.aadObjectId}'` })),
      ...region.subRegions.map((s, i) => ({ key: `sub:${s.id}`, path: `subRegions[${i}].id`, label: `subregio '${s.id}'` })),
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
