import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { deterministicUuid, type CommandContext } from '@licita/event-store';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import type { DecimalMoney } from '../domain/decimal-amount';
import type { EstablishFrameworkAgreement } from '../domain/framework.commands';
import type { OrderOrigin } from '../domain/framework.events';
import { FrameworkAgreements, type Written } from './framework-agreements';
import type { FrameworkAgreementView } from './framework-agreement.view';

/** The registrar designates a buying unit a central purchasing body (`CentralPurchasingBodyDesignated`). */
export class DesignateCentralPurchasingBodyCommand extends Command<Written & { changed: boolean }> {
  constructor(
    readonly buyingUnitId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A central body's buyer establishes a framework agreement from its awarded procedure. */
export class EstablishFrameworkAgreementCommand extends Command<Written & { agreementId: string }> {
  constructor(
    readonly agreement: Omit<EstablishFrameworkAgreement, 'type' | 'facts'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export type PlaceFrameworkOrderInput = {
  agreementId: string;
  buyingUnitId: string;
  supplierId: string;
  lines: Array<{ itemId: string; quantity: number; unitPrice: DecimalMoney }>;
  origin: OrderOrigin;
  /** `account-…` (or `system`): recorded as the event's actor. */
  actor: string;
  reason: string;
  /** Optional: the order's id (default: derived from the idempotency key, else a new UUID). */
  orderId?: string;
  /** Optional: the whole command context (time, correlation, idempotency key); `actor` and `reason` win. */
  context?: Partial<CommandContext>;
};

/**
 * An authorised buying unit orders from one supplier under an agreement (from the catalogue or a
 * mini-competition). Checked against validity, region, authorisation, prices and the remaining ceiling; answers
 * `{ orderId, position }`. Throws the `DomainError`s the HTTP layer maps to 4xx (`framework.ceiling_exceeded`…).
 */
export class PlaceFrameworkOrderCommand extends Command<{ orderId: string; position: string | null }> {
  readonly agreementId!: string;
  readonly buyingUnitId!: string;
  readonly supplierId!: string;
  readonly lines!: PlaceFrameworkOrderInput['lines'];
  readonly origin!: OrderOrigin;
  readonly actor!: string;
  readonly reason!: string;
  readonly orderId?: string;
  readonly context?: Partial<CommandContext>;

  constructor(input: PlaceFrameworkOrderInput) {
    super();
    Object.assign(this, input);
  }
}

/** The order's supplier accepts it, or rejects it with a reason (`reason` required then). */
export class AnswerFrameworkOrderCommand extends Command<Written & { changed: boolean }> {
  constructor(
    readonly answer: { agreementId: string; orderId: string; supplierId: string; reason?: string },
    readonly accept: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** One agreement as its stream says now, or `undefined`. */
export class GetFrameworkAgreementQuery extends Query<FrameworkAgreementView | undefined> {
  readonly agreementId: string;

  constructor(agreement: string | { agreementId: string }) {
    super();
    this.agreementId = typeof agreement === 'string' ? agreement : agreement.agreementId;
  }
}

@CommandHandler(DesignateCentralPurchasingBodyCommand)
export class DesignateCentralPurchasingBodyHandler implements ICommandHandler<DesignateCentralPurchasingBodyCommand> {
  constructor(private readonly agreements: FrameworkAgreements) {}
  execute({ buyingUnitId, context }: DesignateCentralPurchasingBodyCommand) {
    return this.agreements.designate(buyingUnitId, context);
  }
}

@CommandHandler(EstablishFrameworkAgreementCommand)
export class EstablishFrameworkAgreementHandler implements ICommandHandler<EstablishFrameworkAgreementCommand> {
  constructor(private readonly agreements: FrameworkAgreements) {}
  execute({ agreement, context }: EstablishFrameworkAgreementCommand) {
    return this.agreements.establish(agreement, context);
  }
}

@CommandHandler(PlaceFrameworkOrderCommand)
export class PlaceFrameworkOrderHandler implements ICommandHandler<PlaceFrameworkOrderCommand> {
  constructor(
    private readonly agreements: FrameworkAgreements,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  execute(command: PlaceFrameworkOrderCommand) {
    const context: CommandContext = {
      correlationId: randomUUID(),
      now: this.clock.now(),
      ...command.context,
      actor: command.actor,
      reason: command.reason,
    };
    const orderId =
      command.orderId ??
      (context.idempotencyKey ? deterministicUuid(`${context.idempotencyKey}|framework-order`) : randomUUID());
    return this.agreements.placeOrder(
      {
        agreementId: command.agreementId,
        orderId,
        buyingUnitId: command.buyingUnitId,
        supplierId: command.supplierId,
        lines: command.lines,
        origin: command.origin,
      },
      context,
    );
  }
}

@CommandHandler(AnswerFrameworkOrderCommand)
export class AnswerFrameworkOrderHandler implements ICommandHandler<AnswerFrameworkOrderCommand> {
  constructor(private readonly agreements: FrameworkAgreements) {}
  execute({ answer, accept, context }: AnswerFrameworkOrderCommand) {
    return this.agreements.answerOrder(answer, accept, context);
  }
}

@QueryHandler(GetFrameworkAgreementQuery)
export class GetFrameworkAgreementHandler implements IQueryHandler<GetFrameworkAgreementQuery> {
  constructor(private readonly agreements: FrameworkAgreements) {}
  execute({ agreementId }: GetFrameworkAgreementQuery) {
    return this.agreements.get(agreementId);
  }
}

export const FRAMEWORK_HANDLERS = [
  DesignateCentralPurchasingBodyHandler,
  EstablishFrameworkAgreementHandler,
  PlaceFrameworkOrderHandler,
  AnswerFrameworkOrderHandler,
  GetFrameworkAgreementHandler,
];
