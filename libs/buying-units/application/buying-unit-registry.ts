import { claim } from '@licita/event-store/claim';
import { CommandExecutor, type CommandContext, type EventStore } from '@licita/event-store';
import { conflict, DomainError } from '@licita/shared';
import {
  buyingUnitCodeStream,
  codeTaken,
  decideCodeClaim,
  evolveReservation,
  initialReservation,
} from '../domain/buying-unit-code-reservation';
import type { RegisterBuyingUnit } from '../domain/buying-unit.commands';
import { buyingUnitDecider, initialState, type BuyingUnitState } from '../domain/buying-unit.decider';
import { buyingUnitStream, type BuyingUnitRegistered } from '../domain/buying-unit.events';

export type BuyingUnitRegistration = { buyingUnitId: string; code: string; alreadyRegistered: boolean };

const reservations = { initialState: initialReservation, evolve: evolveReservation }; // a fold, not a full decider

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

  async register(command: RegisterBuyingUnit, context: CommandContext): Promise<BuyingUnitRegistration> {
    const [registered] = buyingUnitDecider.decide(command, initialState(), context) as [BuyingUnitRegistered]; // validate before any write
    const { buyingUnitId, code } = registered.data;
    const existing = await this.load(buyingUnitId);
    if (existing.registered) return sameRegistration(existing, buyingUnitId, code);

    await this.claimCode(code, buyingUnitId, context);
    try {
      await this.executor.execute(buyingUnitStream(buyingUnitId), buyingUnitDecider, command, context);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'buying_unit.already_registered')) throw error;
      return sameRegistration(await this.load(buyingUnitId), buyingUnitId, code);
    }
    return { buyingUnitId, code, alreadyRegistered: false };
  }

  async load(buyingUnitId: string): Promise<BuyingUnitState> {
    return (await this.executor.load(buyingUnitStream(buyingUnitId), buyingUnitDecider)).state;
  }

  private async claimCode(code: string, buyingUnitId: string, context: CommandContext): Promise<void> {
    await claim(
      this.executor.decideWith(
        buyingUnitCodeStream(code),
        reservations,
        async (state) => {
          const holder = state.holder !== null && state.holder !== buyingUnitId ? await this.load(state.holder) : null;
          const holderUsesCode = holder?.registered === true && holder.code === code;
          return decideCodeClaim(state, { code, buyingUnitId, holderUsesCode }, context.now);
        },
        context,
        { retries: 1 },
      ),
      () => codeTaken(code),
    );
  }
}

function sameRegistration(existing: BuyingUnitState, buyingUnitId: string, code: string): BuyingUnitRegistration {
  if (!existing.registered || existing.code !== code)
    throw conflict('buying_unit.already_registered', `buying unit ${buyingUnitId} is already registered`);
  return { buyingUnitId, code, alreadyRegistered: true };
}
