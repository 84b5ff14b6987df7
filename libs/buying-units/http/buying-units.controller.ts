import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store/command-executor';
import { Authorize, CommandCtx, newId } from '@licita/identity/http/auth.guard';
import { BuyingUnitQueries, type BuyingUnitPage, type BuyingUnitView } from '../application/buying-unit-queries';
import { BuyingUnitRegistry, type BuyingUnitRegistration } from '../application/buying-unit-registry';
import { BuyingUnitSearchQuery, RegisterBuyingUnitDto } from './buying-units.dto';

/** Buying units (unidades compradoras): registered by a registrar, listed publicly. */
@ApiTags('buying-units')
@Controller('api/buying-units')
export class BuyingUnitsController {
  constructor(
    private readonly registry: BuyingUnitRegistry,
    private readonly queries: BuyingUnitQueries,
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
    return this.registry.register(
      { type: 'RegisterBuyingUnit', buyingUnitId: newId(context, 'buying-unit', buyingUnitId), ...unit },
      context,
    );
  }

  @Get()
  @ApiOkResponse({
    description: 'Public; ordered by code, `nextCursor` pages on. Eventually consistent (a projection).',
  })
  search(@Query() query: BuyingUnitSearchQuery): Promise<BuyingUnitPage> {
    return this.queries.search(query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'Public' })
  @ApiNotFoundResponse({ description: '`buying_unit.not_found`' })
  get(@Param('id') id: string): Promise<BuyingUnitView> {
    return this.queries.get(id);
  }
}
