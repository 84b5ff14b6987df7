import type { Pool } from 'pg';

/**
 * The highest global position that no writer can still fill in below.
 *
 * Writers commit out of position order: a transaction may hold position 5 while position 6 is already
 * committed, and a reader that moved past 6 would never see 5. Every appending transaction takes its
 * transaction id before its first position. So we read the sequence's last value `h` first, then take a
 * transaction id of our own (`mine`, in a transaction rolled back at once): every writer holding a position
 * ≤ h got its id before ours. Once no transaction below `mine` is running — the oldest running id (`xmin`
 * of a fresh snapshot) has reached it — all of them have committed or rolled back and everything up to `h`
 * is final.
 *
 * Why our own id: a snapshot's `xmax` is the newest *completed* id + 1, so a running writer holding the
 * newest id is in neither its `xip` nor below its `xmax`; comparing against our id after it completed
 * (rolled back) closes that hole.
 *
 * Transactions of unrelated work in the same cluster can delay the frontier (never move it wrongly); they
 * are short here (projection batches), so the delay is milliseconds. Each advance uses one transaction id
 * (a rollback: no WAL flush).
 */
export class SafeFrontier {
  private safe = 0n;
  /** The advance running now, and the one that starts when it is done (shared by everyone who asked meanwhile). */
  private running?: Promise<bigint>;
  private queued?: Promise<bigint>;

  constructor(
    private readonly pool: Pool,
    private readonly sequence = 'es_events_global_position_seq',
  ) {}

  /** The last frontier known to be safe, without asking the database. */
  get known(): bigint {
    return this.safe;
  }

  /**
   * A fresh frontier: waits (briefly) for the writers in flight now to finish. Callers at the same time share
   * one advance, as long as it starts after they asked (so it covers every append they have seen committed):
   * while one runs, the callers wait for the next one, which starts when it is done. Every subscriber of a
   * process wakes on the same append, so this saves a round of queries per subscriber and append.
   */
  advance(): Promise<bigint> {
    if (!this.running) {
      const running = this.advanceNow().finally(() => {
        if (this.running === running) this.running = undefined;
      });
      this.running = running;
      return running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.advance();
      });
    return this.queued;
  }

  private async advanceNow(maxWaitMs = 2_000): Promise<bigint> {
    const { head, mine, xmin: first } = await this.readHeadAndTakeId();
    let xmin = first;
    for (let waited = 0, pause = 1; xmin < mine; waited += pause, pause = Math.min(pause * 2, 25)) {
      if (waited >= maxWaitMs) return this.safe;
      await sleep(pause);
      const { rows } = await this.pool.query<{ xmin: string }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
      );
      xmin = BigInt(rows[0].xmin);
    }
    if (head > this.safe) this.safe = head;
    return this.safe;
  }

  /** One round trip; on a dedicated client, since a failure mid-batch would leave it inside the transaction. */
  private async readHeadAndTakeId(): Promise<{ head: bigint; mine: bigint; xmin: bigint }> {
    const client = await this.pool.connect();
    try {
      // Several statements in one query answer one result per statement (pg's types only know the single one).
      const results: unknown = await client.query(
        `BEGIN;
         SELECT last_value::text AS last_value, is_called FROM ${this.sequence};
         SELECT pg_current_xact_id()::text AS mine;
         ROLLBACK;
         SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
      );
      client.release();
      const [, sequence, mine, , xmin] = rowsOf(results);
      return {
        head: sequence.is_called === true ? BigInt(String(sequence.last_value)) : 0n,
        mine: BigInt(String(mine.mine)),
        xmin: BigInt(String(xmin.xmin)),
      };
    } catch (error) {
      client.release(true);
      throw error;
    }
  }
}

type Row = Record<string, string | boolean | undefined>;

/** The first row of each statement's result. */
function rowsOf(results: unknown): Row[] {
  if (!Array.isArray(results)) throw new TypeError('expected one result per statement');
  return results.map((result: { rows?: Row[] }) => result.rows?.[0] ?? {});
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
