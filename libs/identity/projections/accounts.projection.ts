import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { AccountCreated } from '../domain/account.events';

const TYPES = ['AccountCreated', 'AccountDisabled', 'AccountEnabled', 'PasswordChanged', 'SessionsRevoked'] as const;

/** The row of one account: these columns and no others (the whitelist). */
export type AccountRow = {
  account_id: string;
  email: string;
  role: string;
  buying_unit_id: string | null;
  supplier_id: string | null;
  status: 'active' | 'disabled';
  created_at: string;
  created_by: string;
  last_change: string;
  last_change_at: string;
};

/** What is copied from AccountCreated: named fields only, so the password hash (or anything added later) never is. */
export function accountRowOf(data: AccountCreated['data'], actor: string, occurredAt: string): AccountRow {
  return {
    account_id: data.accountId,
    email: data.email,
    role: data.role,
    buying_unit_id: data.buyingUnitId ?? null,
    supplier_id: data.supplierId ?? null,
    status: 'active',
    created_at: occurredAt,
    created_by: actor,
    last_change: 'AccountCreated',
    last_change_at: occurredAt,
  };
}

/**
 * `accounts`: the staff list of accounts (registrar desk, auditors). Account streams hold password hashes, so this
 * projection copies a whitelist of fields (id, email, role, buying unit, supplier, status, created at/by, the last
 * change and when) and nothing else: a password change is recorded as "PasswordChanged" at its time, never its
 * hash. The public never reads it (GET /api/accounts is for registrars and auditors), and the ledger's public form
 * still leaves account events out.
 */
@ProjectionProvider()
export class AccountsProjection implements Projection {
  readonly name = 'accounts';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...TYPES], streamPrefixes: ['account-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const { type, data, metadata, streamId } of events) {
      if (!(TYPES as readonly string[]).includes(type) || streamId.startsWith('account-email-')) continue;
      const { accountId } = data as { accountId: string };
      if (type === 'AccountCreated') {
        const row = accountRowOf(data as AccountCreated['data'], metadata.actor, metadata.occurredAt);
        const columns = Object.keys(row);
        await tx.query(
          `INSERT INTO accounts (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
           ON CONFLICT (account_id) DO NOTHING`,
          Object.values(row),
        );
        continue;
      }
      const status = type === 'AccountDisabled' ? 'disabled' : type === 'AccountEnabled' ? 'active' : null;
      await tx.query(
        `UPDATE accounts SET status = COALESCE($2, status), last_change = $3, last_change_at = $4
          WHERE account_id = $1`,
        [accountId, status, type, metadata.occurredAt],
      );
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE accounts');
  }
}
