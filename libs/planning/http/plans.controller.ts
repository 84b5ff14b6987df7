import { Body, Controller, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, type AuthenticatedRequest, type Principal } from '@licita/identity';
import { CACHE, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { notFound } from '@licita/shared';
import {
  PlansOfFiscalYear,
  type PlansOfYear,
  PlanOfUnit,
  PlanRevisionOfUnit,
  PlansOfUnit,
  type PlanRevisionView,
  type PlanSummary,
  type PlanView,
} from '../application/plan-queries';
import { LinkProcedureMessage, PublishPlanRevisionMessage, type PlanAnswer } from '../application/plan-writer';
import { checkFiscalYear } from '../domain/plan.decider';
import { LinkProcedureDto, PublishPlanRevisionDto } from './plans.dto';

export class PlansSummaryQuery {
  /** The fiscal year (YYYY) */
  @IsString()
  @MaxLength(4)
  fiscalYear!: string;
}

export class PlansQuery {
  /** The buying unit whose plans to list */
  @IsString()
  @MaxLength(200)
  buyingUnitId!: string;
}

/** The unit in the path is the one the command is for: the policy lets only that unit's buyers send it. */
const unitInPath = (request: AuthenticatedRequest) => ({ buyingUnitId: request.params.unitId });

function yearOf(text: string): number {
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  checkFiscalYear(year);
  return year;
}

/** Annual procurement plans (PAAAS): written and revised by a unit's buyers, read by everyone. */
@ApiTags('plans')
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put(':unitId/:year')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('PublishPlanRevision', unitInPath)
  @ApiOkResponse({
    description: '`{ buyingUnitId, fiscalYear, revision, links }`; the log position in `Licita-Position`',
  })
  @ApiUnprocessableEntityResponse({ description: '`plan.*` rules of the lines, `classifier.unknown_code`' })
  @ApiConflictResponse({ description: '`plan.unchanged`, `plan.linked_line_removed`, `plan.stale_revision`' })
  publish(
    @Param('unitId') buyingUnitId: string,
    @Param('year') year: string,
    @Body() body: PublishPlanRevisionDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<PlanAnswer> {
    const command = {
      buyingUnitId,
      fiscalYear: yearOf(year),
      lines: body.lines,
      reason: body.reason ?? null,
      basedOnRevision: body.basedOnRevision ?? null,
    };
    return this.commands.execute(new PublishPlanRevisionMessage(command, principal, context));
  }

  @Post(':unitId/:year/lines/:lineId/link')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('LinkProcedure', unitInPath)
  @ApiOkResponse({ description: 'Linked (or already linked to that procedure)' })
  @ApiNotFoundResponse({ description: '`plan.not_found`, `plan.line_not_found`, `tender.not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`plan.tender_of_other_unit`, `plan.tender_of_other_year`' })
  @ApiConflictResponse({ description: '`plan.line_already_linked`' })
  link(
    @Param('unitId') buyingUnitId: string,
    @Param('year') year: string,
    @Param('lineId') lineId: string,
    @Body() body: LinkProcedureDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<PlanAnswer> {
    const command = { buyingUnitId, fiscalYear: yearOf(year), lineId, tenderId: body.tenderId, reason: body.reason };
    return this.commands.execute(new LinkProcedureMessage(command, principal, context));
  }

  @ReadsFrom('plans')
  @Read(undefined, { ok: "Public: a unit's plans, newest year first", cache: CACHE.list })
  list(@Query() query: PlansQuery): Promise<PlanSummary[]> {
    return this.queries.execute(new PlansOfUnit(query.buyingUnitId));
  }

  @ReadsFrom('plans')
  @Read('summary', {
    ok: "Public: every unit's plan for a fiscal year together: totals by classifier code and by quarter, and each unit's planned vs executed (per currency)",
    cache: CACHE.list,
  })
  summary(@Query() query: PlansSummaryQuery): Promise<PlansOfYear> {
    return this.queries.execute(new PlansOfFiscalYear(yearOf(query.fiscalYear)));
  }

  @ReadsFrom('plans')
  @Read(':unitId/:year', {
    ok: 'Public: the current lines (with their linked procedure), every revision and its differences, totals by classifier code and by quarter, planned vs executed (per currency)',
    notFound: '`plan.not_found`',
    cache: CACHE.detail,
  })
  get(@Param('unitId') buyingUnitId: string, @Param('year') year: string): Promise<PlanView> {
    return this.queries.execute(new PlanOfUnit(buyingUnitId, yearOf(year)));
  }

  @ReadsFrom('plans')
  @Read(':unitId/:year/revisions/:revision', {
    ok: 'Public: one revision as it was published (its lines, reason and differences)',
    notFound: '`plan.revision_not_found`',
    cache: CACHE.detail,
  })
  revision(
    @Param('unitId') buyingUnitId: string,
    @Param('year') year: string,
    @Param('revision') revision: string,
  ): Promise<PlanRevisionView> {
    const number = /^\d{1,6}$/.test(revision) ? Number(revision) : NaN;
    if (!Number.isInteger(number))
      throw notFound('plan.revision_not_found', 'a revision is a positive integer', { revision });
    return this.queries.execute(new PlanRevisionOfUnit(buyingUnitId, yearOf(year), number));
  }
}
