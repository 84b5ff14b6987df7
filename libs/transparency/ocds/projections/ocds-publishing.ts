import type { EventMetadata } from '@licita/event-store';
import { applyToProcess, newProcess, tagsFor, type OcdsProcess, type OcdsSourceEvent } from './ocds-process';
import type { ReleaseMeta } from './ocds-release';

/**
 * When a process gets a release: **one release per command** that changed something a release shows. The
 * events one command appended to one stream (consecutive revisions with the same actor, correlation, causation
 * and time) form a group: an amendment and the deadline it moves, the awards of every lot, a desertion and
 * the tender's, are one release whose tags are the union of theirs. The group's release is rendered after
 * each of its events, so if a batch of the projection ends inside a group the next batch rewrites that same
 * release (same id) with the rest: the outcome never depends on where batches end, and a rebuild gives the
 * same releases.
 *
 * Release ids are `<ocid>-<n>` (1, 2, 3… per process), dates are the events' `occurredAt`. Nothing is
 * published before the call (a draft is the buying unit's own), or before the award of a direct award.
 */
export type ReleaseGroup = {
  streamId: string;
  /** Stream revision of its last event, as text (JSON has no bigint). */
  revision: string;
  key: string;
  releaseId: string | null;
  tags: string[];
  previousReleaseId: string | null;
};

export type PublishedProcess = {
  ocid: string;
  process: OcdsProcess;
  releaseCount: number;
  latestReleaseId: string | null;
  group: ReleaseGroup | null;
};

export type SourceRecord = OcdsSourceEvent & { streamId: string; streamRevision: bigint; metadata: EventMetadata };

export const newPublishedProcess = (ocidPrefix: string, tenderId: string): PublishedProcess => ({
  ocid: `${ocidPrefix}${tenderId}`,
  process: newProcess(tenderId),
  releaseCount: 0,
  latestReleaseId: null,
  group: null,
});

/** Applies one event; `release` is what to (re)write for it, if anything. */
export function publish(
  state: PublishedProcess,
  event: SourceRecord,
): { state: PublishedProcess; release: ReleaseMeta | null } {
  const key = groupKey(event.metadata);
  const last = state.group;
  const continues =
    last !== null &&
    last.streamId === event.streamId &&
    BigInt(last.revision) + 1n === event.streamRevision &&
    last.key === key;
  const group: ReleaseGroup = continues
    ? last
    : {
        streamId: event.streamId,
        revision: '',
        key,
        releaseId: null,
        tags: [],
        previousReleaseId: state.latestReleaseId,
      };

  const releaseId = group.releaseId ?? `${state.ocid}-${state.releaseCount + 1}`;
  const tags = [...new Set([...group.tags, ...tagsFor(event, state.process)])];
  const process = applyToProcess(state.process, event, { releaseId, previousReleaseId: group.previousReleaseId });
  const emits = process.isPublic && (group.releaseId !== null || tags.length > 0);

  const next: PublishedProcess = {
    ...state,
    process,
    releaseCount: emits && group.releaseId === null ? state.releaseCount + 1 : state.releaseCount,
    latestReleaseId: emits ? releaseId : state.latestReleaseId,
    group: { ...group, revision: String(event.streamRevision), tags, releaseId: emits ? releaseId : null },
  };
  return {
    state: next,
    release: emits ? { ocid: state.ocid, id: releaseId, date: event.metadata.occurredAt, tags } : null,
  };
}

const groupKey = (metadata: EventMetadata) =>
  [metadata.actor, metadata.correlationId, metadata.causationId ?? '', metadata.occurredAt].join('|');
