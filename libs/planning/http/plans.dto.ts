import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OptionalText, Text } from '@licita/platform';
import { MAX_LINES } from '../domain/plan.decider';
import { PLANNED_PROCEDURES } from '../domain/plan.types';

/** The request body's shape only: the plan's rules (bounds, codes, quarters…) answer 422 with their own codes. */
export class PlanMoneyDto {
  @ApiProperty({ example: 12_500_000, description: 'Integer centavos (minor units)' })
  @IsInt()
  amount!: number;

  @ApiProperty({ example: 'MXN', description: 'ISO 4217' })
  @IsString()
  @MaxLength(3)
  currency!: string;
}

export class PlanLineDto {
  @ApiProperty({ example: 'L1', description: 'Chosen by the desk, stable across revisions' })
  @IsString()
  @MaxLength(100)
  lineId!: string;

  @ApiProperty({ example: '21101001', description: 'A classifier code (CUCoP by default)' })
  @IsString()
  @MaxLength(100)
  classifierCode!: string;

  @Text(0, 2000, { example: 'Papelería para oficinas' })
  description!: string;

  @ApiProperty({ type: PlanMoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PlanMoneyDto)
  estimate!: PlanMoneyDto;

  @ApiProperty({ example: 2, minimum: 1, maximum: 4 })
  @IsInt()
  quarter!: number;

  @ApiProperty({ enum: PLANNED_PROCEDURES })
  @IsString()
  @MaxLength(50)
  procedureType!: string;

  @OptionalText(600, { example: 'LAASSP art. 42' })
  legalBasis?: string | null;
}

export class PublishPlanRevisionDto {
  @ApiProperty({ type: [PlanLineDto] })
  @IsArray()
  @ArrayMaxSize(MAX_LINES + 1)
  @ValidateNested({ each: true })
  @Type(() => PlanLineDto)
  lines!: PlanLineDto[];

  /** Why the plan changes: required from the second revision on */
  @OptionalText(2000, { example: 'Ajuste presupuestal' })
  reason?: string;

  /** The revision the desk edited (0 for a first plan): refused with 409 `plan.stale_revision` if no longer current */
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  basedOnRevision?: number;
}

export class LinkProcedureDto {
  @ApiProperty({ example: '3f0c…', description: 'The tender (procedure) of the same unit and year' })
  @IsString()
  @MaxLength(200)
  tenderId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
