import { Body, Controller, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CACHE, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, newId } from '@licita/identity';
import type { BuyingUnitPage, BuyingUnitView } from '../application/buying-unit-queries';
import type { BuyingUnitRegistration } from '../application/buying-unit-registry';
import { RegisterBuyingUnit } from '../application/commands/register-buying-unit.command';
import { SetBuyingUnitLocation } from '../application/commands/set-buying-unit-location.command';
import { BuyingUnitById, SearchBuyingUnits } from '../application/queries/buying-unit.queries';
import { BuyingUnitLocationDto, BuyingUnitSearchQuery, RegisterBuyingUnitDto } from './buying-units.dto';

/** Buying units (unidades compradoras): registered by a registrar, listed publicly. */
@ApiTags('buying-units')
@Controller('api/buying-units')
export class BuyingUnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiBearerAuth()
  @Authorize('RegisterBuyingUnit')
  @ApiCreatedResponse({ description: 'Registered (or, for the same id and code, already registered)' })
  @ApiConflictResponse({ description: '`buying_unit.code_taken`' })
  register(
    @Body() body: RegisterBuyingUnitDto,
    @CommandCtx() context: CommandContext,
  ): Promise<BuyingUnitRegistration> {
    const { buyingUnitId, ...unit } = body;
    return this.commands.execute(
      new RegisterBuyingUnit({ buyingUnitId: newId(context, 'buying-unit', buyingUnitId), ...unit }, context),
    );
  }

  @Put(':id/location')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('SetBuyingUnitLocation')
  @ApiOkResponse({ description: '`{ changed }`: false when the unit already had that location' })
  @ApiNotFoundResponse({ description: '`buying_unit.not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`buying_unit.invalid_location`' })
  setLocation(
    @Param('id') id: string,
    @Body() body: BuyingUnitLocationDto,
    @CommandCtx() context: CommandContext,
  ): Promise<{ changed: boolean }> {
    return this.commands.execute(
      new SetBuyingUnitLocation(
        { buyingUnitId: id, location: { stateCode: body.stateCode, municipalityCode: body.municipalityCode ?? null } },
        context,
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

  @ReadsFrom('buying-units')
  @Read(':id', { ok: 'Public', notFound: '`buying_unit.not_found`', cache: CACHE.detail })
  get(@Param('id') id: string): Promise<BuyingUnitView> {
    return this.queries.execute(new BuyingUnitById(id));
  }
}
