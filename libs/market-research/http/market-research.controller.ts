import { Body, Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { CACHE, Cached } from '@licita/platform';
import { Authorize, CommandCtx, newId, type AuthenticatedRequest, type CommandFieldsOf } from '@licita/identity';
import { ReadsFrom } from '@licita/projections';
import {
  AnswerMarketResearch,
  AttachMarketResearch,
  RequestMarketResearch,
  type ResearchOutcome,
} from '../application/market-research.handlers';
import {
  ListMarketResearch,
  MarketResearchById,
  PublicMarketResearchOfTender,
  type PublicResearch,
  type ResearchDetail,
  type ResearchSummary,
} from '../application/market-research-queries';
import { AnswerMarketResearchDto, AttachMarketResearchDto, RequestMarketResearchDto } from './market-research.dto';

/**
 * The guard checks the role first, taking the unit or supplier to be the caller's own; the handler then checks
 * the research's real unit once loaded. Both ask COMMAND_POLICY.
 */
const roleFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId, supplierId: principal.supplierId } : {};

/**
 * Market research (investigación de mercado): a buyer asks registered suppliers for indicative prices before a
 * procedure; they answer until the deadline; the buyer reads the answers and their statistics and attaches the
 * research to a tender of its unit, whose public page then shows the statistics alone.
 */
@ApiTags('market-research')
@Controller('api')
export class MarketResearchController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('market-research')
  @ApiBearerAuth()
  @Authorize('RequestMarketResearch', roleFirst)
  @ApiCreatedResponse({ description: '`{ researchId, supplierCount }`: how many suppliers it went to' })
  @ApiUnprocessableEntityResponse({
    description:
      '`market_research.invalid_request` (details.field), `market_research.invalid_deadline`, `market_research.no_suppliers`, `market_research.unknown_supplier`, `classifier.unknown_code`',
  })
  request(
    @Body() body: RequestMarketResearchDto,
    @Req() request: AuthenticatedRequest,
    @CommandCtx() context: CommandContext,
  ): Promise<ResearchOutcome> {
    const { researchId, buyingUnitId, reason, ...research } = body;
    const principal = request.principal;
    const unit = buyingUnitId ?? (principal.kind === 'account' ? principal.buyingUnitId : undefined) ?? '';
    return this.commands.execute(
      new RequestMarketResearch(
        { ...research, researchId: newId(context, 'market-research', researchId), buyingUnitId: unit },
        principal,
        withReason(context, reason),
      ),
    );
  }

  @ReadsFrom('market-research')
  @Get('market-research')
  @ApiBearerAuth()
  @ApiOkResponse({
    description:
      "A buyer: its unit's research; a supplier: the research addressed to it (with when it answered); the auditor: all. Newest first, at most 200",
  })
  @ApiForbiddenResponse({ description: '`auth.forbidden` for registrars and followers (401 for the public)' })
  list(@Req() request: AuthenticatedRequest): Promise<ResearchSummary[]> {
    return this.queries.execute(new ListMarketResearch(request.principal, request.now));
  }

  @ReadsFrom('market-research')
  @Get('market-research/:id')
  @ApiBearerAuth()
  @ApiOkResponse({
    description:
      'The research. The buyers of its unit and the auditor: every supplier asked, every answer with its supplier, and the statistics per item and currency. An addressed supplier: its own answer only. Every answer says `offer: false`, and `notice` that it is not an offer',
  })
  @ApiNotFoundResponse({ description: '`market_research.not_found`, also to anyone it does not concern' })
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ResearchDetail> {
    return this.queries.execute(new MarketResearchById(id, request.principal, request.now));
  }

  @Put('market-research/:id/answer')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('AnswerMarketResearch', roleFirst)
  @ApiOkResponse({ description: '`{ researchId, revision, offer: false }`: 1 the first answer, then each revision' })
  @ApiForbiddenResponse({ description: '`market_research.not_addressed`' })
  @ApiConflictResponse({ description: '`market_research.closed`: at or after the deadline' })
  @ApiUnprocessableEntityResponse({ description: '`market_research.invalid_answer` (details.field)' })
  answer(
    @Param('id') id: string,
    @Body() body: AnswerMarketResearchDto,
    @Req() request: AuthenticatedRequest,
    @CommandCtx() context: CommandContext,
  ): Promise<ResearchOutcome> {
    const { reason, ...answer } = body;
    return this.commands.execute(
      new AnswerMarketResearch({ researchId: id, ...answer }, request.principal, withReason(context, reason)),
    );
  }

  @Post('market-research/:id/attach')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('AttachMarketResearch', roleFirst)
  @ApiOkResponse({ description: '`{ researchId }`; attaching again to the same tender changes nothing' })
  @ApiConflictResponse({
    description: '`market_research.still_open`, `market_research.already_attached`, `market_research.tender_closed`',
  })
  @ApiUnprocessableEntityResponse({ description: '`market_research.tender_of_other_unit`' })
  @ApiNotFoundResponse({ description: '`market_research.not_found`, `tender.not_found`' })
  attach(
    @Param('id') id: string,
    @Body() body: AttachMarketResearchDto,
    @Req() request: AuthenticatedRequest,
    @CommandCtx() context: CommandContext,
  ): Promise<ResearchOutcome> {
    return this.commands.execute(
      new AttachMarketResearch(
        { researchId: id, tenderId: body.tenderId },
        request.principal,
        withReason(context, body.reason),
      ),
    );
  }

  @ReadsFrom('market-research', 'tender-views')
  @Get('tenders/:id/market-research')
  @Cached(CACHE.detail)
  @ApiOkResponse({
    description:
      'Public: the statistics (count, min, median, max, spread per item and currency) of the research attached to a published tender, labelled indicative; no supplier and no single answer',
  })
  @ApiNotFoundResponse({ description: '`market_research.not_found`, `tender.not_found` (a draft too)' })
  publicResearch(@Param('id') tenderId: string, @Req() request: AuthenticatedRequest): Promise<PublicResearch> {
    return this.queries.execute(new PublicMarketResearchOfTender(tenderId, request.now));
  }
}

const withReason = (context: CommandContext, reason: string | undefined): CommandContext =>
  reason && reason.trim() ? { ...context, reason: reason.trim() } : context;
