import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
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
import type { CommandContext } from '@licita/event-store/command-executor';
import type { Principal } from '@licita/identity/domain/roles';
import { Authorize, CommandCtx, CurrentPrincipal, newId } from '@licita/identity/http/auth.guard';
import type { AuctionMessage } from '../application/auction.messages';
import { AuctionService } from '../application/auction.service';
import type { AuctionSnapshot } from '../domain/auction.snapshot';
import { viewerOf } from './auction-viewer';
import { AuctionsGateway } from './auctions.gateway';
import { BidsAfterQuery, ScheduleAuctionDto } from './auctions.dto';

/**
 * REST mirrors of the live auction for clients without WebSocket (the same snapshot and messages as the
 * `/auctions` Socket.IO namespace), and the buyer's command that schedules an auction.
 */
@ApiTags('auctions')
@Controller('api/auctions')
export class AuctionsController {
  constructor(
    private readonly service: AuctionService,
    private readonly gateway: AuctionsGateway,
  ) {}

  @Post()
  @ApiBearerAuth()
  @Authorize('ScheduleAuction')
  @ApiCreatedResponse({ description: 'Scheduled; the buyer’s snapshot of it. Participants are labelled "Participant n" until the close.' })
  @ApiUnprocessableEntityResponse({ description: '`auction.invalid_schedule` (start in the past, duration), `auction.invalid_currency`, `auction.invalid_decrement`, `auction.invalid_anti_sniping`, `auction.invalid_floor`, `auction.invalid_participant`, `auction.invalid_opening_price`, `auction.duplicate_participant`, `auction.not_enough_participants`' })
  @ApiConflictResponse({ description: '`auction.already_scheduled`' })
  async schedule(@Body() body: ScheduleAuctionDto, @CommandCtx() context: CommandContext): Promise<AuctionSnapshot> {
    const auctionId = newId(context, 'auction', body.auctionId);
    const { minimumDecrement: decrement } = body;
    await this.service.scheduleAuction(
      {
        ...body,
        auctionId,
        minimumDecrement: decrement.kind === 'absolute' ? { kind: 'absolute', amount: decrement.amount! } : { kind: 'percent', basisPoints: decrement.basisPoints! },
        antiSniping: body.antiSniping ?? null,
        abnormallyLowFloor: body.abnormallyLowFloor ?? null,
        participants: body.participants.map(({ bidderId, name, openingPrice }) => ({ bidderId, name, openingPrice })),
      },
      { actor: context.actor, correlationId: context.correlationId },
    );
    return this.service.snapshot(auctionId, { role: 'buyer' });
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      'The snapshot: phase, server time, start and (extended) end, last sequence, ranking by label (names only after the close), and for a participating supplier its own name, rank and highest acceptable bid (`you`).',
  })
  @ApiNotFoundResponse({ description: '`auction.not_found`' })
  snapshot(@Param('id') auctionId: string, @CurrentPrincipal() principal: Principal): Promise<AuctionSnapshot> {
    return this.service.snapshot(auctionId, viewerOf(principal));
  }

  @Get(':id/bids')
  @ApiOkResponse({
    description:
      'The messages after sequence `after`, in order (`bid.accepted` with label and amount, `auction.extended`, `auction.closed` with names): page on with the last sequence received.',
  })
  @ApiNotFoundResponse({ description: '`auction.not_found`' })
  @ApiUnprocessableEntityResponse({ description: '`auction.invalid_sequence`' })
  async bids(@Param('id') auctionId: string, @Query() query: BidsAfterQuery): Promise<{ auctionId: string; after: number; messages: AuctionMessage[] }> {
    const after = query.after ?? 0;
    return { auctionId, after, messages: await this.service.bidsAfter(auctionId, after, query.limit ?? 1_000) };
  }

  @Get(':id/watchers')
  @ApiOkResponse({ description: 'How many Socket.IO clients watch the auction, over every API instance (asked through the Socket.IO adapter)' })
  @ApiServiceUnavailableResponse({ description: '`service.unavailable`: an API instance did not answer in time' })
  watchers(@Param('id') auctionId: string): Promise<{ auctionId: string; watchers: number; instances: number }> {
    return this.gateway.watchers(auctionId);
  }
}
