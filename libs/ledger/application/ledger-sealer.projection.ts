import { Inject, Optional } from '@nestjs/common';
import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { type LoggedEvent, publicFormOf } from '../domain/public-form';
import type { CheckpointBody } from '../verification/checkpoint';
import { hex, leafOf, nextChain } from '../verification/ledger-hashes';
import { merkleLeafHash, type PerfectNode } from '../verification/merkle';
import { LedgerKey } from './ledger-key';
import {
  type EntryRow,
  insertCheckpoints,
  insertEntries,
  insertNodes,
  loadTreeState,
  type TreeState,
} from './ledger-tables';

export interface Sealed {
  entries: EntryRow[];
  nodes: PerfectNode[];
  /** Checkpoints due at tree sizes that are multiples of `every`. */
  due: CheckpointBody[];
}

/**
 * Appends events to the ledger (advancing `state` in place): leaf, chain, Merkle subtrees. Events at or below
 * the last sealed position are skipped, so reading the log again never seals an event twice.
 */
export function seal(
  state: TreeState,
  events: readonly LoggedEvent[],
  options: { every: number; issuedAt: string },
): Sealed {
  const sealed: Sealed = { entries: [], nodes: [], due: [] };
  for (const event of events) {
    if (event.globalPosition <= state.lastPosition) continue;
    const publicEvent = publicFormOf(event);
    const leaf = leafOf(publicEvent);
    const leafIndex = state.frontier.size;
    state.chain = nextChain(state.chain, leaf);
    state.lastPosition = event.globalPosition;
    sealed.nodes.push(...state.frontier.append(merkleLeafHash(leaf)));
    sealed.entries.push({
      position: event.globalPosition,
      leafIndex,
      eventId: event.id,
      eventType: event.type,
      streamId: publicEvent.stream,
      streamRevision: event.streamRevision,
      leafHash: leaf,
      chainHash: state.chain,
    });
    if (state.frontier.size % options.every === 0) sealed.due.push(checkpointBody(state, options.issuedAt));
  }
  return sealed;
}

export function checkpointBody(state: TreeState, issuedAt: string): CheckpointBody {
  return {
    treeSize: state.frontier.size,
    position: state.lastPosition.toString(),
    rootHash: hex(state.frontier.root()),
    chainHash: hex(state.chain),
    issuedAt,
  };
}

/**
 * The sealer: the one writer of the ledger, a projection over the whole log, so it runs once at a time (the
 * runner's advisory lock), in global order, each batch committed with the runner's checkpoint. Appends never
 * wait for it: the chain is computed after the fact, over the order `readAll` gives on either adapter.
 */
@ProjectionProvider()
export class LedgerSealer implements Projection {
  readonly name = 'ledger-sealer';
  readonly version = 1;
  readonly filter: EventFilter = {};
  private readonly clock: Clock;

  constructor(
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'ledger'>,
    private readonly key: LedgerKey,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    const state = await loadTreeState(tx);
    const sealed = seal(state, events, {
      every: this.config.ledger.checkpointEveryEvents,
      issuedAt: this.clock.now().toISOString(),
    });
    await insertEntries(tx, sealed.entries);
    await insertNodes(tx, sealed.nodes);
    await insertCheckpoints(
      tx,
      sealed.due.flatMap((body) => this.key.sign(body) ?? []),
    );
  }

  /** The ledger is append-only: a rebuild reads the log again and seals only what is new. */
  async reset(): Promise<void> {}
}
