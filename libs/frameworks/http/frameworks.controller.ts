import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, newId, type Principal } from '@licita/identity';
import { CACHE, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { notFound } from '@licita/shared';
import { FrameworkQueries } from '../application/framework-queries';
import {
  AnswerFrameworkOrderCommand,
  DesignateCentralPurchasingBodyCommand,
  EstablishFrameworkAgreementCommand,
  GetFrameworkAgreementQuery,
  PlaceFrameworkOrderCommand,
} from '../application/framework.cqrs';
import type { FrameworkAgreementView } from '../application/framework-agreement.view';
import {
  AgreementListQuery,
  CatalogueQuery,
  DesignateCentralPurchasingBodyDto,
  EstablishFrameworkAgreementDto,
  OrderListQuery,
  PlaceFrameworkOrderDto,
  RejectFrameworkOrderDto,
} from './frameworks.dto';

const fromBody = (field: string) => (request: { body?: unknown }) => ({
  buyingUnitId: (request.body as Record<string, unknown> | undefined)?.[field],
});

/** Framework agreements (convenios marco), their catalogue and their orders. */
@ApiTags('framework-agreements')
@Controller('api')
export class FrameworksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly reads: FrameworkQueries,
  ) {}

  @Post('central-purchasing-bodies')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('DesignateCentralPurchasingBody')
  @ApiOkResponse({ description: '`{ changed }`; 404 `buying_unit.not_found`' })
  designate(@Body() body: DesignateCentralPurchasingBodyDto, @CommandCtx() context: CommandContext) {
    const why = body.reason ?? 'Designación como área consolidadora de compras';
    return this.commands.execute(
      new DesignateCentralPurchasingBodyCommand(body.buyingUnitId, { ...context, reason: why }),
    );
  }

  @ReadsFrom('frameworks')
  @Read('central-purchasing-bodies', { ok: 'Public: the designated central purchasing bodies', cache: CACHE.list })
  centralBodies() {
    return this.reads.centralBodies();
  }

  @Post('framework-agreements')
  @ApiBearerAuth()
  @Authorize('EstablishFrameworkAgreement', fromBody('centralBuyingUnitId'))
  @ApiCreatedResponse({
    description: '`{ agreementId, position }`; 403 `framework.not_central_body`, 422 `framework.*`',
  })
  establish(@Body() body: EstablishFrameworkAgreementDto, @CommandCtx() context: CommandContext) {
    const { agreementId, ...agreement } = body;
    return this.commands.execute(
      new EstablishFrameworkAgreementCommand(
        { ...agreement, agreementId: newId(context, 'framework-agreement', agreementId) },
        { ...context, reason: `Convenio marco resultado del procedimiento ${agreement.tenderId}` },
      ),
    );
  }

  @ReadsFrom('frameworks')
  @Read('framework-agreements', {
    ok: 'Public: agreements with their remaining ceiling per currency, newest first',
    cache: CACHE.list,
  })
  agreements(@Query() query: AgreementListQuery) {
    return this.reads.agreements(query);
  }

  @ReadsFrom('frameworks')
  @Read('framework-catalogue', {
    ok: 'Public: the items of the agreements in force, each with its suppliers’ prices cheapest first',
    cache: CACHE.list,
  })
  catalogue(@Query() query: CatalogueQuery) {
    return this.reads.catalogue(query);
  }

  @ReadsFrom('frameworks')
  @Read('framework-orders', { ok: 'Public: orders (call-offs), newest first', cache: CACHE.feed })
  orders(@Query() query: OrderListQuery) {
    return this.reads.orders(query);
  }

  @Read('framework-agreements/:id', {
    ok: 'Public: the agreement as its stream says now (items, prices, remaining ceiling, orders)',
    notFound: '`framework.not_found`',
    cache: CACHE.feed,
  })
  async agreement(@Param('id') id: string): Promise<FrameworkAgreementView> {
    const view = await this.queries.execute(new GetFrameworkAgreementQuery(id));
    if (!view) throw notFound('framework.not_found', `no framework agreement ${id}`);
    return view;
  }

  @Post('framework-agreements/:id/orders')
  @ApiBearerAuth()
  @Authorize('PlaceFrameworkOrder', fromBody('buyingUnitId'))
  @ApiCreatedResponse({ description: '`{ orderId, position }`' })
  @ApiConflictResponse({
    description: '`framework.ceiling_exceeded`, `framework.not_in_force`, `framework.price_mismatch`',
  })
  order(@Param('id') id: string, @Body() body: PlaceFrameworkOrderDto, @CommandCtx() context: CommandContext) {
    return this.commands.execute(
      new PlaceFrameworkOrderCommand({
        agreementId: id,
        orderId: body.orderId,
        buyingUnitId: body.buyingUnitId,
        supplierId: body.supplierId,
        lines: body.lines,
        origin: body.origin ?? { kind: 'catalogue' },
        actor: context.actor,
        reason: body.reason ?? 'Pedido del catálogo del convenio marco',
        context,
      }),
    );
  }

  @Post('framework-agreements/:id/orders/:orderId/accept')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('AnswerFrameworkOrder')
  @ApiOkResponse({ description: '`{ changed }`; 403 `framework.not_order_supplier`' })
  accept(
    @Param('id') id: string,
    @Param('orderId') orderId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    return this.commands.execute(
      new AnswerFrameworkOrderCommand({ agreementId: id, orderId, supplierId: supplierOf(principal) }, true, context),
    );
  }

  @Post('framework-agreements/:id/orders/:orderId/reject')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('AnswerFrameworkOrder')
  @ApiOkResponse({ description: '`{ changed }`; 409 `framework.order_already_accepted`' })
  reject(
    @Param('id') id: string,
    @Param('orderId') orderId: string,
    @Body() body: RejectFrameworkOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    return this.commands.execute(
      new AnswerFrameworkOrderCommand(
        { agreementId: id, orderId, supplierId: supplierOf(principal), reason: body.reason },
        false,
        context,
      ),
    );
  }
}

const supplierOf = (principal: Principal) => (principal.kind === 'account' ? (principal.supplierId ?? '') : '');
