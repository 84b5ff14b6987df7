import {
  claimReservation,
  CommandExecutor,
  createReserved,
  releaseReservation,
  type CommandContext,
  type CommandOutcome,
  type EventStore,
} from '@licita/event-store';
import { conflict } from '@licita/shared';
import { checkClassifierCodes } from '../domain/supplier-data';
import type { RegisterSupplier, SupplierCommand, UpdateSupplierData } from '../domain/supplier.commands';
import { canParticipate, checkRegistration, supplierDecider, type SupplierState } from '../domain/supplier.decider';
import { supplierStream, type SupplierEvent, type SupplierRegistered } from '../domain/supplier.events';
import { rfcReservation } from '../domain/supplier-rfc-reservation';

export type SupplierRegistration = { supplierId: string; rfc: string; alreadyRegistered: boolean };

export type SupplierRegistryOptions = {
  /** Throws (422 `classifier.unknown_code`) unless every code is in a classifier in force: ClassifierLookup.assertKnown. */
  assertKnownClassifierCodes?: (codes: string[]) => Promise<void>;
};

/**
 * The write side of the supplier register: every command goes load -> decide -> append through the
 * CommandExecutor, loading the stream once and deciding once; the RFC is claimed in its reservation stream
 * before a supplier stream may carry it.
 *
 * Registration appends twice (reservation, then supplier). If the process dies in between, the same
 * registration sent again (same supplierId; the same idempotency key gives the same event ids) finds its
 * own reservation and continues. A reservation nobody completes goes stale and may be taken over by another
 * supplier after STALE_RESERVATION_MS (libs/shared/reservation.ts).
 */
export class SupplierRegistry {
  private readonly executor: CommandExecutor;

  constructor(
    store: EventStore,
    private readonly options: SupplierRegistryOptions = {},
  ) {
    this.executor = new CommandExecutor(store);
  }

  /** Every rule of the data (422) first, then `registerChecked`. */
  async register(command: RegisterSupplier, context: CommandContext): Promise<SupplierRegistration> {
    return this.registerChecked(command, checkRegistration(command), context);
  }

  /** A registration whose data `checkRegistration` already accepted (as `checked`). */
  async registerChecked(
    command: RegisterSupplier,
    checked: SupplierRegistered['data'],
    context: CommandContext,
  ): Promise<SupplierRegistration> {
    const { supplierId, rfc, classifierCodes } = checked;
    return createReserved(
      this.executor,
      { stream: supplierStream(supplierId), decider: supplierDecider, command },
      {
        existing: (state) => (state.data ? sameRegistration(state, supplierId, rfc) : undefined),
        reserve: async () => {
          await this.options.assertKnownClassifierCodes?.(classifierCodes);
          await this.claimRfc(rfc, supplierId, context);
        },
        created: { supplierId, rfc, alreadyRegistered: false },
      },
      context,
    );
  }

  /**
   * Before a registration writes anything (its account first): the classifier codes are known and the RFC is
   * not held by another registered supplier. Not the decision (a race is settled by the RFC's claim), only a
   * check that keeps the common refusal from costing an account.
   */
  async assertRegistrable(checked: SupplierRegistered['data']): Promise<void> {
    await this.options.assertKnownClassifierCodes?.(checked.classifierCodes);
    const { state } = await this.executor.load(rfcReservation.stream(checked.rfc), rfcReservation);
    if (state.holder !== null && state.holder !== checked.supplierId) {
      if ((await this.load(state.holder)).data?.rfc === checked.rfc) throw rfcReservation.taken(checked.rfc);
    }
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

  /** Decided once on the stream as read; a new RFC in the changes is claimed before the append. */
  private async changeData(command: UpdateSupplierData, context: CommandContext) {
    const { supplierId } = command;
    let oldRfc: string | undefined;
    const outcome = await this.executor.decideWith(
      supplierStream(supplierId),
      supplierDecider,
      async (state) => {
        const events = supplierDecider.decide(command, state, context);
        const newRfc = events.flatMap((e) =>
          e.type === 'SupplierDataChanged' && e.data.changes.rfc ? [e.data.changes.rfc] : [],
        )[0];
        oldRfc = newRfc === undefined ? undefined : state.data?.rfc;
        if (newRfc !== undefined) await this.claimRfc(newRfc, supplierId, context);
        return events;
      },
      context,
    );
    if (oldRfc && oldRfc !== outcome.state.data?.rfc)
      await releaseReservation(this.executor, rfcReservation, { value: oldRfc, holder: supplierId }, context);
    return outcome;
  }

  /** Appends the claim at the revision read; losing that race is `supplier.rfc_taken` unless the winner was us. */
  private async claimRfc(rfc: string, supplierId: string, context: CommandContext): Promise<void> {
    const holderUses = async (holder: string) => (await this.load(holder)).data?.rfc === rfc;
    await claimReservation(this.executor, rfcReservation, { value: rfc, holder: supplierId }, holderUses, context);
  }
}

function sameRegistration(existing: SupplierState, supplierId: string, rfc: string): SupplierRegistration {
  if (existing.data?.rfc !== rfc)
    throw conflict('supplier.already_registered', `supplier ${supplierId} is already registered`);
  return { supplierId, rfc, alreadyRegistered: true };
}
