import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertAuthorized } from '@licita/identity';
import { BuyingUnitRegistry } from '../buying-unit-registry';
import { RegisterBuyingUnit } from './register-buying-unit.command';

@CommandHandler(RegisterBuyingUnit)
export class RegisterBuyingUnitHandler implements ICommandHandler<RegisterBuyingUnit> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  async execute({ unit, context, principal }: RegisterBuyingUnit) {
    if (principal.kind === 'account' && principal.role === 'state_admin') {
      const organisation = await this.registry.organisationOf(unit.organisationId);
      assertAuthorized({ type: 'RegisterBuyingUnit', stateCode: organisation?.stateCode ?? null }, principal);
    }
    return this.registry.register({ type: 'RegisterBuyingUnit', ...unit }, context);
  }
}
