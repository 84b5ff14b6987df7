import type { Pool } from 'pg';

/**
 * The highest global position that no writer can still fill in below.
 *
 * Writers commit out of position order: a transaction may hold position 5 while position 6 is already
 * committed, and a reader that moved past 6 would never see 5. Every appending transaction takes its
 * transaction id before its first position, so once we have read the sequence's last value `h`, every
 * transaction that holds a position ≤ h already had an id below the `xmax` of any snapshot taken after that
 * read. When the oldest running transaction id (`xmin`) has passed that `xmax`, all of them are finished —
 * committed or rolled back — and everything up to `h` is final.
 *
 * Transactions of unrelated work in the same cluster can delay the frontier (never move it wrongly); they
 * are short here (projection batches), so the delay is milliseconds.
 */
export class SafeFrontier {
  private safe = 0n;

  constructor(
    private readonly pool: Pool,
    private readonly sequence = 'es_events_global_position_seq',
  ) {}

  /** The last frontier known to be safe, without asking the database. */
  get known(): bigint {
    return this.safe;
  }

  /** A fresh frontier: waits (briefly) for the writers in flight now to finish. */
  async advance(maxWaitMs = 2_000): Promise<bigint> {
    const [sequence, snapshot] = (await this.pool.query(
      `SELECT last_value::text AS last_value, is_called FROM ${this.sequence};
       SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax FROM pg_current_snapshot() s`,
    )) as unknown as [{ rows: { last_value: string; is_called: boolean }[] }, { rows: { xmin: string; xmax: string }[] }];
    const head = sequence.rows[0].is_called ? BigInt(sequence.rows[0].last_value) : 0n;
    const xmax = BigInt(snapshot.rows[0].xmax);
    let xmin = BigInt(snapshot.rows[0].xmin);
    for (let waited = 0, pause = 1; xmin < xmax; waited += pause, pause = Math.min(pause * 2, 25)) {
      if (waited >= maxWaitMs) return this.safe;
      await sleep(pause);
      const { rows } = await this.pool.query<{ xmin: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
      xmin = BigInt(rows[0].xmin);
    }
    if (head > this.safe) this.safe = head;
    return this.safe;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
