import { KeyedQueue } from './keyedQueue.js';

/**
 * Appends that arrive while a write is under way go out together with the next write: one flush
 * (and one checkpoint) per batch, not per append. Each `add` resolves with its own result once
 * its batch is durable, or fails with the batch.
 */
export class AppendBatches<Item, Result> {
  private readonly queue = new KeyedQueue();
  private pending: { item: Item; done: (result: Result) => void; failed: (error: Error) => void }[] = [];

  /** `write` stores a batch in order and answers one result per item. */
  constructor(private readonly write: (items: Item[]) => Promise<Result[]>) {}

  add(item: Item): Promise<Result> {
    const added = new Promise<Result>((done, failed) => this.pending.push({ item, done, failed }));
    void this.queue.run('append', () => this.writePending());
    return added;
  }

  private async writePending(): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      const results = await this.write(batch.map(({ item }) => item));
      batch.forEach(({ done }, i) => done(results[i]!));
    } catch (error) {
      for (const { failed } of batch) failed(error as Error);
    }
  }
}
