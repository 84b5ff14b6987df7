import type { ServerResponse } from 'node:http';
import { Body, Controller, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { authorizeRead, Authorize, CommandCtx, CurrentPrincipal, type Principal } from '@licita/identity';
import { Read } from '@licita/platform';
import {
  HistoricalPartiesToReview,
  ImportReportCsv,
  ListImportRuns,
  ReviewHistoricalParty,
} from '../application/history.cqrs';
import type { HistoricalPartyView } from '../application/history-queries';
import type { ImportRunView } from '../application/import-report';
import { HistoricalPartiesQuery, ReviewHistoricalPartyDto } from './imports.dto';

const STAFF_ONLY =
  '`auth.forbidden` for anyone but a registrar or an auditor (401 `auth.unauthenticated` for the public)';

/** Historical imports (README "Importing history"): the runs, their per-row reports, and the parties to review. */
@ApiTags('imports')
@Controller('api/imports')
export class ImportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Read(undefined, { ok: 'For registrars and auditors: every import run with its counts, newest first' })
  @ApiBearerAuth()
  @ApiForbiddenResponse({ description: STAFF_ONLY })
  runs(@CurrentPrincipal() principal: Principal): Promise<ImportRunView[]> {
    staffOnly(principal);
    return this.queries.execute(new ListImportRuns());
  }

  // Before `:importId`, which would take `parties` for an id.
  @Read('parties', {
    ok: 'For registrars and auditors: the buying units and suppliers imports met, with what they were matched to; `status` pending (default), reviewed or all',
  })
  @ApiBearerAuth()
  @ApiForbiddenResponse({ description: STAFF_ONLY })
  parties(
    @Query() query: HistoricalPartiesQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HistoricalPartyView[]> {
    staffOnly(principal);
    return this.queries.execute(new HistoricalPartiesToReview(query.status ?? 'pending'));
  }

  @Post('parties/:partyId/review')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('ReviewHistoricalParty')
  @ApiOkResponse({ description: '`{ changed }`: false when the party already had that review' })
  @ApiNotFoundResponse({ description: '`import.party_not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`import.review_invalid`' })
  review(
    @Param('partyId') partyId: string,
    @Body() body: ReviewHistoricalPartyDto,
    @CommandCtx() context: CommandContext,
  ): Promise<{ changed: boolean }> {
    return this.commands.execute(
      new ReviewHistoricalParty({ partyId, decision: body.decision, registeredId: body.registeredId ?? null }, context),
    );
  }

  @Read(':importId/report.csv', {
    ok: 'For registrars and auditors: every row of the file, imported or rejected with its reason (code, Spanish and English message), as CSV',
    notFound: '`import.not_found`',
  })
  @ApiBearerAuth()
  @ApiProduces('text/csv')
  @ApiForbiddenResponse({ description: STAFF_ONLY })
  async report(
    @Param('importId') importId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: ServerResponse,
  ): Promise<void> {
    staffOnly(principal);
    const csv = await this.queries.execute(new ImportReportCsv(importId));
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${importId}.report.csv"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.end(`\uFEFF${csv}`);
  }
}

function staffOnly(principal: Principal): void {
  const decision = authorizeRead('HistoricalImports', principal);
  if (!decision.allowed) throw decision.error;
}
