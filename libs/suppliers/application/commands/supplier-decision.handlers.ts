import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SupplierRegistry } from '../supplier-registry';
import {
  ImposeSanction,
  LiftExpiredSanctions,
  LiftSanction,
  ReinstateSupplier,
  RejectSupplier,
  SuspendSupplier,
  UpdateSupplierData,
  VerifySupplier,
  type SupplierDecision,
  type SupplierOutcome,
} from './supplier.commands';

/** Every decision on a registered supplier goes the same way: SupplierRegistry.handle (load once, decide once). */
@Injectable()
abstract class SupplierDecisionHandler<C extends SupplierDecision> implements ICommandHandler<
  SupplierDecision,
  SupplierOutcome
> {
  constructor(private readonly registry: SupplierRegistry) {}

  execute(command: C): Promise<SupplierOutcome> {
    return this.registry.handle(command.toDomain(), command.context);
  }
}

@CommandHandler(VerifySupplier)
export class VerifySupplierHandler extends SupplierDecisionHandler<VerifySupplier> {}

@CommandHandler(RejectSupplier)
export class RejectSupplierHandler extends SupplierDecisionHandler<RejectSupplier> {}

@CommandHandler(SuspendSupplier)
export class SuspendSupplierHandler extends SupplierDecisionHandler<SuspendSupplier> {}

@CommandHandler(ReinstateSupplier)
export class ReinstateSupplierHandler extends SupplierDecisionHandler<ReinstateSupplier> {}

@CommandHandler(UpdateSupplierData)
export class UpdateSupplierDataHandler extends SupplierDecisionHandler<UpdateSupplierData> {}

@CommandHandler(ImposeSanction)
export class ImposeSanctionHandler extends SupplierDecisionHandler<ImposeSanction> {}

@CommandHandler(LiftSanction)
export class LiftSanctionHandler extends SupplierDecisionHandler<LiftSanction> {}

@CommandHandler(LiftExpiredSanctions)
export class LiftExpiredSanctionsHandler extends SupplierDecisionHandler<LiftExpiredSanctions> {}

export const SUPPLIER_DECISION_HANDLERS = [
  VerifySupplierHandler,
  RejectSupplierHandler,
  SuspendSupplierHandler,
  ReinstateSupplierHandler,
  UpdateSupplierDataHandler,
  ImposeSanctionHandler,
  LiftSanctionHandler,
  LiftExpiredSanctionsHandler,
];
