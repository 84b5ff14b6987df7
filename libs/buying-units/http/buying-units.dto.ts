import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { ExportFileQuery, OptionalOneOf, OptionalText, PageCursor, PageSize, Text } from '@licita/platform';
import { MAX_PAGE_SIZE } from '../application/buying-unit-queries';
import { GOVERNMENT_LEVELS, type GovernmentLevel } from '../domain/buying-unit.commands';
import { INEGI_STATE_CODES } from '../domain/location';

/** Where a unit is, by INEGI keys */
export class BuyingUnitLocationDto {
  @ApiProperty({ example: '14', enum: INEGI_STATE_CODES, description: "The state's INEGI key (01 to 32)" })
  @IsIn(INEGI_STATE_CODES as string[])
  stateCode!: string;

  @ApiPropertyOptional({ example: '039', description: "The municipality's 3-digit INEGI key within the state" })
  @IsOptional()
  @Matches(/^\d{3}$/)
  municipalityCode?: string | null;
}

export class RegisterBuyingUnitDto {
  /** Client-chosen id (UUID), so a retry cannot register the unit twice */
  @IsOptional()
  @IsUUID()
  buyingUnitId?: string;

  @ApiProperty({ example: '012000999', description: 'Unique: 2 to 20 letters, digits or hyphens (upper-cased)' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,19}$/)
  code!: string;

  @Text(1, 300, { example: 'Dirección General de Recursos Materiales y Servicios Generales' })
  name!: string;

  @ApiPropertyOptional({
    enum: GOVERNMENT_LEVELS,
    description: "Required without an organisation; else its organisation's",
  })
  @ValidateIf((dto: RegisterBuyingUnitDto) => !dto.organisationId || dto.level !== undefined)
  @IsIn(GOVERNMENT_LEVELS as GovernmentLevel[])
  level?: GovernmentLevel;

  /** The organisation of the government tree it belongs to (GET /api/organisations) */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Text(1, 300, { example: 'Secretaría de Salud' })
  parentInstitution!: string;

  @ApiPropertyOptional({ type: BuyingUnitLocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BuyingUnitLocationDto)
  location?: BuyingUnitLocationDto;
}

export class BuyingUnitSearchQuery {
  /** Words of the code, name or institution (accents and case ignored) */
  @OptionalText(200)
  q?: string;

  @OptionalOneOf(GOVERNMENT_LEVELS)
  level?: GovernmentLevel;

  /** Only units in this state (INEGI key) */
  @OptionalOneOf(INEGI_STATE_CODES)
  stateCode?: string;

  /** Only units of this organisation of the government tree */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @PageCursor('nextCursor of the previous page', 200)
  cursor?: string;

  @PageSize(MAX_PAGE_SIZE)
  limit?: number;
}

/** The list's filters (no paging) and the file's format and language. */
export class BuyingUnitExportQuery extends IntersectionType(
  OmitType(BuyingUnitSearchQuery, ['cursor', 'limit'] as const),
  ExportFileQuery,
) {}
