import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertAuthorized } from '@licita/identity';
import { BuyingUnitRegistry } from '../buying-unit-registry';
import { AssignBuyingUnitOrganisation, RegisterOrganisation } from './organisation.commands';

@CommandHandler(RegisterOrganisation)
export class RegisterOrganisationHandler implements ICommandHandler<RegisterOrganisation> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  execute({ organisation, principal, context }: RegisterOrganisation) {
    assertAuthorized({ type: 'RegisterOrganisation', stateCode: organisation.stateCode ?? null }, principal);
    return this.registry.registerOrganisation(organisation, context);
  }
}

@CommandHandler(AssignBuyingUnitOrganisation)
export class AssignBuyingUnitOrganisationHandler implements ICommandHandler<AssignBuyingUnitOrganisation> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  async execute({ assignment, principal, context }: AssignBuyingUnitOrganisation) {
    // A state administrator moves only a unit of its state, and only to an organisation of its state.
    const unit = await this.registry.load(assignment.buyingUnitId);
    const organisation = await this.registry.organisationOf(assignment.organisationId);
    for (const stateCode of [
      unit.registered ? (unit.location?.stateCode ?? null) : null,
      organisation?.stateCode ?? null,
    ])
      assertAuthorized({ type: 'AssignBuyingUnitOrganisation', stateCode }, principal);
    return this.registry.assignOrganisation({ type: 'AssignBuyingUnitOrganisation', ...assignment }, context);
  }
}
