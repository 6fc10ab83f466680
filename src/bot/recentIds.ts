/** Remembers ids for a while, in insertion order, up to a maximum count. */
export class RecentIds {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly maxCount: number,
  ) {}

  /** True when `id` was seen within the window; records it either way. */
  seen(id: string, now: number): boolean {
    for (const [oldest, at] of this.seenAt) {
      if (at > now - this.keepMs && this.seenAt.size < this.maxCount) break;
      this.seenAt.delete(oldest);
    }
    const known = this.seenAt.has(id);
    if (!known) this.seenAt.set(id, now);
    return known;
  }
}
