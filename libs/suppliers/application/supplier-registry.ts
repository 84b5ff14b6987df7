import { claim } from '@licita/event-store/claim';
import {
  CommandExecutor,
  toEventToAppend,
  WrongExpectedVersion,
  type CommandContext,
  type CommandOutcome,
  type EventStore,
} from '@licita/event-store';
import { conflict, DomainError } from '@licita/shared';
import { checkClassifierCodes } from '../domain/supplier-data';
import type { RegisterSupplier, SupplierCommand, UpdateSupplierData } from '../domain/supplier.commands';
import { canParticipate, initialState, supplierDecider, type SupplierState } from '../domain/supplier.decider';
import { supplierStream, type SupplierEvent, type SupplierRegistered } from '../domain/supplier.events';
import {
  decideRfcClaim,
  decideRfcRelease,
  evolveReservation,
  initialReservation,
  rfcTaken,
  supplierRfcStream,
} from '../domain/supplier-rfc-reservation';

export type SupplierRegistration = { supplierId: string; rfc: string; alreadyRegistered: boolean };

export type SupplierRegistryOptions = {
  /** Throws (422 `classifier.unknown_code`) unless every code is in a classifier in force: ClassifierLookup.assertKnown. */
  assertKnownClassifierCodes?: (codes: string[]) => Promise<void>;
};

const reservations = { initialState: initialReservation, evolve: evolveReservation }; // a fold, not a full decider

/**
 * The write side of the supplier register: every command goes load -> decide -> append through the
 * CommandExecutor; the RFC is claimed in its reservation stream before a supplier stream may carry it.
 *
 * Registration appends twice (reservation, then supplier). If the process dies in between, the same
 * registration sent again (same supplierId; the same idempotency key gives the same event ids) finds its
 * own reservation and continues. A reservation nobody completes goes stale and may be taken over by another
 * supplier after STALE_RESERVATION_MS (see supplier-rfc-reservation.ts).
 */
export class SupplierRegistry {
  private readonly executor: CommandExecutor;

  constructor(
    private readonly store: EventStore,
    private readonly options: SupplierRegistryOptions = {},
  ) {
    this.executor = new CommandExecutor(store);
  }

  async register(command: RegisterSupplier, context: CommandContext): Promise<SupplierRegistration> {
    const [registered] = supplierDecider.decide(command, initialState(), context) as [SupplierRegistered]; // every rule, before any write
    const { supplierId, rfc } = registered.data;
    const existing = await this.load(supplierId);
    if (existing.data) return sameRegistration(existing, supplierId, rfc);
    await this.options.assertKnownClassifierCodes?.(registered.data.classifierCodes);

    await this.claimRfc(rfc, supplierId, context);
    try {
      await this.executor.execute(supplierStream(supplierId), supplierDecider, command, context);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'supplier.already_registered')) throw error;
      return sameRegistration(await this.load(supplierId), supplierId, rfc); // a concurrent retry won
    }
    return { supplierId, rfc, alreadyRegistered: false };
  }

  /** Any command but registration. A new RFC is claimed first and the old one released after. */
  async handle(
    command: Exclude<SupplierCommand, RegisterSupplier>,
    context: CommandContext,
  ): Promise<CommandOutcome<SupplierEvent, SupplierState>> {
    const withReason: CommandContext =
      'reason' in command && !context.reason ? { ...context, reason: command.reason } : context;
    if (command.type === 'UpdateSupplierData' && command.changes.classifierCodes !== undefined) {
      await this.options.assertKnownClassifierCodes?.(checkClassifierCodes(command.changes.classifierCodes));
    }
    if (command.type === 'UpdateSupplierData' && command.changes.rfc !== undefined)
      return this.changeData(command, withReason);
    return this.executor.execute(supplierStream(command.supplierId), supplierDecider, command, withReason);
  }

  async load(supplierId: string): Promise<SupplierState> {
    return (await this.executor.load(supplierStream(supplierId), supplierDecider)).state;
  }

  /** For other contexts' commands (proposals, bids, awards): verified and not sanctioned at `now`. */
  async canParticipate(supplierId: string, now: Date): Promise<boolean> {
    return canParticipate(await this.load(supplierId), now);
  }

  private async changeData(command: UpdateSupplierData, context: CommandContext) {
    const stream = supplierStream(command.supplierId);
    const before = await this.load(command.supplierId);
    const planned = supplierDecider.decide(command, before, context); // validates the new RFC
    const newRfc = planned.flatMap((e) =>
      e.type === 'SupplierDataChanged' && e.data.changes.rfc ? [e.data.changes.rfc] : [],
    )[0];
    if (newRfc === undefined) return this.executor.execute(stream, supplierDecider, command, context);

    await this.claimRfc(newRfc, command.supplierId, context);
    const outcome = await this.executor.execute(stream, supplierDecider, command, context);
    const oldRfc = before.data?.rfc;
    if (oldRfc && oldRfc !== outcome.state.data?.rfc) await this.releaseRfc(oldRfc, command.supplierId, context);
    return outcome;
  }

  /** Appends the claim at the revision read; losing that race is `supplier.rfc_taken` unless the winner was us. */
  private async claimRfc(rfc: string, supplierId: string, context: CommandContext): Promise<void> {
    await claim(
      this.executor.decideWith(
        supplierRfcStream(rfc),
        reservations,
        async (state) => {
          const holderUsesRfc =
            state.holder !== null && state.holder !== supplierId && (await this.load(state.holder)).data?.rfc === rfc;
          return decideRfcClaim(state, { rfc, supplierId, holderUsesRfc }, context.now);
        },
        context,
        { retries: 1 },
      ),
      () => rfcTaken(rfc),
    );
  }

  /** Best effort: a release that loses a race is harmless, as an unused reservation goes stale anyway. */
  private async releaseRfc(rfc: string, supplierId: string, context: CommandContext): Promise<void> {
    const stream = supplierRfcStream(rfc);
    const { state, revision } = await this.executor.load(stream, reservations);
    const events = decideRfcRelease(state, rfc, supplierId);
    if (events.length === 0 || revision < 0n) return;
    await this.store
      .appendToStream(
        stream,
        events.map((e, i) => toEventToAppend(e, i, stream, context)),
        { expectedRevision: revision },
      )
      .catch((error: unknown) => {
        if (!(error instanceof WrongExpectedVersion)) throw error;
      });
  }
}

function sameRegistration(existing: SupplierState, supplierId: string, rfc: string): SupplierRegistration {
  if (existing.data?.rfc !== rfc)
    throw conflict('supplier.already_registered', `supplier ${supplierId} is already registered`);
  return { supplierId, rfc, alreadyRegistered: true };
}
