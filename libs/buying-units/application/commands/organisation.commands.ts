import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import type { Principal } from '@licita/identity';
import type { RegisterOrganisation as OrganisationToRegister } from '../../domain/organisation.commands';
import type { OrganisationRegistration } from '../buying-unit-registry';

/**
 * A registrar (or a state administrator, inside its state) registers a node of the government tree; a state's
 * or municipality's INEGI key is unique (`organisation.key_taken`, 409). Idempotent by id.
 */
export class RegisterOrganisation extends Command<OrganisationRegistration> {
  constructor(
    readonly organisation: Omit<OrganisationToRegister, 'type' | 'parent'>,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A registrar (or the state's administrator) places an existing unit in the tree, saying why. */
export class AssignBuyingUnitOrganisation extends Command<{ changed: boolean }> {
  constructor(
    readonly assignment: { buyingUnitId: string; organisationId: string; reason: string },
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}
