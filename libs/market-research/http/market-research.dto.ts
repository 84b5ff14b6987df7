import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_ITEMS } from '../domain/market-research.decider';

export class ResearchItemDto {
  @ApiPropertyOptional({ example: 'item-1', description: '`item-<n>` (its place, from 1) when left out' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  itemId?: string;

  @ApiProperty({ example: '30213100-6', description: 'A code of a classifier in force; 422 `classifier.unknown_code`' })
  @IsString()
  @Length(1, 32)
  classifierCode!: string;

  @ApiProperty({ example: 'Computadora portátil 14", 16 GB RAM' })
  @IsString()
  @MaxLength(500)
  description!: string;

  @ApiProperty({ example: 40, description: 'Positive, at most three decimals' })
  @IsNumber()
  quantity!: number;

  @ApiProperty({ example: 'pieza' })
  @IsString()
  @MaxLength(50)
  unit!: string;
}

export class RequestMarketResearchDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID), so a retry cannot send it twice' })
  @IsOptional()
  @IsUUID()
  researchId?: string;

  @ApiPropertyOptional({ description: "The buyer's own unit when left out" })
  @IsOptional()
  @IsString()
  buyingUnitId?: string;

  @ApiProperty({ example: 'Precios de referencia de computadoras portátiles' })
  @IsString()
  @MaxLength(300)
  title!: string;

  @ApiProperty({ type: [ResearchItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ResearchItemDto)
  items!: ResearchItemDto[];

  @ApiProperty({ example: '2026-03-09T18:00:00.000Z', description: 'Answers are taken until this instant (excluded)' })
  @IsISO8601({ strict: true })
  deadline!: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Verified suppliers to ask by name; when left out (or empty) every verified supplier whose declared codes cover an item (the code or an ancestor) is asked',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  invitedSupplierIds?: string[];

  @ApiPropertyOptional({ description: "Why it is asked (the events' `reason`)" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class UnitPriceDto {
  @ApiProperty({ example: 2_450_000, description: 'Integer centavos, positive' })
  @IsInt()
  amount!: number;

  @ApiProperty({ example: 'MXN', description: 'ISO 4217' })
  @IsString()
  @Length(3, 3)
  currency!: string;
}

export class IndicativePriceDto {
  @ApiProperty({ example: 'item-1' })
  @IsString()
  itemId!: string;

  @ApiProperty({ type: UnitPriceDto })
  @ValidateNested()
  @Type(() => UnitPriceDto)
  unitPrice!: UnitPriceDto;
}

export class AnswerMarketResearchDto {
  @ApiProperty({ type: [IndicativePriceDto], description: 'A unit price per item priced (at least one)' })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => IndicativePriceDto)
  prices!: IndicativePriceDto[];

  @ApiPropertyOptional({ example: 'Precio con IVA incluido; entrega en 15 días' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;

  @ApiPropertyOptional({ example: '2026-04-30', description: 'The last day the supplier says its prices hold' })
  @IsOptional()
  @IsString()
  validUntil?: string | null;

  @ApiPropertyOptional({ description: "Why it answers or revises (the event's `reason`)" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class AttachMarketResearchDto {
  @ApiProperty({ description: "A tender of the research's buying unit (a draft too)" })
  @IsString()
  @Length(1, 64)
  tenderId!: string;

  @ApiPropertyOptional({ description: "Why (the event's `reason`)" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
