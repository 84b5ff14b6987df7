import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@licita/event-store';
import { invalid, notFound } from '@licita/shared';
import { DataSource } from 'typeorm';
import { committedPart, publicFormOf, revealedBy, type PublicEvent } from '../domain/public-form';
import type { Checkpoint } from '../verification/checkpoint';
import { consistencyPath, inclusionPath } from '../verification/merkle';
import type { ConsistencyProof, ExportedEntry } from '../verification/verify-bundle';
import { LedgerKey, type PublishedKey } from './ledger-key';
import {
  latestCheckpoint,
  readCheckpoint,
  readCheckpoints,
  readEntries,
  readEntry,
  readStreamEntries,
  type StoredEntry,
  streamsHolding,
  withStoredTree,
} from './ledger-tables';

export interface InclusionProof {
  position: string;
  leafIndex: number;
  leafHash: string;
  /** The event's public form as the log holds it now: hash it to get `leafHash`. */
  event: PublicEvent | null;
  treeSize: number;
  /** Hex hashes, RFC 9162 §2.1.3, from the leaf up. */
  auditPath: string[];
  checkpoint: Checkpoint;
}

export type CheckpointPage = { checkpoints: Checkpoint[]; next: number | null };
export type CheckpointedConsistencyProof = ConsistencyProof & { fromCheckpoint: Checkpoint; toCheckpoint: Checkpoint };
export type ExportPage = { entries: ExportedEntry[]; next: string | null };
export type StreamEntries = { stream: string; entries: ExportedEntry[] };

const READ_PAGE = 1_000;

/** Reads of the public ledger: key, checkpoints, proofs, and the export of public events with their hashes. */
@Injectable()
export class LedgerQueries {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly key: LedgerKey,
  ) {}

  publicKey(): PublishedKey {
    return this.key.published();
  }

  async checkpoints(after: number, limit: number): Promise<CheckpointPage> {
    const checkpoints = await readCheckpoints(this.db, after, limit);
    return { checkpoints, next: checkpoints.length === limit ? checkpoints[checkpoints.length - 1].treeSize : null };
  }

  /** That the event at `position` is leaf `leafIndex` of the tree a checkpoint signed (the latest by default). */
  async inclusionProof(position: bigint, treeSize?: number): Promise<InclusionProof> {
    const entry = await readEntry(this.db, position);
    if (!entry)
      throw notFound('ledger.not_sealed', `no event at position ${position} is sealed in the ledger (yet)`, {
        position: position.toString(),
      });
    const checkpoint = await this.checkpoint(treeSize);
    if (entry.leafIndex >= checkpoint.treeSize) {
      throw notFound(
        'ledger.not_in_checkpoint',
        `position ${position} was sealed after checkpoint ${checkpoint.treeSize}; ask a later one`,
        {
          position: position.toString(),
          checkpoint: checkpoint.treeSize,
        },
      );
    }
    const path = await withStoredTree(this.db, (node) => inclusionPath(node, entry.leafIndex, checkpoint.treeSize));
    const [event] = await this.store.readAll({ fromPosition: position - 1n, maxCount: 1 });
    return {
      position: position.toString(),
      leafIndex: entry.leafIndex,
      leafHash: entry.leafHash,
      event: event?.globalPosition === position ? publicFormOf(event) : null,
      treeSize: checkpoint.treeSize,
      auditPath: path.map((hash) => hash.toString('hex')),
      checkpoint,
    };
  }

  /** That checkpoint `to` extends checkpoint `from` (RFC 9162 §2.1.4). */
  async consistencyProof(from: number, to: number): Promise<CheckpointedConsistencyProof> {
    if (from > to) throw invalid('ledger.invalid_range', `from (${from}) must not be after to (${to})`, { from, to });
    const [fromCheckpoint, toCheckpoint] = [await this.checkpoint(from), await this.checkpoint(to)];
    const path = await withStoredTree(this.db, (node) => consistencyPath(node, from, to));
    return { from, to, path: path.map((hash) => hash.toString('hex')), fromCheckpoint, toCheckpoint };
  }

  /**
   * Sealed events after `after` in global order, each with its public form (from the log as it is now), leaf and
   * chain hash. An event the log holds among them that the ledger never sealed is listed too, with no leaf.
   */
  async export(after: bigint, limit: number): Promise<ExportPage> {
    const stored = await readEntries(this.db, after, limit);
    if (stored.length === 0) return { entries: [], next: null };
    const last = stored[stored.length - 1].position;
    const events = await this.eventsBetween(after, last);
    const sealed = new Set(stored.map((entry) => entry.position));
    const unsealed = events.filter((event) => !sealed.has(event.globalPosition)).map(unsealedEntry);
    const entries = [...(await this.withEvents(stored, events)), ...unsealed].sort((a, b) =>
      BigInt(a.position) < BigInt(b.position) ? -1 : 1,
    );
    return { entries, next: stored.length === limit ? last.toString() : null };
  }

  /** The sealed events of one public stream (`tender-…`), in stream order: a procedure's timeline and its proofs. */
  async streamEntries(streamId: string): Promise<StreamEntries> {
    const stored = await readStreamEntries(this.db, streamId);
    if (stored.length === 0)
      throw notFound('ledger.stream_not_found', `the ledger has no public stream ${streamId}`, { stream: streamId });
    return { stream: streamId, entries: await this.withEvents(stored, await this.store.readStream(streamId)) };
  }

  private async checkpoint(treeSize?: number): Promise<Checkpoint> {
    const checkpoint =
      treeSize === undefined ? await latestCheckpoint(this.db) : await readCheckpoint(this.db, treeSize);
    if (checkpoint) return checkpoint;
    if (treeSize === undefined) throw notFound('ledger.no_checkpoint', 'the ledger has no signed checkpoint yet');
    throw notFound('ledger.checkpoint_not_found', `there is no checkpoint of tree size ${treeSize}`, {
      checkpoint: treeSize,
    });
  }

  /** Events after `after` up to `last` inclusive, in pages. */
  private async eventsBetween(after: bigint, last: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = after; ;) {
      const page = await this.store.readAll({ fromPosition: from, maxCount: READ_PAGE });
      events.push(...page.filter((event) => event.globalPosition <= last));
      if (page.length < READ_PAGE || page[page.length - 1].globalPosition >= last) return events;
      from = page[page.length - 1].globalPosition;
    }
  }

  /** By revealing event type (`TenderPublished`), the streams of these entries that hold one by now. */
  private async disclosedStreams(stored: StoredEntry[]): Promise<Map<string, Set<string>>> {
    const streamsByRevealer = new Map<string, Set<string>>();
    for (const entry of stored) {
      const revealer = revealedBy(entry.eventType);
      if (revealer && entry.streamId !== null)
        streamsByRevealer.set(revealer, (streamsByRevealer.get(revealer) ?? new Set()).add(entry.streamId));
    }
    const disclosed = new Map<string, Set<string>>();
    for (const [revealer, streams] of streamsByRevealer)
      disclosed.set(revealer, await streamsHolding(this.db, [...streams], revealer));
    return disclosed;
  }

  private async withEvents(stored: StoredEntry[], events: RecordedEvent[]): Promise<ExportedEntry[]> {
    const byPosition = new Map(events.map((event) => [event.globalPosition, event]));
    const disclosed = await this.disclosedStreams(stored);
    return stored.map((entry) => {
      const event = byPosition.get(entry.position);
      const revealer = revealedBy(entry.eventType);
      const shown = event ? publicFormOf(event) : null;
      const revealed =
        event && shown?.withheld && revealer && disclosed.get(revealer)?.has(entry.streamId as string)
          ? committedPart(event)
          : undefined;
      return {
        leafIndex: entry.leafIndex,
        position: entry.position.toString(),
        leafHash: entry.leafHash,
        chainHash: entry.chainHash,
        event: shown,
        ...(revealed ? { revealed } : {}),
      };
    });
  }
}

const unsealedEntry = (event: RecordedEvent): ExportedEntry => ({
  leafIndex: null,
  position: event.globalPosition.toString(),
  leafHash: null,
  chainHash: null,
  event: publicFormOf(event),
});
