import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { AntiSniping, MinimumDecrement, ParticipantEntry } from '../domain/auction.commands';

/** Shapes only: the auction's own rules (start in the future, decrement, anti-sniping limits) are the decider's. */
export class MinimumDecrementDto {
  @ApiProperty({ enum: ['absolute', 'percent'], description: '`absolute`: `amount` centavos; `percent`: `basisPoints` of the bidder’s current price' })
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

export class AuctionParticipantDto implements ParticipantEntry {
  @ApiProperty({ description: 'The supplier id (its account bids as this supplier)' })
  @IsString()
  @Length(1, 100)
  bidderId!: string;

  @ApiProperty({ example: 'Constructora Álamo, S.A. de C.V.', description: 'Revealed at the close' })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ example: 1_000_000_00, description: 'Its opened economic offer, centavos' })
  @IsInt()
  @Min(1)
  openingPrice!: number;
}

export class ScheduleAuctionDto {
  @ApiPropertyOptional({ description: 'Chosen by the client (else derived from Idempotency-Key, else random)' })
  @IsOptional()
  @IsUUID()
  auctionId?: string;

  @ApiProperty({ example: 'ocds-licita-000123' })
  @IsString()
  @Length(1, 100)
  tenderId!: string;

  @ApiProperty({ example: 'lot-1' })
  @IsString()
  @Length(1, 100)
  lotId!: string;

  @ApiProperty({ example: 'MXN', description: 'ISO 4217' })
  @IsString()
  @Length(3, 3)
  currency!: string;

  @ApiProperty({ example: '2026-03-02T16:00:00.000Z' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ example: 600 })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  durationSeconds!: number;

  @ApiProperty({ type: MinimumDecrementDto })
  @ValidateNested()
  @Type(() => MinimumDecrementDto)
  minimumDecrement!: MinimumDecrementDto;

  @ApiPropertyOptional({ type: AntiSnipingDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AntiSnipingDto)
  antiSniping?: AntiSnipingDto | null;

  @ApiPropertyOptional({ example: 700_000_00, nullable: true, description: 'Bids below it are accepted but flagged abnormally low (centavos)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  abnormallyLowFloor?: number | null;

  @ApiProperty({ type: [AuctionParticipantDto], description: 'The suppliers whose proposals were found compliant, in submission order' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AuctionParticipantDto)
  participants!: AuctionParticipantDto[];
}

export class BidsAfterQuery {
  @ApiPropertyOptional({ default: 0, description: 'Events after this sequence (0: from the first bid)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ default: 1000, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
