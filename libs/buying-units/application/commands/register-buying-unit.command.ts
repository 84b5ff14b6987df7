import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import type { RegisterBuyingUnit as UnitToRegister } from '../../domain/buying-unit.commands';
import type { BuyingUnitRegistration } from '../buying-unit-registry';

/** A registrar registers a buying unit; its code is unique (`buying_unit.code_taken`, 409). Idempotent by id. */
export class RegisterBuyingUnit extends Command<BuyingUnitRegistration> {
  constructor(
    readonly unit: Omit<UnitToRegister, 'type'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
