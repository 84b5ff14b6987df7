import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandOutcome } from '@licita/event-store';
import type * as Domain from '../../domain/supplier.commands';
import type { SupplierState } from '../../domain/supplier.decider';
import type { SupplierEvent } from '../../domain/supplier.events';
import type { SelfRegistration } from './register-supplier.handler';

/**
 * `POST /api/suppliers`: the supplier and its own account, by the supplier itself (anonymous). No registrar
 * registers on a supplier's behalf any more: whoever sets the password holds the supplier's login.
 */
export class RegisterSupplier extends Command<SelfRegistration> {
  constructor(
    readonly supplier: Omit<Domain.RegisterSupplier, 'type'>,
    readonly account: { email: string; password: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export type SupplierOutcome = CommandOutcome<SupplierEvent, SupplierState>;

/** A decision on a registered supplier: one stream, loaded once and decided once by SupplierRegistry. */
export abstract class SupplierDecision extends Command<SupplierOutcome> {
  constructor(
    readonly supplierId: string,
    readonly context: CommandContext,
  ) {
    super();
  }

  /** The command as the decider reads it. */
  abstract toDomain(): Exclude<Domain.SupplierCommand, Domain.RegisterSupplier>;
}

/** Verify, and the end of sanctions past their date: the supplier is all they name. */
abstract class PlainDecision extends SupplierDecision {
  protected abstract readonly type: 'VerifySupplier' | 'LiftExpiredSanctions';

  toDomain(): Domain.VerifySupplier | Domain.LiftExpiredSanctions {
    return { type: this.type, supplierId: this.supplierId };
  }
}

export class VerifySupplier extends PlainDecision {
  protected readonly type = 'VerifySupplier' as const;
}

/** Run by the durable scheduler (as `system`) once a sanction's end date passed. */
export class LiftExpiredSanctions extends PlainDecision {
  protected readonly type = 'LiftExpiredSanctions' as const;
}

/** Reject, suspend and reinstate: a status change with the registrar's reason. */
abstract class StatusChange extends SupplierDecision {
  protected abstract readonly type: 'RejectSupplier' | 'SuspendSupplier' | 'ReinstateSupplier';

  constructor(
    supplierId: string,
    readonly reason: string,
    context: CommandContext,
  ) {
    super(supplierId, context);
  }

  toDomain(): Domain.RejectSupplier | Domain.SuspendSupplier | Domain.ReinstateSupplier {
    return { type: this.type, supplierId: this.supplierId, reason: this.reason };
  }
}

export class RejectSupplier extends StatusChange {
  protected readonly type = 'RejectSupplier' as const;
}

export class SuspendSupplier extends StatusChange {
  protected readonly type = 'SuspendSupplier' as const;
}

export class ReinstateSupplier extends StatusChange {
  protected readonly type = 'ReinstateSupplier' as const;
}

/** The supplier (or a registrar) changes its data; a new RFC is claimed first. */
export class UpdateSupplierData extends SupplierDecision {
  constructor(
    supplierId: string,
    readonly changes: Domain.SupplierDataChanges,
    context: CommandContext,
  ) {
    super(supplierId, context);
  }

  toDomain(): Domain.UpdateSupplierData {
    return { type: 'UpdateSupplierData', supplierId: this.supplierId, changes: this.changes };
  }
}

export class ImposeSanction extends SupplierDecision {
  constructor(
    readonly sanction: Omit<Domain.ImposeSanction, 'type'>,
    context: CommandContext,
  ) {
    super(sanction.supplierId, context);
  }

  toDomain(): Domain.ImposeSanction {
    return { type: 'ImposeSanction', ...this.sanction };
  }
}

export class LiftSanction extends SupplierDecision {
  constructor(
    supplierId: string,
    readonly sanctionId: string,
    readonly reason: string,
    context: CommandContext,
  ) {
    super(supplierId, context);
  }

  toDomain(): Domain.LiftSanction {
    return { type: 'LiftSanction', supplierId: this.supplierId, sanctionId: this.sanctionId, reason: this.reason };
  }
}

/** Every decision class, each with its own handler (supplier-decision.handlers.ts). */
export const SUPPLIER_DECISIONS = [
  VerifySupplier,
  RejectSupplier,
  SuspendSupplier,
  ReinstateSupplier,
  UpdateSupplierData,
  ImposeSanction,
  LiftSanction,
  LiftExpiredSanctions,
];
