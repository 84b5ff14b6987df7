import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min, ValidateIf, ValidateNested, IsObject } from 'class-validator';
import { IntegerParam, PageSize } from '@licita/platform';
import type { AntiSniping, MinimumDecrement } from '../domain/auction.commands';

/** Shapes only: the auction's own rules (start in the future, decrement, anti-sniping limits) are the decider's. */
export class MinimumDecrementDto {
  @ApiProperty({
    enum: ['absolute', 'percent'],
    description: '`absolute`: `amount` centavos; `percent`: `basisPoints` of the bidder’s current price',
  })
  @IsIn(['absolute', 'percent'])
  kind!: MinimumDecrement['kind'];

  @ApiPropertyOptional({ example: 5_000_00, description: 'Centavos (kind absolute)' })
  @ValidateIf((decrement: MinimumDecrementDto) => decrement.kind === 'absolute')
  @IsInt()
  @Min(1)
  amount?: number;

  @ApiPropertyOptional({ example: 50, description: '1 = 0.01 % (kind percent)' })
  @ValidateIf((decrement: MinimumDecrementDto) => decrement.kind === 'percent')
  @IsInt()
  @Min(1)
  @Max(10_000)
  basisPoints?: number;
}

export class AntiSnipingDto implements AntiSniping {
  @ApiProperty({ example: 60, description: 'A bid in the last N seconds…' })
  @IsInt()
  @Min(1)
  windowSeconds!: number;

  @ApiProperty({ example: 120, description: '…moves the end M seconds later…' })
  @IsInt()
  @Min(1)
  extensionSeconds!: number;

  @ApiProperty({ example: '2026-03-02T16:20:00.000Z', description: '…never past this instant' })
  @IsISO8601({ strict: true })
  maximumEndsAt!: string;
}

/** The auction of a tender's lot: when and how; who takes part comes from the tender's evaluation. */
export class AuctionSettingsDto {
  @ApiProperty({ example: '2026-03-02T16:00:00.000Z' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ example: 600 })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  durationSeconds!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => MinimumDecrementDto)
  minimumDecrement!: MinimumDecrementDto;

  @ApiPropertyOptional({ type: AntiSnipingDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AntiSnipingDto)
  antiSniping?: AntiSnipingDto | null;

  @ApiPropertyOptional({
    example: 700_000_00,
    nullable: true,
    description: 'Bids below it are accepted but flagged abnormally low (centavos)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  abnormallyLowFloor?: number | null;
}

export class BidsAfterQuery {
  @IntegerParam({ min: 0, default: 0, description: 'Events after this sequence (0: from the first bid)' })
  after?: number;

  @PageSize(1000, 1000)
  limit?: number;
}
