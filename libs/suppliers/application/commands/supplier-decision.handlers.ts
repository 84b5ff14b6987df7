import { Injectable, type Type } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SupplierRegistry } from '../supplier-registry';
import { SUPPLIER_DECISIONS, type SupplierDecision, type SupplierOutcome } from './supplier.commands';

/** Every decision on a registered supplier goes the same way: SupplierRegistry.handle (load once, decide once). */
@Injectable()
abstract class SupplierDecisionHandler implements ICommandHandler<SupplierDecision, SupplierOutcome> {
  constructor(private readonly registry: SupplierRegistry) {}

  execute(command: SupplierDecision): Promise<SupplierOutcome> {
    return this.registry.handle(command.toDomain(), command.context);
  }
}

/** The one `@CommandHandler` of a decision class, named after it (`VerifySupplierHandler`). */
function handlerOf(decision: Type<SupplierDecision>): Type<SupplierDecisionHandler> {
  @CommandHandler(decision)
  class Handler extends SupplierDecisionHandler {}
  Object.defineProperty(Handler, 'name', { value: `${decision.name}Handler` });
  return Handler;
}

export const SUPPLIER_DECISION_HANDLERS = SUPPLIER_DECISIONS.map(handlerOf);
