import { join } from 'node:path';
import { readNames } from '../durableJsonFile.js';
import { FileDownloads } from './downloads.js';
import { listNames, readAll, readDocument } from './documents.js';

/** The aggregates a store holds, in the order a move copies them. */
export const AGGREGATES = ['consults', 'contacts', 'acps', 'deaths', 'mdoSeries', 'mdoMeetings', 'rosters', 'channelAddresses', 'cardHandles', 'activities', 'downloads'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** One record with the key the store knows it by: a consult's id, a patient ref, `<object id>/<person id>` for a card handle. */
export interface KeyedRecord {
  key: string;
  record: unknown;
}

/** How many records are read into memory at once, so a million contacts never are. */
const BATCH = 2_000;

/**
 * Every record of a file store, aggregate by aggregate, in batches, as `npm run store:migrate`
 * moves them: read from the folders FileStore documents (see its layout), in name order, so two
 * runs over the same folder give the same records in the same order. Downloads come as
 * FileDownloads hands them out, with their data in base64; only those still waiting at `now`.
 */
export async function* fileSnapshot(root: string, now: Date): AsyncIterable<{ aggregate: Aggregate; records: KeyedRecord[] }> {
  const documents = async function* (aggregate: Aggregate, paths: string[], key: (record: Record<string, unknown>, path: string) => string) {
    for (let i = 0; i < paths.length; i += BATCH) {
      const slice = paths.slice(i, i + BATCH);
      const read = await readAll<Record<string, unknown>>(slice);
      const records = read.flatMap((record, j) => (record ? [{ key: key(record, slice[j]!), record }] : []));
      yield { aggregate, records };
    }
  };
  const byId = (record: Record<string, unknown>) => String(record.id);
  const byPatient = (record: Record<string, unknown>) => String(record.patientRef);

  yield* documents('consults', [...(await inFolder(root, 'consults', 'open')), ...(await inMonths(root, 'consults', 'closed'))], byId);
  yield* documents('contacts', await inMonths(root, 'contacts'), byId);
  yield* documents('acps', await inFolder(root, 'acp'), byPatient);
  yield* documents('deaths', await inFolder(root, 'deaths'), byPatient);
  yield* documents('mdoSeries', await inFolder(root, 'mdo', 'series'), byId);
  yield* documents('mdoMeetings', await inFolder(root, 'mdo', 'meetings'), byId);
  yield* documents('rosters', await inFolder(root, 'rosters'), (record) => String(record.rosterId));

  const addresses = (await readDocument<Record<string, unknown>>(join(root, 'channel-addresses.json'))) ?? {};
  yield { aggregate: 'channelAddresses', records: Object.keys(addresses).sort().map((key) => ({ key, record: addresses[key] })) };

  for (const path of await inFolder(root, 'cards')) {
    const objectId = path.split(/[\\/]/).at(-1)!.replace(/\.json$/, '');
    const handles = (await readDocument<Record<string, string>>(path)) ?? {};
    yield { aggregate: 'cardHandles', records: Object.keys(handles).sort().map((personId) => ({ key: `${objectId}/${personId}`, record: handles[personId] })) };
  }

  const claims: string[] = [];
  for (const bucket of (await readNames(join(root, 'activities'))).sort()) claims.push(...(await inFolder(root, 'activities', bucket)));
  yield* documents('activities', claims, (_record, path) => path.split(/[\\/]/).at(-1)!.replace(/\.json$/, ''));

  const waiting = await new FileDownloads(join(root, 'exports')).waiting(now);
  yield { aggregate: 'downloads', records: waiting.map(({ fileId, ...download }) => ({ key: fileId, record: { ...download, expiresAt: download.expiresAt.toISOString(), data: download.data.toString('base64') } })) };
}

async function inFolder(root: string, ...folder: string[]): Promise<string[]> {
  return (await listNames(join(root, ...folder))).filter((name) => name.endsWith('.json')).map((name) => join(root, ...folder, name));
}

/** `<folder>/<yyyy-mm>/*.json`. */
async function inMonths(root: string, ...folder: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const month of await listNames(join(root, ...folder))) paths.push(...(await inFolder(root, ...folder, month)));
  return paths;
}
