import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CACHE, Cached, ExportRateLimit, Read, requestLanguage, TableExports } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
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
import type { BuyingUnitPage, BuyingUnitView } from '../application/buying-unit-queries';
import type { BuyingUnitRegistration } from '../application/buying-unit-registry';
import { RegisterBuyingUnit } from '../application/commands/register-buying-unit.command';
import { SetBuyingUnitLocation } from '../application/commands/set-buying-unit-location.command';
import { BuyingUnitById, ExportBuyingUnits, SearchBuyingUnits } from '../application/queries/buying-unit.queries';
import {
  BuyingUnitExportQuery,
  BuyingUnitLocationDto,
  BuyingUnitSearchQuery,
  RegisterBuyingUnitDto,
} from './buying-units.dto';

/** A state administrator passes the guard by its role; the state acted on is checked once it is read. */
const ownStateFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { stateCode: principal.stateCode } : {};

/** Buying units (unidades compradoras): registered by a registrar (or a state administrator in its state), listed publicly. */
@ApiTags('buying-units')
@Controller('api/buying-units')
export class BuyingUnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly exports: TableExports,
  ) {}

  @Post()
  @ApiBearerAuth()
  @Authorize('RegisterBuyingUnit', ownStateFirst)
  @ApiCreatedResponse({ description: 'Registered (or, for the same id and code, already registered)' })
  @ApiConflictResponse({ description: '`buying_unit.code_taken`' })
  register(
    @Body() body: RegisterBuyingUnitDto,
    @CommandCtx() context: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BuyingUnitRegistration> {
    const { buyingUnitId, ...unit } = body;
    return this.commands.execute(
      new RegisterBuyingUnit(
        { buyingUnitId: newId(context, 'buying-unit', buyingUnitId), ...unit },
        context,
        principal,
      ),
    );
  }

  @Put(':id/location')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('SetBuyingUnitLocation', ownStateFirst)
  @ApiOkResponse({ description: '`{ changed }`: false when the unit already had that location' })
  @ApiNotFoundResponse({ description: '`buying_unit.not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`buying_unit.invalid_location`' })
  setLocation(
    @Param('id') id: string,
    @Body() body: BuyingUnitLocationDto,
    @CommandCtx() context: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ changed: boolean }> {
    return this.commands.execute(
      new SetBuyingUnitLocation(
        { buyingUnitId: id, location: { stateCode: body.stateCode, municipalityCode: body.municipalityCode ?? null } },
        context,
        principal,
      ),
    );
  }

  @ReadsFrom('buying-units')
  @Read(undefined, {
    ok: 'Public; ordered by code, `nextCursor` pages on. Eventually consistent (a projection).',
    cache: CACHE.list,
  })
  search(@Query() query: BuyingUnitSearchQuery): Promise<BuyingUnitPage> {
    return this.queries.execute(new SearchBuyingUnits(query));
  }

  // Before `:id`, which would take `export` for an id.
  @ReadsFrom('buying-units')
  @Get('export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({ summary: 'The units a search finds, as a CSV (UTF-8 with BOM) or XLSX file, streamed, by code' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'An attachment `licita-unidades-compradoras-YYYY-MM-DD.csv|xlsx` (`buying-units` in English): the units the list finds, with the same filters. 400 `request.invalid`, `export.too_many_rows`',
  })
  async export(
    @Query() query: BuyingUnitExportQuery,
    @Req() request: AuthenticatedRequest,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { format = 'csv', lang, ...filter } = query;
    const language = lang ?? requestLanguage();
    const source = await this.queries.execute(new ExportBuyingUnits(filter, language));
    await this.exports.send(response, source, { format, language, now: request.now });
  }

  @ReadsFrom('buying-units')
  @Read(':id', { ok: 'Public', notFound: '`buying_unit.not_found`', cache: CACHE.detail })
  get(@Param('id') id: string): Promise<BuyingUnitView> {
    return this.queries.execute(new BuyingUnitById(id));
  }
}
