import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, type CommandFieldsOf, type Principal } from '@licita/identity';
import type { AuctionMessage } from '../application/auction.messages';
import { ScheduleLotAuction } from '../application/commands/auction-commands';
import { AuctionMessagesAfter, AuctionSnapshotOf, AuctionWatchers } from '../application/queries/auction-queries';
import type { AuctionSnapshot } from '../domain/auction.snapshot';
import { lotAuctionSettings, viewerOf } from './auction-viewer';
import { AuctionSettingsDto, BidsAfterQuery } from './auctions.dto';
import { Cached } from '@licita/platform';

/** The guard checks the role first, taking the unit to be the caller's own; the handler then checks the tender's. */
const ownUnitFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId } : {};

/**
 * REST mirrors of the live auction for clients without WebSocket (the same snapshot and messages as the
 * `/auctions` Socket.IO namespace), and the buyer's command that schedules a tender lot's auction.
 */
@ApiTags('auctions')
@Controller('api')
export class AuctionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('tenders/:id/lots/:lotId/auction')
  @ApiBearerAuth()
  @Authorize('ScheduleAuction', ownUnitFirst)
  @ApiCreatedResponse({
    description:
      'Scheduled among the suppliers whose proposals for the lot were found compliant, each from its opened offer; one auction per lot (its id follows from tender and lot). The buyer’s snapshot: participants are "Participant n" until the close.',
  })
  @ApiNotFoundResponse({ description: '`tender.not_found`' })
  @ApiConflictResponse({ description: '`auction.lot_not_in_auction` (details.lotStatus), `auction.already_scheduled`' })
  @ApiUnprocessableEntityResponse({
    description:
      '`auction.invalid_schedule` (start in the past, duration), `auction.invalid_decrement`, `auction.invalid_anti_sniping`, `auction.invalid_floor`',
  })
  async schedule(
    @Param('id') tenderId: string,
    @Param('lotId') lotId: string,
    @Body() body: AuctionSettingsDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<AuctionSnapshot> {
    const command = new ScheduleLotAuction(tenderId, lotId, lotAuctionSettings(body), principal, context);
    const scheduled = await this.commands.execute(command);
    return this.queries.execute(new AuctionSnapshotOf(scheduled.data.auctionId, { role: 'buyer' }));
  }

  @Get('auctions/:id')
  @Cached('no-cache') // live: every bid changes it
  @ApiOkResponse({
    description:
      'The snapshot: phase, server time, start and (extended) end, last sequence, ranking by label (names only after the close), and for a participating supplier its own name, rank and highest acceptable bid (`you`).',
  })
  @ApiNotFoundResponse({ description: '`auction.not_found`' })
  snapshot(@Param('id') auctionId: string, @CurrentPrincipal() principal: Principal): Promise<AuctionSnapshot> {
    return this.queries.execute(new AuctionSnapshotOf(auctionId, viewerOf(principal)));
  }

  @Get('auctions/:id/bids')
  @Cached('no-cache')
  @ApiOkResponse({
    description:
      'The messages after sequence `after`, in order (`bid.accepted` with label and amount, `auction.extended`, `auction.closed` with names): page on with the last sequence received.',
  })
  @ApiNotFoundResponse({ description: '`auction.not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`auction.invalid_sequence`' })
  async bids(
    @Param('id') auctionId: string,
    @Query() query: BidsAfterQuery,
  ): Promise<{ auctionId: string; after: number; messages: AuctionMessage[] }> {
    const after = query.after ?? 0;
    const messages = await this.queries.execute(new AuctionMessagesAfter(auctionId, after, query.limit ?? 1_000));
    return { auctionId, after, messages };
  }

  @Get('auctions/:id/watchers')
  @Cached('no-store')
  @ApiOkResponse({
    description:
      'How many Socket.IO clients watch the auction, over every API instance (asked through the Socket.IO adapter)',
  })
  @ApiServiceUnavailableResponse({ description: '`service.unavailable`: an API instance did not answer in time' })
  watchers(@Param('id') auctionId: string): Promise<{ auctionId: string; watchers: number; instances: number }> {
    return this.queries.execute(new AuctionWatchers(auctionId));
  }
}
