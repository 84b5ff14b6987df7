import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertAuthorized } from '@licita/identity';
import { BuyingUnitRegistry } from '../buying-unit-registry';
import { SetBuyingUnitLocation } from './set-buying-unit-location.command';

@CommandHandler(SetBuyingUnitLocation)
export class SetBuyingUnitLocationHandler implements ICommandHandler<SetBuyingUnitLocation> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  async execute({ command, context, principal }: SetBuyingUnitLocation) {
    if (principal.kind === 'account' && principal.role === 'state_admin') {
      const unit = await this.registry.load(command.buyingUnitId);
      for (const stateCode of [unit.registered ? (unit.location?.stateCode ?? null) : null, command.location.stateCode])
        assertAuthorized({ type: 'SetBuyingUnitLocation', stateCode }, principal);
    }
    return this.registry.setLocation({ type: 'SetBuyingUnitLocation', ...command }, context);
  }
}
