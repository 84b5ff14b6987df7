import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BuyingUnitRegistry } from '../buying-unit-registry';
import { SetBuyingUnitLocation } from './set-buying-unit-location.command';

@CommandHandler(SetBuyingUnitLocation)
export class SetBuyingUnitLocationHandler implements ICommandHandler<SetBuyingUnitLocation> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  execute({ command, context }: SetBuyingUnitLocation) {
    return this.registry.setLocation({ type: 'SetBuyingUnitLocation', ...command }, context);
  }
}
