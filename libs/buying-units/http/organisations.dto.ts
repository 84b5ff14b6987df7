import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { OptionalOneOf, Text } from '@licita/platform';
import { PROCUREMENT_CATEGORIES, type ProcurementCategory } from '../domain/applicable-law';
import { GOVERNMENT_LEVELS, type GovernmentLevel } from '../domain/buying-unit.commands';
import { INEGI_STATE_CODES } from '../domain/location';

export class RegisterOrganisationDto {
  /** Client-chosen id (UUID), so a retry cannot register the organisation twice */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ enum: GOVERNMENT_LEVELS, description: 'federal (APF), state (GE) or municipal (GM)' })
  @IsIn(GOVERNMENT_LEVELS as GovernmentLevel[])
  level!: GovernmentLevel;

  @Text(1, 300, { example: 'Municipio de Guadalajara' })
  name!: string;

  @ApiPropertyOptional({ example: '14', description: 'State and municipal: the INEGI state key, 01 to 32' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  stateCode?: string | null;

  @ApiPropertyOptional({
    example: '039',
    description: "Municipal: the municipality's 3-digit INEGI key within the state",
  })
  @IsOptional()
  @Matches(/^\d{3}$/)
  municipalityCode?: string | null;

  /** A municipality's state organisation; optionally a federal entity's federal parent */
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @Text(1, 300, { example: 'Alta del municipio en el padrón de entes públicos' })
  reason!: string;
}

export class AssignOrganisationDto {
  @IsUUID()
  organisationId!: string;

  @Text(1, 300, { example: 'La unidad pertenece al municipio' })
  reason!: string;
}

export class OrganisationListQuery {
  @OptionalOneOf(GOVERNMENT_LEVELS)
  level?: GovernmentLevel;

  /** Only organisations of this state (INEGI key): the state and its municipalities */
  @OptionalOneOf(INEGI_STATE_CODES)
  stateCode?: string;

  /** Only the children of this organisation */
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class ApplicableLawQuery {
  @OptionalOneOf(PROCUREMENT_CATEGORIES, { default: 'goods' })
  category?: ProcurementCategory;

  /** Federal money (CompraNet's APORTACION_FEDERAL): federal law applies whatever the organisation */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  federalFunds?: boolean;
}
