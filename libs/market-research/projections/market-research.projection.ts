import { isEventOf, type EventFilter, type RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { MARKET_RESEARCH_EVENT_TYPES, type MarketResearchEvent } from '../domain/market-research.events';

/**
 * `market_research` (one row per research: its items, deadline, addressees and the tender it is attached to) and
 * `market_research_answers` (each supplier's latest answer). Not public as such: the queries decide who reads
 * what (market-research-queries.ts). Each event is one statement, idempotent by its natural key, so a batch
 * replayed after a crash changes nothing.
 */
@ProjectionProvider()
export class MarketResearchProjection implements Projection {
  readonly name = 'market-research';
  readonly version = 1;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...MARKET_RESEARCH_EVENT_TYPES],
    streamPrefixes: ['market-research-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const event of events) {
      if (isEventOf<MarketResearchEvent>(event, ...MARKET_RESEARCH_EVENT_TYPES))
        await apply(tx, event, String(event.metadata.actor ?? ''));
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE market_research, market_research_answers');
  }
}

async function apply(tx: ProjectionTransaction, event: MarketResearchEvent, actor: string): Promise<void> {
  switch (event.type) {
    case 'MarketResearchRequested': {
      const d = event.data;
      await tx.query(
        `INSERT INTO market_research (research_id, buying_unit_id, title, items, deadline, invited, supplier_ids,
                                      requested_at, requested_by)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::text[], $8, $9)
         ON CONFLICT (research_id) DO NOTHING`,
        [
          d.researchId,
          d.buyingUnitId,
          d.title,
          JSON.stringify(d.items),
          d.deadline,
          d.invited,
          d.supplierIds,
          d.requestedAt,
          actor,
        ],
      );
      return;
    }
    case 'MarketResearchAnswered':
    case 'MarketResearchAnswerRevised': {
      const d = event.data;
      await tx.query(
        `INSERT INTO market_research_answers (research_id, supplier_id, prices, notes, valid_until, first_answered_at,
                                              answered_at, revision)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $6, $7)
         ON CONFLICT (research_id, supplier_id) DO UPDATE
           SET prices = EXCLUDED.prices, notes = EXCLUDED.notes, valid_until = EXCLUDED.valid_until,
               answered_at = EXCLUDED.answered_at, revision = EXCLUDED.revision
         WHERE market_research_answers.revision < EXCLUDED.revision`,
        [d.researchId, d.supplierId, JSON.stringify(d.prices), d.notes, d.validUntil, d.answeredAt, d.revision],
      );
      return;
    }
    case 'MarketResearchAttached':
      await tx.query('UPDATE market_research SET tender_id = $2, attached_at = $3 WHERE research_id = $1', [
        event.data.researchId,
        event.data.tenderId,
        event.data.attachedAt,
      ]);
      return;
  }
}
