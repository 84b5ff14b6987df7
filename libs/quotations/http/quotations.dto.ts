import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalText, Text } from '@licita/platform';
import { QUOTATION_LAWS, type QuotationLaw } from '../domain/thresholds';

export class QuotationMoneyDto {
  @ApiProperty({ example: 8_000_000, description: 'Integer centavos' })
  @IsInt()
  @Min(1)
  amount!: number;

  @ApiProperty({ example: 'MXN', description: 'ISO 4217' })
  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency!: string;
}

export class QuotationAudienceDto {
  @ApiProperty({
    enum: ['classifier', 'invited'],
    description: '`classifier`: every verified supplier registered for the code; `invited`: only `supplierIds`',
  })
  @IsIn(['classifier', 'invited'])
  kind!: 'classifier' | 'invited';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  supplierIds?: string[];
}

export class MiniCompetitionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 100)
  agreementId!: string;

  @ApiProperty({ example: 'toner' })
  @IsString()
  @Length(1, 100)
  itemId!: string;
}

export class PublishQuotationRequestDto {
  /** Client-chosen id (UUID), so a retry cannot publish twice */
  @IsOptional()
  @IsUUID()
  rfqId?: string;

  @ApiProperty({ description: 'The unit the buyer buys for' })
  @IsString()
  @Length(1, 100)
  buyingUnitId!: string;

  @ApiProperty({ enum: QUOTATION_LAWS, example: 'LAASSP' })
  @IsIn(QUOTATION_LAWS as QuotationLaw[])
  law!: QuotationLaw;

  @Text(1, 200, { example: 'Tóner para impresoras' })
  title!: string;

  @OptionalText(2000)
  description?: string;

  @ApiPropertyOptional({
    example: '30125100-2',
    description: "Required for a quick quotation (a mini-competition takes the item's)",
  })
  @IsOptional()
  @IsString()
  @Length(2, 20)
  classifierCode?: string;

  @ApiProperty({ example: 20 })
  @IsNumber()
  @IsPositive()
  quantity!: number;

  @OptionalText(50, {
    example: 'pieza',
    description: "Required for a quick quotation (a mini-competition takes the item's)",
  })
  unit?: string;

  @ApiProperty({ type: QuotationMoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => QuotationMoneyDto)
  estimatedValue!: QuotationMoneyDto;

  @ApiPropertyOptional({
    type: QuotationAudienceDto,
    description: "Required for a quick quotation; a mini-competition invites the agreement's suppliers of the item",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuotationAudienceDto)
  audience?: QuotationAudienceDto;

  @ApiPropertyOptional({
    type: () => MiniCompetitionDto,
    description: 'A mini-competition: the framework agreement and its item whose price is not fixed',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MiniCompetitionDto)
  framework?: MiniCompetitionDto;

  @ApiProperty({ example: '2026-03-04T16:00:00.000Z', description: '1 hour to 10 days after publication' })
  @IsISO8601({ strict: true })
  deadline!: string;
}

export class SubmitQuotationDto {
  @ApiProperty({ type: QuotationMoneyDto, description: 'The total for the whole request, in its currency' })
  @IsObject()
  @ValidateNested()
  @Type(() => QuotationMoneyDto)
  amount!: QuotationMoneyDto;

  @OptionalText(2000)
  notes?: string;
}

export class NonCompliantDto {
  @Text(1, 1000, { example: 'No incluye la ficha técnica solicitada' })
  reason!: string;
}

export class QuotationSearchQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  buyingUnitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 20)
  classifierCode?: string;
}
