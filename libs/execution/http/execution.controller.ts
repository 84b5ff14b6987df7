import { applyDecorators, Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, type CommandFieldsOf, type Principal } from '@licita/identity';
import { CACHE, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { ContractExecution, type ExecutionView } from '../application/execution-queries';
import { ExecuteOnContract, type ExecutionOutcome, type ExecutionRequest } from '../application/execution-writer';
import {
  ApplyPenaltyDto,
  RecordGuaranteeDto,
  RecordPaymentDto,
  RecordReceiptDto,
  RegisterInvoiceDto,
  ReleaseGuaranteeDto,
  ReviewInvoiceDto,
  ScheduleDeliveryDto,
  SetPenaltyCapDto,
} from './execution.dto';

/**
 * The guard checks the role first, taking the unit or supplier to be the caller's own; the handler then checks
 * the contract's real unit and supplier once it has read the contract (both ask COMMAND_POLICY).
 */
const roleFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId, supplierId: principal.supplierId } : {};

const Command = (route: MethodDecorator, command: string) =>
  applyDecorators(route, HttpCode(200), ApiBearerAuth(), Authorize(command, roleFirst));

/** What an execution command answers (the log position is in `Licita-Position`). */
const answer = (contractId: string, outcome: ExecutionOutcome) => ({
  contractId,
  recorded: outcome.events.map((event) => event.type),
});

/**
 * Contract execution: the delivery schedule and its receipts, the supplier's invoices (CFDI), payments,
 * conventional penalties and the performance guarantee. Written by the contracting unit's buyers (invoices by the
 * contract's supplier); read by everyone, with the flags of late and missing deliveries and late payments.
 */
@ApiTags('contract execution')
@Controller('api/contracts/:id/execution')
export class ExecutionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ReadsFrom('contract-execution')
  @Read(undefined, {
    ok: 'Public: deliveries and receipts, invoices (folio fiscal, folio, amount; never the XML), payments, penalties, guarantees, totals, and the flags as of now',
    cache: CACHE.detail,
  })
  view(@Param('id') contractId: string): Promise<ExecutionView> {
    return this.queries.execute(new ContractExecution(contractId));
  }

  @Command(Post('deliveries'), 'ScheduleDelivery')
  @ApiOkResponse({ description: 'A delivery of the schedule' })
  @ApiNotFoundResponse({ description: '`contract.not_found`' })
  @ApiUnprocessableEntityResponse({
    description: '`execution.unknown_item`, `execution.schedule_exceeds_quantity`, `execution.invalid_date`',
  })
  @ApiConflictResponse({ description: '`execution.contract_not_active`' })
  schedule(
    @Param('id') contractId: string,
    @Body() body: ScheduleDeliveryDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'ScheduleDelivery', contractId, ...body }, p, c);
  }

  @Command(Post('deliveries/:deliveryId/receipts'), 'RecordReceipt')
  @ApiOkResponse({ description: 'What arrived: accepted (all or part) or rejected with the reason' })
  @ApiNotFoundResponse({ description: '`execution.delivery_not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`execution.receipt_exceeds_delivery`, `execution.reason_required`' })
  receive(
    @Param('id') contractId: string,
    @Param('deliveryId') deliveryId: string,
    @Body() body: RecordReceiptDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'RecordReceipt', contractId, deliveryId, ...body }, p, c);
  }

  @Command(Post('invoices'), 'RegisterInvoice')
  @ApiOkResponse({ description: "The supplier's CFDI" })
  @ApiUnprocessableEntityResponse({
    description:
      '`execution.invoice_exceeds_contract` (beyond what the contract still holds), `execution.invalid_cfdi_uuid`',
  })
  @ApiConflictResponse({ description: '`execution.duplicate_cfdi`' })
  invoice(
    @Param('id') contractId: string,
    @Body() body: RegisterInvoiceDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'RegisterInvoice', contractId, ...body }, p, c);
  }

  @Command(Post('invoices/:invoiceId/review'), 'ReviewInvoice')
  @ApiOkResponse({ description: 'Accepted (the 20-day payment term of LAASSP art. 51 starts) or rejected' })
  @ApiConflictResponse({ description: '`execution.invoice_already_reviewed`' })
  review(
    @Param('id') contractId: string,
    @Param('invoiceId') invoiceId: string,
    @Body() body: ReviewInvoiceDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'ReviewInvoice', contractId, invoiceId, ...body }, p, c);
  }

  @Command(Post('payments'), 'RecordPayment')
  @ApiOkResponse({ description: 'A payment of an accepted invoice, with its date' })
  @ApiUnprocessableEntityResponse({ description: '`execution.payment_exceeds_invoice`, `execution.date_in_future`' })
  @ApiConflictResponse({ description: '`execution.invoice_not_accepted`' })
  pay(
    @Param('id') contractId: string,
    @Body() body: RecordPaymentDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'RecordPayment', contractId, ...body }, p, c);
  }

  @Command(Put('penalty-cap'), 'SetPenaltyCap')
  @ApiOkResponse({ description: 'The cap of the conventional penalties, as the contract states it' })
  set(
    @Param('id') contractId: string,
    @Body() body: SetPenaltyCapDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'SetPenaltyCap', contractId, ...body }, p, c);
  }

  @Command(Post('penalties'), 'ApplyPenalty')
  @ApiOkResponse({ description: 'A conventional penalty for a late delivery' })
  @ApiUnprocessableEntityResponse({ description: '`execution.penalty_cap_exceeded` (LAASSP art. 53)' })
  @ApiConflictResponse({ description: '`execution.delivery_not_late`, `execution.penalty_cap_missing`' })
  penalize(
    @Param('id') contractId: string,
    @Body() body: ApplyPenaltyDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'ApplyPenalty', contractId, ...body }, p, c);
  }

  @Command(Post('guarantees'), 'RecordGuarantee')
  @ApiOkResponse({ description: 'The performance guarantee (fianza) and its document' })
  guarantee(
    @Param('id') contractId: string,
    @Body() body: RecordGuaranteeDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'RecordGuarantee', contractId, ...body }, p, c);
  }

  @Command(Post('guarantees/:guaranteeId/release'), 'ReleaseGuarantee')
  @ApiOkResponse({ description: 'Released once the contract is completed' })
  @ApiConflictResponse({ description: '`execution.contract_not_completed`' })
  release(
    @Param('id') contractId: string,
    @Param('guaranteeId') guaranteeId: string,
    @Body() body: ReleaseGuaranteeDto,
    @CurrentPrincipal() p: Principal,
    @CommandCtx() c: CommandContext,
  ) {
    return this.run({ type: 'ReleaseGuarantee', contractId, guaranteeId, ...body }, p, c);
  }

  private async run(command: ExecutionRequest, principal: Principal, context: CommandContext) {
    const outcome: ExecutionOutcome = await this.commands.execute(new ExecuteOnContract(command, principal, context));
    return answer(command.contractId, outcome);
  }
}
