import type { AllStreamRecordedEvent } from '@eventstore/db-client';

/** A recorded event as the v6 client hands it over from `$all`, for tests that run without a server. */
export function aClientEvent(
  position: bigint,
  overrides: {
    type?: string;
    streamId?: string;
    revision?: bigint;
    metadata?: Record<string, unknown>;
    data?: Record<string, unknown>;
  } = {},
): AllStreamRecordedEvent {
  return {
    streamId: overrides.streamId ?? 'tender-1',
    id: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    isJson: true,
    revision: overrides.revision ?? 0n,
    type: overrides.type ?? 'TenderPublished',
    created: new Date('2026-01-15T16:00:00.123Z'),
    data: overrides.data ?? { title: 'Medicamentos' },
    metadata: overrides.metadata ?? {
      actor: 'account-1',
      correlationId: 'c-1',
      occurredAt: '2026-01-15T16:00:00.000Z',
    },
    position: { commit: position, prepare: position },
  };
}

/** A system event (`$>` link, `$metadata`, …) is binary or JSON; mapping it would fail, so it must be skipped. */
export function aSystemEvent(position: bigint, type = '$>'): AllStreamRecordedEvent {
  return {
    streamId: '$ce-tender',
    id: `00000000-0000-4000-9000-${position.toString().padStart(12, '0')}`,
    isJson: false,
    revision: 0n,
    type,
    created: new Date('2026-01-15T16:00:00.123Z'),
    data: new Uint8Array([48, 64, 116]),
    metadata: undefined,
    position: { commit: position, prepare: position },
  };
}
