import { Inject, Injectable, Optional } from '@nestjs/common';
import { camelCased, invalid, notFound, searchWords } from '@licita/shared';
import { LICITA_CONFIG, listTotal, PUBLIC_READS, totalBound, type ListTotal } from '@licita/platform';
import { DataSource } from 'typeorm';
import type { PersonType } from '../domain/rfc';
import type { SupplierAddress, SupplierContact, SupplierSize } from '../domain/supplier.commands';
import type { SupplierStatus } from '../domain/supplier.decider';

/**
 * The public supplier directory, profiles and the directory of sanctioned suppliers, from the
 * `supplier-register` projection (eventually consistent: a change shows after the projection applies it).
 *
 * Who sees what (decided here, in one place):
 * - The public sees suppliers that are `verified` or `suspended`: what CompraNet's register publishes.
 *   Pending and rejected applications are seen by registrars and auditors (staff) only, and by the supplier.
 * - Public profile of a legal entity (persona moral): RFC, legal name, size, full business address and
 *   business contact, classifier codes, status, sanctions. Of an individual (persona física): RFC, name,
 *   size, municipality and state only: no street, postal code or contact (personal data of a private person).
 * - Staff and the supplier itself see every field, plus the reason of a rejection or suspension.
 * - Sanctions are public for every supplier, current and historic, with resolution number and reason,
 *   as in the SFP's Directorio de Proveedores y Contratistas Sancionados.
 */
export type Viewer = { staff: boolean; supplierId?: string };

export const PUBLIC_STATUSES: readonly SupplierStatus[] = ['verified', 'suspended'];
export const MAX_PAGE_SIZE = 100;

export type SanctionStatus = 'scheduled' | 'in_force' | 'lifted' | 'ended';

export type SanctionView = {
  sanctionId: string;
  startsAt: string;
  /** `null`: until lifted. */
  endsAt: string | null;
  reason: string;
  resolutionNumber: string;
  /** At the time of the query: `ended` once the end date passed (whether or not the expiry was recorded yet). */
  status: SanctionStatus;
  liftedAt: string | null;
  liftReason: string | null;
  /** When the platform recorded the end (SanctionExpired, by the scheduler). */
  expiredAt: string | null;
};

export type SupplierSummary = {
  supplierId: string;
  rfc: string;
  legalName: string;
  personType: PersonType;
  size: SupplierSize;
  state: string;
  municipality: string;
  classifierCodes: string[];
  status: SupplierStatus;
};

export type SupplierProfile = SupplierSummary & {
  address: Partial<SupplierAddress>;
  contact: SupplierContact | null;
  /** Only for staff and the supplier itself. */
  statusReason?: string | null;
  registeredAt: string;
  verifiedAt: string | null;
  /** Verified and under no sanction in force now: may submit proposals, bid and be awarded. */
  eligible: boolean;
  sanctions: SanctionView[];
};

/** A page of a list and the list's total (exact up to LIST_TOTAL_EXACT_BOUND, then PostgreSQL's estimate). */
export type Page<T> = { items: T[]; nextCursor: string | null; total: ListTotal };

export type SupplierSearch = {
  q?: string;
  rfc?: string;
  code?: string;
  size?: SupplierSize;
  state?: string;
  status?: SupplierStatus;
  cursor?: string;
  limit?: number;
};

export type SanctionedSupplier = SanctionView & { supplierId: string; rfc: string; legalName: string };

const SANCTION_STATUS = `CASE
    WHEN s.lifted_at IS NOT NULL AND s.lifted_at <= $1 THEN 'lifted'
    WHEN s.ends_at IS NOT NULL AND s.ends_at <= $1 THEN 'ended'
    WHEN s.starts_at > $1 THEN 'scheduled'
    ELSE 'in_force' END`;

@Injectable()
export class SupplierQueries {
  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: { listTotalBound?: number },
  ) {}

  private total(select: string, params: unknown[]): Promise<ListTotal> {
    return listTotal(this.db, select, params, totalBound(this.config));
  }

  /** Search by words of the name or RFC (`q`), RFC, classifier code, size, state, status; ordered by name. */
  async directory(search: SupplierSearch, viewer: Viewer): Promise<Page<SupplierSummary>> {
    const limit = search.limit ?? 20;
    const after = decodeCursor(search.cursor, 2);
    const { where, params } = directoryFilter(search, viewer);
    const rows: DirectoryRow[] = await this.db.query(
      `SELECT * FROM supplier_directory
       WHERE ${where} AND ($8::text IS NULL OR (sort_name, supplier_id) > ($8, $9))
       ORDER BY sort_name, supplier_id LIMIT $10`,
      [...params, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summary),
      nextCursor: rows.length > limit ? encodeCursor([last.sort_name, last.supplier_id]) : null,
      total: await this.total(`SELECT 1 FROM supplier_directory WHERE ${where}`, params),
    };
  }

  /** One supplier as this viewer may see it; `supplier.not_found` (404) also when it is not visible to them. */
  async profile(supplierId: string, viewer: Viewer, now: Date): Promise<SupplierProfile> {
    const [row]: DirectoryRow[] = await this.db.query('SELECT * FROM supplier_directory WHERE supplier_id = $1', [
      supplierId,
    ]);
    if (!row || !canSee(row, viewer)) throw notFound('supplier.not_found', `no supplier ${supplierId}`);
    const sanctions = await this.sanctionsOf(supplierId, now);
    const full = fullView(row, viewer);
    return {
      ...summary(row),
      address:
        full || row.person_type === 'legal_entity'
          ? row.address
          : { municipality: row.address.municipality, state: row.address.state },
      contact: full || row.person_type === 'legal_entity' ? row.contact : null,
      ...(full ? { statusReason: row.status_reason } : {}),
      registeredAt: row.registered_at.toISOString(),
      verifiedAt: row.verified_at?.toISOString() ?? null,
      eligible: row.status === 'verified' && !sanctions.some((s) => s.status === 'in_force'),
      sanctions,
    };
  }

  /**
   * The directory of sanctioned suppliers at `now`: `current: true` those not ended (in force, or resolved
   * to start later), `current: false` the historic ones (lifted or past their end date), unset both.
   */
  async sanctions(
    search: { current?: boolean; cursor?: string; limit?: number },
    now: Date,
  ): Promise<Page<SanctionedSupplier>> {
    const limit = search.limit ?? 20;
    const after = decodeCursor(search.cursor, 3);
    const { from, params } = sanctionFilter(search, now);
    const sanctioned = `SELECT * ${from}`;
    const rows: Array<SanctionRow & { rfc: string; legal_name: string; status: SanctionStatus }> = await this.db.query(
      `${sanctioned}
         AND ($3::timestamptz IS NULL OR (starts_at, supplier_id, sanction_id) < ($3, $4, $5))
       ORDER BY ${SANCTION_ORDER} LIMIT $6`,
      [...params, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        supplierId: row.supplier_id,
        rfc: row.rfc,
        legalName: row.legal_name,
        ...sanctionView(row),
      })),
      nextCursor:
        rows.length > limit ? encodeCursor([last.starts_at.toISOString(), last.supplier_id, last.sanction_id]) : null,
      total: await this.total(sanctioned, params),
    };
  }

  private async sanctionsOf(supplierId: string, now: Date): Promise<SanctionView[]> {
    const rows: Array<SanctionRow & { status: SanctionStatus }> = await this.db.query(
      `SELECT s.*, ${SANCTION_STATUS} AS status FROM supplier_sanctions s WHERE s.supplier_id = $2 ORDER BY s.starts_at DESC, s.sanction_id`,
      [now.toISOString(), supplierId],
    );
    return rows.map(sanctionView);
  }
}

/** The sanctions directory's order, newest first. */
export const SANCTION_ORDER = 'starts_at DESC, supplier_id DESC, sanction_id DESC';

/**
 * FROM … WHERE … of the sanctions directory (`$1` now, `$2` the statuses wanted), with each sanction's supplier's
 * RFC and name and its status at `now`: the one place its filter becomes SQL, so the list and its export agree.
 */
export function sanctionFilter(search: { current?: boolean }, now: Date): { from: string; params: unknown[] } {
  const wanted = search.current === undefined ? null : search.current ? ['in_force', 'scheduled'] : ['lifted', 'ended'];
  return {
    from: `FROM (
         SELECT s.*, d.rfc, d.legal_name, ${SANCTION_STATUS} AS status
         FROM supplier_sanctions s JOIN supplier_directory d USING (supplier_id)
       ) AS sanctions
       WHERE ($2::text[] IS NULL OR status = ANY ($2::text[]))`,
    params: [now.toISOString(), wanted],
  };
}

/** A directory search's filters, without its paging: what a page and an export share. */
export type SupplierFilter = Omit<SupplierSearch, 'cursor' | 'limit'>;

/**
 * The conditions on `supplier_directory` (`$1`…`$7`) of a search as this viewer may make it: the one place the
 * directory's filters become SQL, so the directory and its export never disagree.
 */
export function directoryFilter(search: SupplierFilter, viewer: Viewer): { where: string; params: unknown[] } {
  return {
    where: `($1::text[] IS NULL OR status = ANY ($1::text[]))
         AND ($2::text IS NULL OR status = $2)
         AND search_text LIKE ALL ($3::text[])
         AND ($4::text IS NULL OR rfc = $4)
         AND ($5::text IS NULL OR classifier_codes @> ARRAY[$5::text])
         AND ($6::text IS NULL OR size = $6)
         AND ($7::text IS NULL OR state = $7)`,
    params: [
      viewer.staff ? null : [...PUBLIC_STATUSES],
      search.status ?? null,
      searchWords(search.q ?? '').map((word) => `%${word}%`),
      search.rfc ? normalizeRfcQuery(search.rfc) : null,
      search.code ? search.code.trim().toUpperCase() : null,
      search.size ?? null,
      search.state ? search.state.trim().toUpperCase() : null,
    ],
  };
}

type DirectoryRow = {
  supplier_id: string;
  rfc: string;
  legal_name: string;
  person_type: PersonType;
  size: SupplierSize;
  address: SupplierAddress;
  contact: SupplierContact;
  state: string;
  classifier_codes: string[];
  status: SupplierStatus;
  status_reason: string | null;
  sort_name: string;
  registered_at: Date;
  verified_at: Date | null;
};

export type SanctionRow = {
  supplier_id: string;
  sanction_id: string;
  starts_at: Date;
  ends_at: Date | null;
  reason: string;
  resolution_number: string;
  lifted_at: Date | null;
  lift_reason: string | null;
  expired_at: Date | null;
};

const canSee = (row: DirectoryRow, viewer: Viewer) =>
  viewer.staff || viewer.supplierId === row.supplier_id || PUBLIC_STATUSES.includes(row.status);

const fullView = (row: DirectoryRow, viewer: Viewer) => viewer.staff || viewer.supplierId === row.supplier_id;

function summary(row: DirectoryRow): SupplierSummary {
  return {
    ...camelCased(row, 'supplier_id', 'rfc', 'legal_name', 'person_type', 'size', 'state'),
    municipality: row.address.municipality,
    ...camelCased(row, 'classifier_codes', 'status'),
  };
}

function sanctionView(row: SanctionRow & { status: SanctionStatus }): SanctionView {
  return {
    sanctionId: row.sanction_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    reason: row.reason,
    resolutionNumber: row.resolution_number,
    status: row.status,
    liftedAt: row.lifted_at?.toISOString() ?? null,
    liftReason: row.lift_reason,
    expiredAt: row.expired_at?.toISOString() ?? null,
  };
}

/** As the register writes RFCs: upper case, without spaces or hyphens. */
const normalizeRfcQuery = (value: string) => value.normalize('NFC').trim().toUpperCase().replace(/[\s-]/g, '');

/** Keyset cursors: the sort key of the last row, as base64url JSON. */
function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined, length: number): string[] | null {
  if (!cursor) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== length || !key.every((part) => typeof part === 'string')) {
    throw invalid('request.invalid_cursor', 'the cursor is not one this API returned');
  }
  return key;
}
