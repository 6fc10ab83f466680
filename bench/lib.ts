import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One reported figure, as written to bench/results/latest.json. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  /** What the value is compared against (e.g. the bare echo bot); absent when there is nothing to compare. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** How many samples (requests, lookups, runs) the value comes from. */
  n: number;
  notes: string;
  /** The goal this figure is held to (e.g. "< 1000 ms"), and whether the measured value meets it. */
  target?: string;
  met?: boolean;
}

/** A goal for a figure: `below` or `atLeast` a number, in the figure's unit. */
export type Target = { below: number } | { atLeast: number };

/** The figure with its target written next to it, and whether it was met. */
export function against(result: Figure, target: Target): Figure {
  const met = 'below' in target ? result.value < target.below : result.value >= target.atLeast;
  return { ...result, target: 'below' in target ? `< ${formatNumber(target.below)}` : `≥ ${formatNumber(target.atLeast)}`, met };
}

/** A figure that could not be measured here, said so in the table rather than left out. */
export function notMeasured(name: string, unit: string, why: string, target?: Target): Figure {
  const base: Figure = { name, unit, value: Number.NaN, n: 0, notes: `not measured: ${why}` };
  return target ? { ...against(base, target), met: false } : base;
}

export const MS_PER_NS = 1e-6;

/** Nearest-rank percentile of an ascending array: the smallest value with at least p% at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function figure(name: string, unit: string, value: number, n: number, notes: string, baseline?: number): Figure {
  const result: Figure = { name, unit, value: round(value, 3), n, notes };
  if (baseline !== undefined) {
    result.baseline = round(baseline, 3);
    result.ratio = round(value / baseline, 3);
  }
  return result;
}

/** A human table of figures, for the terminal and for the README. */
export function table(figures: readonly Figure[], markdown = false): string {
  const rows = figures.map((f) => [
    f.name,
    Number.isNaN(f.value) ? '—' : formatNumber(f.value),
    f.unit,
    f.target ?? '',
    f.target === undefined ? '' : f.met ? 'yes' : 'NO',
    f.baseline === undefined ? '' : formatNumber(f.baseline),
    f.ratio === undefined ? '' : formatNumber(f.ratio),
    String(f.n),
    f.notes,
  ]);
  const header = ['figure', 'value', 'unit', 'target', 'met', 'baseline', 'ratio', 'n', 'notes'];
  const numeric = new Set([1, 5, 6, 7]);
  if (markdown) {
    const escape = (cell: string) => cell.replaceAll('|', '\\|');
    return [
      `| ${header.join(' | ')} |`,
      `|${header.map((_, i) => (numeric.has(i) ? '---:' : '---')).join('|')}|`,
      ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
    ].join('\n');
  }
  const shown = rows.map((row) => row.slice(0, 8));
  const widths = header.slice(0, 8).map((h, i) => Math.max(h.length, ...shown.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  return [line(header.slice(0, 8)), widths.map((w) => '-'.repeat(w)).join('  '), ...shown.map(line)].join('\n');
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `pz-bench-${prefix}-`));
}

export async function removeDir(path: string): Promise<number> {
  const started = performance.now();
  await rm(path, { recursive: true, force: true });
  return performance.now() - started;
}

/** Apparent size (sum of file sizes) and allocated size (blocks) of a directory tree. */
export async function treeSize(root: string): Promise<{ files: number; bytes: number; allocated: number }> {
  let files = 0;
  let bytes = 0;
  let allocated = 0;
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const info = await stat(path);
        files++;
        bytes += info.size;
        allocated += info.blocks * 512;
      }
    }
  };
  await walk(root);
  return { files, bytes, allocated };
}

/** Allocated size of a tree as `du` reports it, fast even for a million files. */
export async function duBytes(root: string): Promise<number> {
  const { stdout } = await run('du', ['-s', '-B1', root]);
  return Number(stdout.split(/\s/)[0]);
}

export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Bytes this process caused to be written to storage, from /proc (Linux only; undefined elsewhere). */
export async function processWriteBytes(): Promise<number | undefined> {
  try {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile('/proc/self/io', 'utf8');
    const match = /^write_bytes:\s*(\d+)/m.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every benchmark file runs in its own process (started by bench/run.ts) and hands its figures
 * back through the file named in BENCH_OUT; run on its own, it just prints them.
 */
export async function report(title: string, figures: Figure[]): Promise<void> {
  console.log(`\n${title}\n${table(figures)}\n`);
  const out = process.env.BENCH_OUT;
  if (out) await writeFile(out, JSON.stringify(figures, null, 2));
}

export function log(message: string): void {
  console.log(`  · ${message}`);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * When BENCH_PROFILE names a directory, records a CPU profile of just the measured phase there
 * (summarise it with `npx tsx bench/profile.ts <file>`); otherwise does nothing.
 */
export async function profilePhase<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return phase();
  const { Session } = await import('node:inspector/promises');
  const { mkdir } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${name}.cpuprofile`);
    await writeFile(path, JSON.stringify(profile));
    session.disconnect();
    console.log(`  · CPU profile of the measured phase: ${path}`);
  }
}
