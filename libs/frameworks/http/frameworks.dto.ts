import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OptionalText, Text } from '@licita/platform';
import type { AgreementItemInput } from '../domain/framework.commands';

/** Deep rules (items, prices, ceilings) are the decider's: 422 `framework.*` with the field named. */
export class EstablishFrameworkAgreementDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID), so a retry cannot establish the agreement twice' })
  @IsOptional()
  @IsUUID()
  agreementId?: string;

  @ApiProperty({ description: "The central purchasing body establishing the agreement (the buyer's own unit)" })
  @IsString()
  centralBuyingUnitId!: string;

  @ApiProperty({ description: "The central body's awarded procedure the agreement results from" })
  @IsString()
  tenderId!: string;

  @Text(1, 300, { example: 'Papel bond para oficina 2026' })
  title!: string;

  @ApiProperty({ example: '2026-01-01T06:00:00Z' })
  @IsString()
  validFrom!: string;

  @ApiProperty({ example: '2027-01-01T06:00:00Z' })
  @IsString()
  validTo!: string;

  @ApiProperty({ example: ['09', '15'], description: 'INEGI state keys' })
  @IsArray()
  regions!: string[];

  @ApiProperty({ example: 'all', description: '"all", or the ids of the buying units that may order' })
  @IsDefined()
  authorisedBuyingUnitIds!: string[] | 'all';

  @ApiPropertyOptional({ description: "Of the procedure's winners, those that are parties (default: all)" })
  @IsOptional()
  @IsArray()
  supplierIds?: string[];

  @ApiProperty({
    description:
      'Catalogue items: `{ itemId?, classification: { scheme, id }, description, unit, priceFixed, prices: [{ supplierId, unitPrice: { amount: "430.50", currency: "MXN" } }], maxQuantity? }`',
  })
  @IsArray()
  items!: AgreementItemInput[];

  @ApiProperty({
    example: [{ amount: '10000000.00', currency: 'MXN' }],
    description: 'One maximum amount per currency',
  })
  @IsArray()
  ceilings!: Array<{ amount: string; currency: string }>;
}

export class DesignateCentralPurchasingBodyDto {
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/)
  buyingUnitId!: string;

  /** Why (the instrument that makes it a central body); recorded in the event's metadata */
  @OptionalText(1000)
  reason?: string;
}

export class PlaceFrameworkOrderDto {
  @ApiPropertyOptional({ description: 'Client-chosen id (UUID)' })
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiProperty({ description: "The ordering unit (the buyer's own)" })
  @IsString()
  buyingUnitId!: string;

  @ApiProperty()
  @IsString()
  supplierId!: string;

  @ApiProperty({ example: [{ itemId: 'paper-a4', quantity: 10, unitPrice: { amount: '430.50', currency: 'MXN' } }] })
  @IsArray()
  lines!: Array<{ itemId: string; quantity: number; unitPrice: { amount: string; currency: string } }>;

  @ApiPropertyOptional({ example: { kind: 'catalogue' }, description: 'Default: the catalogue' })
  @IsOptional()
  @IsObject()
  origin?: { kind: 'catalogue' } | { kind: 'mini-competition'; competitionId: string };

  @OptionalText(1000)
  reason?: string;
}

export class RejectFrameworkOrderDto {
  @Text(1, 1000, { example: 'Sin existencias en la región' })
  reason!: string;
}

export class CatalogueQuery {
  @OptionalText(200)
  q?: string;

  @OptionalText(20)
  scheme?: string;

  @OptionalText(40)
  code?: string;

  @ApiPropertyOptional({ example: '09' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  buyingUnitId?: string;
}

export class AgreementListQuery {
  @ApiPropertyOptional({ enum: ['active', 'all'] })
  @IsOptional()
  @IsIn(['active', 'all'])
  status?: 'active' | 'all';
}

export class OrderListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  agreementId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  supplierId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  buyingUnitId?: string;
}
