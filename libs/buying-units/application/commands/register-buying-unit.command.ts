import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { SYSTEM, type Principal } from '@licita/identity';
import type { RegisterBuyingUnit as UnitToRegister } from '../../domain/buying-unit.commands';
import type { BuyingUnitRegistration } from '../buying-unit-registry';

/** A registrar registers a buying unit; its code is unique (`buying_unit.code_taken`, 409). Idempotent by id. */
export class RegisterBuyingUnit extends Command<BuyingUnitRegistration> {
  constructor(
    readonly unit: Omit<UnitToRegister, 'type' | 'organisation'>,
    readonly context: CommandContext,
    /** Who asks: a state administrator registers only in an organisation of its state. */
    readonly principal: Principal = SYSTEM,
  ) {
    super();
  }
}
