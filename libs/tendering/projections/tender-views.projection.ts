import type { EventFilter, RecordedEvent } from '@licita/event-store';
import {
  CarriedRows,
  insertRows,
  ProjectionProvider,
  type BatchContext,
  type Projection,
  type ProjectionTransaction,
} from '@licita/projections';
import { TENDER_EVENT_TYPES, type TenderEvent } from '../domain/tender.events';
import type { ActIssued } from '@licita/documents';
import { applyToView, withActDocument, type TenderView } from './tender-view';

const TYPES = new Set<string>([...TENDER_EVENT_TYPES, 'ActIssued']);

/**
 * `tender_views`: one row per tender with the view the parties and the public may read (see tender-view.ts:
 * no askers, nothing sealed). Per batch: read the views of the tenders it touches (those the last batches
 * wrote are carried over), fold the events, write them back in one statement. The view is stored as `json` (kept as written, served whole, never queried
 * inside): cheaper to write and to read than `jsonb` for a document of several kilobytes rewritten as a
 * tender moves on.
 */
@ProjectionProvider()
export class TenderViewsProjection implements Projection {
  readonly name = 'tender-views';
  /** 2: the acts issued as documents (`ActIssued` of `document-<id>`, by libs/acts) are listed in `actDocuments`; 3: the procedure
   * `number` (ProcedureNumberAssigned) and the end of the submission period (SubmissionPeriodEnded); 4: a consolidated
   * purchase's participating units' own contracts (`UnitContractSigned`, `UnitContractClosed`). */
  readonly version = 4;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...TENDER_EVENT_TYPES, 'ActIssued'],
    streamPrefixes: ['tender-', 'document-'],
  };

  /** The views the last batches wrote: a tender's events span several batches. */
  private readonly carried = new CarriedRows<TenderView>();

  async handle(events: RecordedEvent[], tx: ProjectionTransaction, context?: BatchContext): Promise<void> {
    const relevant = events.filter((event) => TYPES.has(event.type));
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((event) => tenderIdOf(event)))];
    const known = this.carried.rowsFor(context);
    const rows: Array<{ tender_id: string; view: TenderView }> = await tx.query(
      'SELECT tender_id, view FROM tender_views WHERE tender_id = ANY ($1::text[])',
      [ids.filter((id) => !known.has(id))],
    );
    const views = new Map<string, TenderView | null>(rows.map((row) => [row.tender_id, row.view]));
    for (const id of ids) if (known.has(id)) views.set(id, known.get(id) as TenderView);
    const updatedAt = new Map<string, string>();
    for (const event of relevant) {
      const tenderId = tenderIdOf(event);
      const view = views.get(tenderId) ?? null;
      views.set(
        tenderId,
        event.type === 'ActIssued'
          ? view && withActDocument(view, event as unknown as ActIssued, event.metadata.occurredAt)
          : applyToView(view, { type: event.type, data: event.data } as TenderEvent),
      );
      updatedAt.set(tenderId, event.metadata.occurredAt);
    }
    const changed = [...views].filter(
      (entry): entry is [string, TenderView] => entry[1] !== null && updatedAt.has(entry[0]),
    );
    if (changed.length === 0) return;
    await insertRows(
      tx,
      'tender_views',
      {
        tender_id: 'text',
        buying_unit_id: 'text',
        status: 'text',
        procedure_type: 'text',
        view: 'json',
        updated_at: 'timestamptz',
      },
      changed.map(([tenderId, view]) => ({
        tender_id: tenderId,
        buying_unit_id: view.buyingUnitId,
        status: view.status,
        procedure_type: view.procedureType,
        view,
        updated_at: updatedAt.get(tenderId),
      })),
      `ON CONFLICT (tender_id) DO UPDATE SET buying_unit_id = EXCLUDED.buying_unit_id, status = EXCLUDED.status,
         procedure_type = EXCLUDED.procedure_type, view = EXCLUDED.view, updated_at = EXCLUDED.updated_at`,
    );
    this.carried.keep(context, new Map(changed));
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE tender_views');
  }
}

const tenderIdOf = (event: RecordedEvent) =>
  event.type === 'ActIssued'
    ? String((event.data as ActIssued['data']).act.tenderId)
    : String((event.data as { tenderId: string }).tenderId);
