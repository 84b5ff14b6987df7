import type { BatchContext } from './projection';

/**
 * Rows a projection wrote, kept in memory for the next batches, which would otherwise read them back (a tender's
 * events span several batches): the most recently written, up to `limit`. They are trusted only while each batch
 * applies from exactly the checkpoint the batch that kept them stored: after a reset, a checkpoint moved past
 * events the projection does not read, or batches applied by another runner, the checkpoints differ and they are
 * dropped. A batch that rolls back keeps nothing and stores no checkpoint, so what was kept before stays true.
 * Kept rows must not be changed in place (the folds build new objects).
 */
export class CarriedRows<T> {
  private rows = new Map<string, T>();
  private upTo?: bigint;

  constructor(private readonly limit = 20_000) {}

  /** The rows known for a batch applying from `context.from`: read them, do not change them. */
  rowsFor(context: BatchContext | undefined): ReadonlyMap<string, T> {
    if (context === undefined || this.upTo !== context.from) {
      this.rows = new Map();
      this.upTo = undefined;
    }
    return this.rows;
  }

  /** Keeps `rows` as the read model holds them once the batch storing `context.to` commits. */
  keep(context: BatchContext | undefined, rows: Map<string, T>): void {
    if (context === undefined) return;
    for (const [key, row] of rows) {
      this.rows.delete(key); // to the end: the oldest go first
      this.rows.set(key, row);
    }
    for (const key of this.rows.keys()) {
      if (this.rows.size <= this.limit) break;
      this.rows.delete(key);
    }
    this.upTo = context.to;
  }
}
