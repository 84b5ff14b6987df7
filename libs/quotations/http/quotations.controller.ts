import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import {
  Authorize,
  CommandCtx,
  CurrentPrincipal,
  newId,
  type AuthenticatedRequest,
  type CommandFieldsOf,
  type Principal,
} from '@licita/identity';
import { Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { DomainError } from '@licita/shared';
import {
  IssuePurchaseOrder,
  MarkQuotationNonCompliant,
  OpenQuotations,
  PublishQuotationRequest,
  SubmitQuotation,
  type QuotationReceipt,
} from '../application/quotation.commands';
import type { QuotationOutcome } from '../application/quotation-writer';
import type {
  QuotationRequestPage,
  QuotationRequestSummary,
  SupplierQuotationRequest,
} from '../application/quotation-queries';
import {
  QuotationRequestById,
  SearchQuotationRequests,
  SupplierQuotationRequests,
} from '../application/quotation.queries';
import type { Audience } from '../domain/quotation.events';
import {
  NonCompliantDto,
  PublishQuotationRequestDto,
  QuotationAudienceDto,
  QuotationSearchQuery,
  SubmitQuotationDto,
} from './quotations.dto';

const unitInBody: CommandFieldsOf = (request) => ({
  buyingUnitId: (request.body as { buyingUnitId?: unknown } | undefined)?.buyingUnitId,
});
/** The role first (the caller's own unit or supplier); the handler checks the request's real unit once loaded. */
const roleFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId, supplierId: principal.supplierId } : {};

const audienceOf = (dto: QuotationAudienceDto | null | undefined): Audience | undefined =>
  dto == null
    ? undefined
    : dto.kind === 'invited'
      ? { kind: 'invited', supplierIds: dto.supplierIds ?? [] }
      : { kind: 'classifier' };

type Summary = { rfqId: string; status: string };
const summaryOf = (rfqId: string, outcome: QuotationOutcome): Summary => ({
  rfqId,
  status: outcome.state.published ? outcome.state.status : 'open',
});

/**
 * Quick quotations (cotizaciones ágiles) and mini-competitions: a buyer's request, the suppliers' sealed
 * quotations, the opening at the deadline, the non-compliant marks and the order. Commands answer with the log
 * position in `Licita-Position`; every command may carry `Idempotency-Key`.
 */
@ApiTags('quotations')
@Controller('api')
export class QuotationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('quotation-requests')
  @ApiBearerAuth()
  @Authorize('PublishQuotationRequest', unitInBody)
  @ApiCreatedResponse({ description: 'Published: `{ rfqId, status }`' })
  @ApiUnprocessableEntityResponse({
    description:
      '`quotation.above_threshold`, `quotation.no_threshold`, `quotation.invalid_deadline`, `quotation.invalid_request`',
  })
  async publish(
    @Body() body: PublishQuotationRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<Summary> {
    const { rfqId: given, audience, ...request } = body;
    const rfqId = newId(context, 'quotation-request', given);
    const outcome: QuotationOutcome = await this.commands.execute(
      new PublishQuotationRequest({ rfqId, ...request, audience: audienceOf(audience) }, principal, context),
    );
    return summaryOf(rfqId, outcome);
  }

  @ReadsFrom('quotation-requests')
  // 'no-cache': a request's status turns with the clock at its deadline, so every use is revalidated (the ETag saves the body)
  @Read('quotation-requests', { ok: 'Public: requests for quotations, newest first (at most 200)', cache: 'no-cache' })
  search(
    @Query() query: QuotationSearchQuery,
    @Req() request: AuthenticatedRequest,
  ): Promise<QuotationRequestSummary[]> {
    return this.queries.execute(new SearchQuotationRequests(query, request.now));
  }

  @ReadsFrom('quotation-requests')
  @Read('quotation-requests/:id', {
    ok: 'Public. Before the opening: the request only (no amount, no quoting supplier, no count). After: every quotation ranked, the winner, the order',
    notFound: '`quotation.request_not_found`',
    cache: 'no-cache',
  })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<QuotationRequestPage> {
    return this.queries.execute(new QuotationRequestById(id, request.now));
  }

  @Post('quotation-requests/:id/quotations')
  @ApiBearerAuth()
  @Authorize('SubmitQuotation', roleFirst)
  @ApiCreatedResponse({
    description: 'Sealed; a second one replaces the first. The receipt: `{ quotationId, commitment, submittedAt }`',
  })
  @ApiForbiddenResponse({ description: '`quotation.supplier_not_invited`, `quotation.supplier_not_eligible`' })
  @ApiConflictResponse({ description: '`quotation.deadline_passed`' })
  submit(
    @Param('id') rfqId: string,
    @Body() body: SubmitQuotationDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<QuotationReceipt> {
    return this.commands.execute(new SubmitQuotation({ rfqId, ...body }, principal, context));
  }

  @Post('quotation-requests/:id/open')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('OpenQuotations', roleFirst)
  @ApiOkResponse({ description: 'Opened (or deserted); the scheduler does it at the deadline anyway' })
  @ApiConflictResponse({ description: '`quotation.still_sealed` before the deadline' })
  async open(
    @Param('id') rfqId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<Summary> {
    return summaryOf(rfqId, await this.commands.execute(new OpenQuotations({ rfqId }, principal, context)));
  }

  @Post('quotation-requests/:id/quotations/:quotationId/non-compliant')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('MarkQuotationNonCompliant', roleFirst)
  @ApiOkResponse({ description: 'Marked, with the reason; the next lowest compliant quotation becomes the winner' })
  @ApiConflictResponse({ description: '`quotation.not_opened`' })
  async markNonCompliant(
    @Param('id') rfqId: string,
    @Param('quotationId') quotationId: string,
    @Body() body: NonCompliantDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<Summary> {
    const outcome: QuotationOutcome = await this.commands.execute(
      new MarkQuotationNonCompliant({ rfqId, quotationId, reason: body.reason }, principal, context),
    );
    return summaryOf(rfqId, outcome);
  }

  @Post('quotation-requests/:id/order')
  @ApiBearerAuth()
  @Authorize('IssuePurchaseOrder', roleFirst)
  @ApiCreatedResponse({ description: 'The order to the lowest compliant quotation: `{ rfqId, status, orderId }`' })
  @ApiConflictResponse({
    description: '`quotation.not_opened`, `quotation.no_compliant_quotation`, `quotation.already_ordered`',
  })
  async order(
    @Param('id') rfqId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<Summary & { orderId: string | null }> {
    const orderId = newId(context, 'purchase-order');
    const outcome: QuotationOutcome = await this.commands.execute(
      new IssuePurchaseOrder({ rfqId, orderId }, principal, context),
    );
    return {
      ...summaryOf(rfqId, outcome),
      orderId: outcome.state.published ? (outcome.state.order?.orderId ?? null) : null,
    };
  }

  @ReadsFrom('quotation-requests')
  @Get('me/quotation-requests')
  @ApiBearerAuth()
  @ApiOkResponse({
    description:
      "The calling supplier's requests: those for its classifier codes, those inviting it and those it quoted, with its own receipt (never an amount)",
  })
  @ApiForbiddenResponse({ description: '`auth.forbidden` for anyone but a supplier (401 `auth.unauthenticated`)' })
  mine(
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<SupplierQuotationRequest[]> {
    if (principal.kind === 'anonymous') throw new DomainError('auth.unauthenticated', 'log in', 'unauthorized');
    if (principal.kind !== 'account' || principal.role !== 'supplier' || !principal.supplierId)
      throw new DomainError('auth.forbidden', 'only a supplier reads its requests for quotations', 'forbidden');
    return this.queries.execute(new SupplierQuotationRequests(principal.supplierId, request.now));
  }
}
