import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { insertRows, ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { EXECUTION_EVENT_TYPES, type ExecutionEvent } from '../domain/execution.types';

/**
 * What the public may see of an execution event. An invoice's CFDI XML is the parties' own: it carries the RFCs
 * (personal data when the supplier is a person) and the receiver's fiscal details, so the public record keeps the
 * folio fiscal (UUID), the folio, the amount and the dates, and only whether an XML was filed.
 */
export function publicExecutionEvent({ type, data }: ExecutionEvent): ExecutionEvent {
  if (type !== 'InvoiceRegistered') return { type, data } as ExecutionEvent;
  return { type, data: { ...data, xml: null, xmlFiled: data.xml !== null } as typeof data };
}

/**
 * `contract_execution_events`: every execution event of a contract (stream `contract-execution-<id>`), in stream
 * order, as the public may see it; the reads fold them with the decider's `evolve` and compute the flags at the
 * time of asking. Idempotent: keyed by contract and stream revision.
 */
@ProjectionProvider()
export class ContractExecutionProjection implements Projection {
  readonly name = 'contract-execution';
  readonly version = 1;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...EXECUTION_EVENT_TYPES],
    streamPrefixes: ['contract-execution-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    const rows = events
      .filter((event) => (EXECUTION_EVENT_TYPES as readonly string[]).includes(event.type))
      .map((event) => {
        const shown = publicExecutionEvent({ type: event.type, data: event.data } as unknown as ExecutionEvent);
        return {
          contract_id: (event.data as { contractId: string }).contractId,
          stream_revision: event.streamRevision.toString(),
          type: event.type,
          data: shown.data,
          recorded_at: event.recordedAt.toISOString(),
        };
      });
    if (rows.length === 0) return;
    await insertRows(
      tx,
      'contract_execution_events',
      { contract_id: 'text', stream_revision: 'bigint', type: 'text', data: 'jsonb', recorded_at: 'timestamptz' },
      rows,
      'ON CONFLICT DO NOTHING',
    );
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE contract_execution_events');
  }
}
