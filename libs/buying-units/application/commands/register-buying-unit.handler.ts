import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BuyingUnitRegistry } from '../buying-unit-registry';
import { RegisterBuyingUnit } from './register-buying-unit.command';

@CommandHandler(RegisterBuyingUnit)
export class RegisterBuyingUnitHandler implements ICommandHandler<RegisterBuyingUnit> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  execute({ unit, context }: RegisterBuyingUnit) {
    return this.registry.register({ type: 'RegisterBuyingUnit', ...unit }, context);
  }
}
