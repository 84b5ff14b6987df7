import { DiscoveryService } from '@nestjs/core';
import type { EventFilter, RecordedEvent } from '@licita/event-store';
import type { EntityManager } from 'typeorm';

/**
 * The transaction a projection writes in: a TypeORM `EntityManager` bound to one QueryRunner transaction.
 * Repositories (`tx.getRepository(...)`) and raw SQL (`tx.query(sql, params)`) both run inside it; the
 * runner commits it together with the projection's checkpoint, or rolls both back.
 */
export type ProjectionTransaction = EntityManager;

/** Where a batch stands in the log: the checkpoint it applies from (locked in its transaction) and the one it stores. */
export interface BatchContext {
  from: bigint;
  to: bigint;
}

/**
 * An asynchronous read model fed from the global event log. The runner delivers the events that match
 * `filter`, in global order, in batches; each batch and the checkpoint commit in one transaction, so a
 * batch is applied exactly once even across crashes and restarts.
 */
export interface Projection {
  /** Stable and unique (`tender-search`); the checkpoint and the advisory lock are keyed by it. */
  readonly name: string;
  /** Bump it when `handle` or the read-model schema changes meaning: the runner then rebuilds from zero. */
  readonly version: number;
  /** The events it needs, by event-type and/or stream-id prefix (both given: an event must match both). */
  readonly filter: EventFilter;
  /**
   * Applies a batch (1 to a few thousand events, ascending `globalPosition`) inside `tx`. Write in bulk
   * (one multi-row `INSERT … ON CONFLICT` per table) rather than per event: a rebuild replays everything.
   * Throwing rolls the whole batch back; the runner retries it later with back-off and never skips it.
   * `context` (given by the runner) lets a projection carry rows from one batch to the next (carried-rows.ts).
   */
  handle(events: RecordedEvent[], tx: ProjectionTransaction, context?: BatchContext): Promise<void>;
  /** Empties the read-model tables (`TRUNCATE …`) before a rebuild, inside `tx`. */
  reset(tx: ProjectionTransaction): Promise<void>;
  /**
   * Tables whose plain secondary indexes are dropped for a rebuild and built again at its end (deferred-indexes.ts):
   * worth it for tables whose rows are rewritten many times with indexed columns changing.
   */
  readonly rebuildWithoutIndexesOn?: string[];
}

/**
 * Marks a Nest provider that implements `Projection`; `ProjectionsModule` finds every such provider in the
 * application and hands it to the runner. Put the class in its context module's `providers`.
 */
export const RegisterProjection = DiscoveryService.createDecorator<void>();
