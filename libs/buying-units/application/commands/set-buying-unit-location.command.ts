import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { SYSTEM, type Principal } from '@licita/identity';
import type { SetBuyingUnitLocation as LocationToSet } from '../../domain/buying-unit.commands';

/** A registrar says where a buying unit is (INEGI state and municipality keys); the searches by place read it. */
export class SetBuyingUnitLocation extends Command<{ changed: boolean }> {
  constructor(
    readonly command: Omit<LocationToSet, 'type'>,
    readonly context: CommandContext,
    /** Who asks: a state administrator moves only a unit of its state, and only within it. */
    readonly principal: Principal = SYSTEM,
  ) {
    super();
  }
}
