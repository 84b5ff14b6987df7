import { Inject, Injectable } from '@nestjs/common';
import { PUBLIC_READS } from '@licita/platform';
import { DataSource } from 'typeorm';
import { tenderFilter, type TenderFilter } from '../../application/public-tenders';
import type { CalendarKind } from '../projections/calendar-dates.projection';
import type { DeskScope } from '../domain/desk-calendar';
import type { CalendarWindow } from './feed-parameters';

/** One announced date of a public procedure. */
export type CalendarDate = {
  /** Stable across moves: `<tender id>/<kind or auction:id>` (the iCalendar UID is built from it). */
  id: string;
  tenderId: string;
  number: string | null;
  title: string;
  buyingUnit: { id: string; name: string | null };
  kind: CalendarKind;
  lotId: string | null;
  startsAt: string;
  endsAt: string | null;
  /** How many times the date moved (or was cancelled): iCalendar's SEQUENCE. */
  sequence: number;
  cancelled: boolean;
  /** When the date was set, last moved or cancelled. */
  updatedAt: string;
};

/** At most this many dates per answer (the earliest first). */
export const MAX_CALENDAR_DATES = 2000;

type Row = {
  tender_id: string;
  date_key: string;
  number: string | null;
  title: string;
  buying_unit_id: string;
  buying_unit_name: string | null;
  kind: CalendarKind;
  lot_id: string | null;
  starts_at: Date;
  ends_at: Date | null;
  sequence: number;
  cancelled: boolean;
  changed_at: Date;
};

/**
 * Reads of `calendar_dates` joined with the public procedures: the search's own filters (`tenderFilter`, so every
 * filter of /api/transparency/tenders narrows the calendar too), a window, and for a desk its unit or its supplier.
 * Auction participants are only ever compared, never read out.
 */
@Injectable()
export class PublicCalendar {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async dates(filter: TenderFilter, window: CalendarWindow, desk?: DeskScope): Promise<CalendarDate[]> {
    const { where, params } = tenderFilter(filter);
    const param = (value: unknown) => `$${params.push(value)}`;
    where.push(`c.starts_at >= ${param(window.from.toISOString())}::timestamptz`);
    where.push(`c.starts_at < ${param(window.to.toISOString())}::timestamptz`);
    if (desk?.desk === 'buyer') where.push(`t.buying_unit_id = ${param(desk.ownerId)}`);
    if (desk?.desk === 'supplier') {
      const supplier = param(desk.ownerId);
      where.push(`(${supplier} = ANY (c.participant_ids) OR EXISTS (
        SELECT 1 FROM supplier_proposals p WHERE p.tender_id = c.tender_id AND p.supplier_id = ${supplier} AND p.withdrawn_at IS NULL))`);
    }
    const rows: Row[] = await this.db.query(
      `SELECT c.tender_id, c.date_key, t.record->>'number' AS number, t.title, t.buying_unit_id, bu.name AS buying_unit_name,
              c.kind, c.lot_id, c.starts_at, c.ends_at, c.sequence, c.cancelled, c.changed_at
         FROM calendar_dates c
         JOIN transparency_tenders t ON t.tender_id = c.tender_id
         LEFT JOIN buying_units bu ON bu.buying_unit_id = t.buying_unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY c.starts_at, c.tender_id, c.date_key
        LIMIT ${MAX_CALENDAR_DATES}`,
      params,
    );
    return rows.map(toDate);
  }
}

function toDate(row: Row): CalendarDate {
  return {
    id: `${row.tender_id}/${row.date_key}`,
    tenderId: row.tender_id,
    number: row.number,
    title: row.title,
    buyingUnit: { id: row.buying_unit_id, name: row.buying_unit_name },
    kind: row.kind,
    lotId: row.lot_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    sequence: row.sequence,
    cancelled: row.cancelled,
    updatedAt: row.changed_at.toISOString(),
  };
}
