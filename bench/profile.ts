import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and the total
 * ("inclusive") time of each function found on the stack, top N of each.
 *
 *   npx tsx bench/profile.ts <file.cpuprofile> [N] [filter]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Where a function lives, coarsely: a package, a folder of this project, or Node's internals. */
export function groupOf(name: string): string {
  const where = name.split(' ').at(-1) ?? '';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return pkg[1]!;
  const own = /^(src\/[^/]+|test\/[^/]+|bench)\//.exec(where);
  if (own) return own[1]!;
  if (where.startsWith('node:')) return 'node (js)';
  if (name.startsWith('(')) return name.slice(0, name.indexOf(')') + 1);
  return 'node (native: fs, crypto, http, JSON)';
}

export async function summariseProfile(path: string): Promise<{ totalMs: number; lines: ProfileLine[] }> {
  const profile = JSON.parse(await readFile(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => {
    const url = node.callFrame.url.replace(/^file:\/\//, '');
    const where = url ? `${url.startsWith('node:') ? url : relative(process.cwd(), url)}:${node.callFrame.lineNumber + 1}` : '';
    return `${node.callFrame.functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let id: number | undefined = profile.samples[i]!;
    const leaf = byId.get(id)!;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    while (id !== undefined) {
      const name = label(byId.get(id)!);
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
  const lines = [...total.keys()].map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name)! }));
  return { totalMs: (profile.endTime - profile.startTime) / 1000, lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, topText = '25', filter = ''] = process.argv.slice(2);
  if (!path) {
    console.error('usage: tsx bench/profile.ts <file.cpuprofile> [N] [filter]');
    process.exit(2);
  }
  const top = Number(topText);
  const { totalMs, lines } = await summariseProfile(path);
  const shown = lines.filter((l) => l.name.includes(filter));
  const print = (title: string, key: 'selfMs' | 'totalMs') => {
    console.log(`\n${title} (of ${totalMs.toFixed(0)} ms profiled)`);
    for (const line of [...shown].sort((a, b) => b[key] - a[key]).slice(0, top)) {
      console.log(`${line[key].toFixed(0).padStart(8)} ms ${((100 * line[key]) / totalMs).toFixed(1).padStart(5)}%  ${line.name}`);
    }
  };
  print('self time', 'selfMs');
  print('total time (function on the stack)', 'totalMs');
  const groups = new Map<string, number>();
  for (const line of shown) groups.set(groupOf(line.name), (groups.get(groupOf(line.name)) ?? 0) + line.selfMs);
  console.log(`\nself time by package or folder (of ${totalMs.toFixed(0)} ms profiled)`);
  for (const [group, ms] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${group}`);
  }
}
