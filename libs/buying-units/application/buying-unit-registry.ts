import {
  claimReservation,
  CommandExecutor,
  createReserved,
  type CommandContext,
  type EventStore,
} from '@licita/event-store';
import { conflict } from '@licita/shared';
import { codeReservation } from '../domain/buying-unit-code-reservation';
import type { RegisterBuyingUnit, SetBuyingUnitLocation } from '../domain/buying-unit.commands';
import { buyingUnitDecider, checkRegistration, type BuyingUnitState } from '../domain/buying-unit.decider';
import { buyingUnitStream } from '../domain/buying-unit.events';

export type BuyingUnitRegistration = { buyingUnitId: string; code: string; alreadyRegistered: boolean };

/**
 * Registers buying units: claims the code in its reservation stream, then writes the unit's stream. A
 * repeated registration (same id and code) answers with the one already made, so a retry after a crash
 * between the two appends completes it.
 */
export class BuyingUnitRegistry {
  private readonly executor: CommandExecutor;

  constructor(store: EventStore) {
    this.executor = new CommandExecutor(store);
  }

  /** Every rule of the unit (422) first; then its stream is loaded once and the unit decided once. */
  async register(command: RegisterBuyingUnit, context: CommandContext): Promise<BuyingUnitRegistration> {
    const { buyingUnitId, code } = checkRegistration(command);
    const holderUses = async (holder: string) => {
      const unit = await this.load(holder);
      return unit.registered && unit.code === code;
    };
    return createReserved(
      this.executor,
      { stream: buyingUnitStream(buyingUnitId), decider: buyingUnitDecider, command },
      {
        existing: (state) => (state.registered ? sameRegistration(state, buyingUnitId, code) : undefined),
        reserve: () =>
          claimReservation(this.executor, codeReservation, { value: code, holder: buyingUnitId }, holderUses, context),
        created: { buyingUnitId, code, alreadyRegistered: false },
      },
      context,
    );
  }

  /** Says where a unit is; the same location again appends nothing. 404 for a unit never registered. */
  async setLocation(command: SetBuyingUnitLocation, context: CommandContext): Promise<{ changed: boolean }> {
    const outcome = await this.executor.execute(
      buyingUnitStream(command.buyingUnitId),
      buyingUnitDecider,
      command,
      context,
    );
    return { changed: outcome.events.length > 0 };
  }

  async load(buyingUnitId: string): Promise<BuyingUnitState> {
    return (await this.executor.load(buyingUnitStream(buyingUnitId), buyingUnitDecider)).state;
  }
}

function sameRegistration(existing: BuyingUnitState, buyingUnitId: string, code: string): BuyingUnitRegistration {
  if (!existing.registered || existing.code !== code)
    throw conflict('buying_unit.already_registered', `buying unit ${buyingUnitId} is already registered`);
  return { buyingUnitId, code, alreadyRegistered: true };
}
