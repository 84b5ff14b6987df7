import { conflict, invalid, notFound, type DecisionContext, type Decider } from '@licita/shared';
import { checkSupplierChanges, checkSupplierData, checkSupplierDocuments } from './supplier-data';
import type {
  ImposeSanction,
  IsoDateTime,
  RegisterSupplier,
  SupplierCommand,
  SupplierData,
  SupplierDataChanges,
  SupplierDocument,
} from './supplier.commands';
import type { SupplierEvent, SupplierRegistered } from './supplier.events';

export type SupplierStatus = 'unregistered' | 'pending' | 'verified' | 'rejected' | 'suspended';

export type Sanction = {
  sanctionId: string;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime | null;
  reason: string;
  resolutionNumber: string;
  /** When an auditor lifted it early. */
  liftedAt: IsoDateTime | null;
  /** Recorded once its end date passed (a SanctionExpired event). */
  expired: boolean;
};

export type SupplierState = {
  status: SupplierStatus;
  /** `null` until registered. */
  data: SupplierData | null;
  sanctions: Sanction[];
  /** What the supplier attached for the registrar, oldest first (none for suppliers registered before #18). */
  documents: SupplierDocument[];
};

export const initialState = (): SupplierState => ({
  status: 'unregistered',
  data: null,
  sanctions: [],
  documents: [],
});

/** The rules of a registration's data (422), checked by `decide` and, before anything is read or written, by the registry. */
export function checkRegistration(command: RegisterSupplier): SupplierRegistered['data'] {
  const { type: _type, supplierId, ...data } = command;
  return { supplierId, ...checkSupplierData(data) };
}

export function decide(command: SupplierCommand, state: SupplierState, { now }: DecisionContext): SupplierEvent[] {
  const { supplierId } = command;
  if (command.type === 'RegisterSupplier') {
    if (state.status !== 'unregistered')
      throw conflict('supplier.already_registered', `supplier ${supplierId} is already registered`);
    return [{ type: 'SupplierRegistered', data: checkRegistration(command) }];
  }
  const current = registered(state, supplierId);

  switch (command.type) {
    case 'VerifySupplier':
      requireStatus(state, 'pending', 'supplier.not_pending');
      return [{ type: 'SupplierVerified', data: { supplierId } }];

    case 'RejectSupplier':
      requireStatus(state, 'pending', 'supplier.not_pending');
      return [{ type: 'SupplierRejected', data: { supplierId, reason: requireReason(command.reason) } }];

    case 'SuspendSupplier':
      requireStatus(state, 'verified', 'supplier.not_verified');
      return [{ type: 'SupplierSuspended', data: { supplierId, reason: requireReason(command.reason) } }];

    case 'ReinstateSupplier':
      requireStatus(state, 'suspended', 'supplier.not_suspended');
      return [{ type: 'SupplierReinstated', data: { supplierId, reason: requireReason(command.reason) } }];

    case 'UpdateSupplierData':
      return updateData(state, current, command.changes, supplierId, now);

    case 'AttachSupplierDocuments': {
      const documents = checkSupplierDocuments(command.documents);
      if (state.status !== 'pending' && state.status !== 'rejected')
        throw conflict(
          'supplier.documents_closed',
          `the supplier is ${state.status}: documents are added while pending or rejected`,
          {
            status: state.status,
          },
        );
      const attached = new Set(state.documents.map((d) => d.documentId));
      const added = documents.filter((d) => !attached.has(d.documentId));
      if (added.length === 0) return [];
      const events: SupplierEvent[] = [{ type: 'SupplierDocumentsAttached', data: { supplierId, documents: added } }];
      // A rejected supplier that sends what was missing goes back to the registrar, as one that corrects its data.
      if (state.status === 'rejected')
        events.push({ type: 'SupplierReverificationRequired', data: { supplierId, changedFields: [] } });
      return events;
    }

    case 'ImposeSanction':
      return [{ type: 'SanctionImposed', data: checkSanction(command, state, now) }];

    case 'LiftSanction': {
      const sanction = state.sanctions.find((s) => s.sanctionId === command.sanctionId);
      if (!sanction)
        throw notFound('sanction.not_found', `supplier ${supplierId} has no sanction ${command.sanctionId}`);
      if (hasEnded(sanction, now))
        throw conflict('sanction.not_in_force', `sanction ${command.sanctionId} has already ended`);
      const reason = requireReason(command.reason);
      return [
        {
          type: 'SanctionLifted',
          data: { supplierId, sanctionId: sanction.sanctionId, liftedAt: now.toISOString(), reason },
        },
      ];
    }

    case 'LiftExpiredSanctions':
      return state.sanctions
        .filter((s) => s.liftedAt === null && !s.expired && s.endsAt !== null && Date.parse(s.endsAt) <= now.getTime())
        .map((s) => ({
          type: 'SanctionExpired',
          data: { supplierId, sanctionId: s.sanctionId, expiredAt: s.endsAt as string },
        }));
  }
}

export function evolve(state: SupplierState, event: SupplierEvent): SupplierState {
  switch (event.type) {
    case 'SupplierRegistered': {
      const { supplierId: _id, ...data } = event.data;
      return { ...state, status: 'pending', data };
    }
    case 'SupplierVerified':
    case 'SupplierReinstated':
      return { ...state, status: 'verified' };
    case 'SupplierRejected':
      return { ...state, status: 'rejected' };
    case 'SupplierSuspended':
      return { ...state, status: 'suspended' };
    case 'SupplierReverificationRequired':
      return { ...state, status: 'pending' };
    case 'SupplierDataChanged':
      return { ...state, data: { ...(state.data as SupplierData), ...event.data.changes } };
    case 'SupplierDocumentsAttached':
      return { ...state, documents: [...(state.documents ?? []), ...event.data.documents] };
    case 'SanctionImposed': {
      const { supplierId: _id, ...sanction } = event.data;
      return { ...state, sanctions: [...state.sanctions, { ...sanction, liftedAt: null, expired: false }] };
    }
    case 'SanctionLifted':
      return updateSanction(state, event.data.sanctionId, { liftedAt: event.data.liftedAt });
    case 'SanctionExpired':
      return updateSanction(state, event.data.sanctionId, { expired: true });
  }
}

export const supplierDecider: Decider<SupplierCommand, SupplierEvent, SupplierState> = { initialState, decide, evolve };

/** Sanctions in force at `now`, from their dates alone, so a late or missed expiry run never blocks anyone. */
export const sanctionsInForce = (state: SupplierState, now: Date): Sanction[] =>
  state.sanctions.filter((s) => Date.parse(s.startsAt) <= now.getTime() && !hasEnded(s, now));

/** May take part in procedures (submit proposals, bid, be awarded): verified and not sanctioned at `now`. */
export const canParticipate = (state: SupplierState, now: Date): boolean =>
  state.status === 'verified' && sanctionsInForce(state, now).length === 0;

/** The earliest end date of a sanction not yet recorded as ended: when the scheduler should look again. */
export const nextSanctionExpiry = (state: SupplierState): IsoDateTime | null =>
  state.sanctions
    .filter((s) => s.liftedAt === null && !s.expired && s.endsAt !== null)
    .map((s) => s.endsAt as string)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

function hasEnded(sanction: Sanction, now: Date): boolean {
  const ends = [sanction.endsAt, sanction.liftedAt].filter((t): t is string => t !== null).map(Date.parse);
  return ends.some((end) => end <= now.getTime());
}

function registered(state: SupplierState, supplierId: string): SupplierData {
  if (state.data === null) throw notFound('supplier.not_found', `supplier ${supplierId} is not registered`);
  return state.data;
}

function requireStatus(state: SupplierState, status: SupplierStatus, code: string): void {
  if (state.status !== status)
    throw conflict(code, `the supplier is ${state.status}, not ${status}`, { status: state.status });
}

function requireReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '')
    throw invalid('supplier.reason_required', 'a reason is required');
  return reason.trim();
}

/** What a suspended supplier, or one under a sanction in force, may still change: where it is notified. */
const WHILE_BARRED: ReadonlySet<keyof SupplierDataChanges> = new Set(['contact', 'address']);

/**
 * Records the fields that really changed. A new RFC or legal name needs a registrar again; a rejected
 * supplier that corrects anything goes back to the registrar too. A suspended supplier, or one under a
 * sanction in force, changes only where it is notified (contact, address): its identity, size and what it
 * offers stay as the suspension or the resolution names them, so a new name or RFC cannot shake off a
 * sanction (#16 point 7).
 */
function updateData(
  state: SupplierState,
  current: SupplierData,
  requested: SupplierDataChanges,
  supplierId: string,
  now: Date,
): SupplierEvent[] {
  const checked = checkSupplierChanges(requested, current);
  const changes = Object.fromEntries(
    Object.entries(checked).filter(
      ([field, value]) => JSON.stringify(value) !== JSON.stringify(current[field as keyof SupplierData]),
    ),
  ) as SupplierDataChanges;
  const changedFields = Object.keys(changes) as Array<keyof SupplierDataChanges>;
  if (changedFields.length === 0) return [];

  const identityChanged = changedFields.filter((field) => field === 'rfc' || field === 'legalName');
  const frozen = changedFields.filter((field) => !WHILE_BARRED.has(field));
  if (state.status === 'suspended' && frozen.length > 0) {
    throw conflict('supplier.suspended', 'a suspended supplier may change only its contact and address', {
      fields: frozen,
    });
  }
  if (sanctionsInForce(state, now).length > 0 && frozen.length > 0) {
    throw conflict('supplier.sanctioned', 'a sanctioned supplier may change only its contact and address', {
      fields: frozen,
    });
  }
  const events: SupplierEvent[] = [{ type: 'SupplierDataChanged', data: { supplierId, changes } }];
  if (state.status === 'rejected')
    events.push({ type: 'SupplierReverificationRequired', data: { supplierId, changedFields } });
  else if (state.status === 'verified' && identityChanged.length > 0) {
    events.push({ type: 'SupplierReverificationRequired', data: { supplierId, changedFields: identityChanged } });
  }
  return events;
}

function checkSanction(command: ImposeSanction, state: SupplierState, now: Date) {
  const { supplierId, sanctionId } = command;
  if (state.sanctions.some((s) => s.sanctionId === sanctionId))
    throw conflict('sanction.already_imposed', `sanction ${sanctionId} exists`);
  const startsAt = instant(command.startsAt, 'startsAt');
  const endsAt = command.endsAt === null ? null : instant(command.endsAt, 'endsAt');
  if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    throw invalid('sanction.invalid_period', 'the sanction must end after it starts', { startsAt, endsAt });
  }
  if (endsAt !== null && Date.parse(endsAt) <= now.getTime()) {
    throw invalid('sanction.already_ended', 'the end date of the sanction has already passed', { endsAt });
  }
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason === '') throw invalid('sanction.reason_required', 'a sanction states its reason');
  const resolutionNumber = typeof command.resolutionNumber === 'string' ? command.resolutionNumber.trim() : '';
  if (resolutionNumber === '')
    throw invalid('sanction.resolution_number_required', 'a sanction cites the number of its resolution');
  return { supplierId, sanctionId, startsAt, endsAt, reason, resolutionNumber };
}

function instant(value: unknown, field: string): IsoDateTime {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time))
    throw invalid('sanction.invalid_period', `${field} is not a date and time (ISO 8601)`, { field });
  return new Date(time).toISOString();
}

function updateSanction(state: SupplierState, sanctionId: string, change: Partial<Sanction>): SupplierState {
  return { ...state, sanctions: state.sanctions.map((s) => (s.sanctionId === sanctionId ? { ...s, ...change } : s)) };
}
