import type { Pool } from 'pg';

/**
 * The highest global position that no writer can still fill in below.
 *
 * Writers commit out of position order: a transaction may hold position 5 while position 6 is already
 * committed, and a reader that moved past 6 would never see 5. Every append (`es_append`) first takes a shared
 * transaction-scoped advisory lock, "an append in flight" (`APPENDS_IN_FLIGHT_LOCK`), and only then a position.
 * So we read the sequence's last value `h` first, then the transactions holding that lock: every writer holding
 * a position ≤ h took the lock before we read `h`, so it is among them unless it has already ended. Once none of
 * them holds the lock any more, each has committed (and is visible: PostgreSQL releases a transaction's locks
 * after its commit is visible) or rolled back, and everything up to `h` is final.
 *
 * Only appends can hold the frontier back, and only for as long as they run (milliseconds): a long report query,
 * a rebuild's batch or any other transaction in the cluster does not (the frontier once followed the
 * cluster-wide oldest transaction, and any of those delayed every subscriber by its whole length). Shared
 * locks never wait for one another, so appends do not queue behind it. No transaction id is used.
 */
export class SafeFrontier {
  private safe = 0n;
  /** The advance running now, and the one that starts when it is done (shared by everyone who asked meanwhile). */
  private running?: Promise<bigint>;
  private queued?: Promise<bigint>;

  constructor(
    private readonly pool: Pool,
    private readonly sequence = 'es_events_global_position_seq',
    /** How long an advance waits for the writers in flight before it answers the last safe frontier. */
    private readonly maxWaitMs = 2_000,
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

  private async advanceNow(maxWaitMs = this.maxWaitMs): Promise<bigint> {
    const { head, writers } = await this.readHeadAndWriters();
    let running = writers.length;
    for (let waited = 0, pause = 1; running > 0; waited += pause, pause = Math.min(pause * 2, 25)) {
      if (waited >= maxWaitMs) return this.safe;
      await sleep(pause);
      const { rows } = await this.pool.query<{ running: number }>(
        `SELECT count(*)::int AS running FROM pg_locks WHERE ${IN_FLIGHT} AND virtualtransaction = ANY($1::text[])`,
        [writers],
      );
      running = rows[0].running;
    }
    if (head > this.safe) this.safe = head;
    return this.safe;
  }

  /** One round trip: the sequence first, then the appends in flight (the order is what makes it safe). */
  private async readHeadAndWriters(): Promise<{ head: bigint; writers: string[] }> {
    // Several statements in one query answer one result per statement (pg's types only know the single one).
    const results: unknown = await this.pool.query(
      `SELECT last_value::text AS last_value, is_called FROM ${this.sequence};
       SELECT array_agg(virtualtransaction)::text[] AS writers FROM pg_locks WHERE ${IN_FLIGHT}`,
    );
    const [sequence, inFlight] = rowsOf(results);
    return {
      head: sequence.is_called === true ? BigInt(String(sequence.last_value)) : 0n,
      writers: Array.isArray(inFlight.writers) ? inFlight.writers.map(String) : [],
    };
  }
}

/** The shared lock every append takes before its first position (see postgres-event-store.schema.ts). */
export const APPENDS_IN_FLIGHT_LOCK = [7_150_300, 0] as const;

// Advisory locks belong to a database, and so do the sequence and the appends: writers to the other databases of
// the cluster (the test suite's one database per file, a second tenant) cannot fill in a position here and must
// not hold this frontier back (under load they kept it waiting past maxWaitMs, and a subscriber got a stale one).
const IN_FLIGHT = `locktype = 'advisory' AND classid = ${APPENDS_IN_FLIGHT_LOCK[0]}::oid
  AND objid = ${APPENDS_IN_FLIGHT_LOCK[1]}::oid AND objsubid = 2
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

type Row = Record<string, string | boolean | unknown[] | undefined>;

/** The first row of each statement's result. */
function rowsOf(results: unknown): Row[] {
  if (!Array.isArray(results)) throw new TypeError('expected one result per statement');
  return results.map((result: { rows?: Row[] }) => result.rows?.[0] ?? {});
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
