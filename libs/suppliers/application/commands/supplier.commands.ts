import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandOutcome } from '@licita/event-store';
import type * as Domain from '../../domain/supplier.commands';
import type { SupplierState } from '../../domain/supplier.decider';
import type { SupplierEvent } from '../../domain/supplier.events';
import type { SelfRegistration } from './register-supplier.handler';

/**
 * `POST /api/suppliers`: the supplier and its own account. `onBehalf`: a registrar registers the supplier, so
 * the password it sets is a one-time password.
 */
export class RegisterSupplier extends Command<SelfRegistration> {
  constructor(
    readonly supplier: Omit<Domain.RegisterSupplier, 'type'>,
    readonly account: { email: string; password: string },
    readonly onBehalf: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export type SupplierOutcome = CommandOutcome<SupplierEvent, SupplierState>;

/** A decision on a registered supplier: one stream, loaded once and decided once by SupplierRegistry. */
export abstract class SupplierDecision extends Command<SupplierOutcome> {
  constructor(readonly context: CommandContext) {
    super();
  }

  /** The command as the decider reads it. */
  abstract toDomain(): Exclude<Domain.SupplierCommand, Domain.RegisterSupplier>;
}

export class VerifySupplier extends SupplierDecision {
  constructor(
    readonly supplierId: string,
    context: CommandContext,
  ) {
    super(context);
  }

  toDomain(): Domain.VerifySupplier {
    return { type: 'VerifySupplier', supplierId: this.supplierId };
  }
}

/** Reject, suspend and reinstate: a status change with the registrar's reason. */
abstract class StatusChange extends SupplierDecision {
  protected abstract readonly type: 'RejectSupplier' | 'SuspendSupplier' | 'ReinstateSupplier';

  constructor(
    readonly supplierId: string,
    readonly reason: string,
    context: CommandContext,
  ) {
    super(context);
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
    readonly supplierId: string,
    readonly changes: Domain.SupplierDataChanges,
    context: CommandContext,
  ) {
    super(context);
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
    super(context);
  }

  toDomain(): Domain.ImposeSanction {
    return { type: 'ImposeSanction', ...this.sanction };
  }
}

export class LiftSanction extends SupplierDecision {
  constructor(
    readonly supplierId: string,
    readonly sanctionId: string,
    readonly reason: string,
    context: CommandContext,
  ) {
    super(context);
  }

  toDomain(): Domain.LiftSanction {
    return { type: 'LiftSanction', supplierId: this.supplierId, sanctionId: this.sanctionId, reason: this.reason };
  }
}

/** Run by the durable scheduler (as `system`) once a sanction's end date passed. */
export class LiftExpiredSanctions extends SupplierDecision {
  constructor(
    readonly supplierId: string,
    context: CommandContext,
  ) {
    super(context);
  }

  toDomain(): Domain.LiftExpiredSanctions {
    return { type: 'LiftExpiredSanctions', supplierId: this.supplierId };
  }
}
