import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ListAccounts, type AccountListEntry } from './identity.queries';

/** Reads `accounts` (the whitelisted projection): the list has no column a password hash could be in. */
@QueryHandler(ListAccounts)
export class ListAccountsHandler implements IQueryHandler<ListAccounts> {
  constructor(private readonly db: DataSource) {}

  async execute({ filter }: ListAccounts): Promise<AccountListEntry[]> {
    const rows: Array<Record<string, string | Date | null>> = await this.db.query(
      `SELECT account_id, email, role, buying_unit_id, supplier_id, status, created_at, created_by, last_change,
              last_change_at
         FROM accounts
        WHERE ($1::text IS NULL OR role = $1) AND ($2::text IS NULL OR buying_unit_id = $2)
        ORDER BY email LIMIT 1000`,
      [filter.role ?? null, filter.buyingUnitId ?? null],
    );
    return rows.map((row) => ({
      accountId: row.account_id as string,
      email: row.email as string,
      role: row.role as AccountListEntry['role'],
      buyingUnitId: row.buying_unit_id as string | null,
      supplierId: row.supplier_id as string | null,
      status: row.status as AccountListEntry['status'],
      createdAt: (row.created_at as Date).toISOString(),
      createdBy: row.created_by as string,
      lastChange: row.last_change as string,
      lastChangeAt: (row.last_change_at as Date).toISOString(),
    }));
  }
}
