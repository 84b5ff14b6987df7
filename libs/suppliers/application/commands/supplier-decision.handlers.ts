import { Injectable, type Type } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountRegistry } from '@licita/identity';
import { DomainError } from '@licita/shared';
import { SupplierRegistry } from '../supplier-registry';
import { supplierAccountId } from './register-supplier.handler';
import { SUPPLIER_DECISIONS, type SupplierDecision, type SupplierOutcome } from './supplier.commands';

/**
 * Decisions after which what the supplier's login may do shrinks, so its sessions end at once (#16 point 6). A
 * rejection does not: a pending supplier could not take part before it either, and it logs in to correct.
 */
const ENDS_SESSIONS = new Set(['SuspendSupplier', 'ImposeSanction']);

/**
 * Every decision on a registered supplier goes the same way: SupplierRegistry.handle (load once, decide once).
 * A suspension or a sanction then revokes the sessions of the supplier's account (SessionsRevoked,
 * its session version goes up), so its tokens and sockets stop working at their next use. If the process died
 * between the two appends the supplier's state still refuses what it may not do (the deciders, #16 point 7).
 */
@Injectable()
abstract class SupplierDecisionHandler implements ICommandHandler<SupplierDecision, SupplierOutcome> {
  constructor(
    private readonly registry: SupplierRegistry,
    private readonly accounts: AccountRegistry,
  ) {}

  async execute(command: SupplierDecision): Promise<SupplierOutcome> {
    const decision = command.toDomain();
    const outcome = await this.registry.handle(decision, command.context);
    if (ENDS_SESSIONS.has(decision.type) && outcome.events.length > 0) {
      const reason = 'reason' in decision && typeof decision.reason === 'string' ? decision.reason : decision.type;
      await this.accounts
        .handle(
          {
            type: 'RevokeSessions',
            accountId: supplierAccountId(decision.supplierId),
            reason: `${decision.type}: ${reason}`,
          },
          command.context,
        )
        .catch((error: unknown) => {
          // A supplier registered without an account (only the platform's own set-up does that) has no sessions.
          if (!(error instanceof DomainError && error.code === 'account.not_found')) throw error;
        });
    }
    return outcome;
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
