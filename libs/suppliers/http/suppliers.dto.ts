import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@licita/identity';
import { ExportFileQuery, OptionalOneOf, OptionalText, PageCursor, PageSize, Text } from '@licita/platform';
import { MAX_PAGE_SIZE } from '../application/supplier-queries';
import { MEXICAN_STATES, type MexicanState } from '../domain/mexican-states';
import type { PersonType } from '../domain/rfc';
import {
  SUPPLIER_DOCUMENT_KINDS,
  SUPPLIER_SIZES,
  type SupplierDocumentKind,
  type SupplierSize,
} from '../domain/supplier.commands';
import type { SupplierStatus } from '../domain/supplier.decider';

/**
 * Shapes and lengths only: the register's own rules (the RFC with its check digit, states, postal codes,
 * phones) are checked by the domain, which says which part is wrong (422 `rfc.invalid` with `details.part`).
 */
const STATES = Object.keys(MEXICAN_STATES) as MexicanState[];
const PERSON_TYPES: PersonType[] = ['legal_entity', 'individual'];
const STATUSES: SupplierStatus[] = ['pending', 'verified', 'rejected', 'suspended'];

export class AddressDto {
  @Text(1, 200, { example: 'Av. Juárez 100' })
  street!: string;

  @Text(1, 120, { example: 'Guadalajara' })
  municipality!: string;

  @ApiProperty({ enum: STATES, example: 'MX-JAL', description: 'ISO 3166-2:MX' })
  @IsIn(STATES)
  state!: MexicanState;

  @Text(5, 5, { example: '44100' })
  postalCode!: string;
}

export class ContactDto {
  @Text(1, 200, { example: 'Ana Pérez' })
  name!: string;

  @ApiProperty({ example: 'ana@kemper.example.mx' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: '+52 33 1234 5678' })
  @IsString()
  @MaxLength(20)
  phone!: string;
}

export class SupplierAccountDto {
  @ApiProperty({ description: 'The email the supplier logs in with', example: 'ana@kemper.example.mx' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Text(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  password!: string;
}

export class RegisterSupplierDto {
  /** Client-chosen id (UUID): sending the same registration again completes it instead of failing */
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiProperty({
    example: 'EKU9003173C9',
    description: '12 characters (legal entity) or 13 (individual), with the SAT check digit',
  })
  @IsString()
  @MaxLength(20)
  rfc!: string;

  @Text(1, 300, { example: 'Escuela Kemper Urgate, S.A. de C.V.' })
  legalName!: string;

  @ApiProperty({ enum: PERSON_TYPES })
  @IsIn(PERSON_TYPES)
  personType!: PersonType;

  @ApiProperty({ enum: SUPPLIER_SIZES })
  @IsIn(SUPPLIER_SIZES as SupplierSize[])
  size!: SupplierSize;

  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact!: ContactDto;

  @ApiProperty({ example: ['45210000-2'], description: 'Classifier codes (CPV, CUCoP) of what it supplies' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  classifierCodes!: string[];

  /** The supplier account created with the registration */
  @IsObject()
  @ValidateNested()
  @Type(() => SupplierAccountDto)
  account!: SupplierAccountDto;
}

/** Only the fields to change. A new RFC or legal name sends a verified supplier back to the registrar. */
export class UpdateSupplierDto {
  @OptionalText(20)
  rfc?: string;

  @IsOptional()
  @Text(1, 300)
  legalName?: string;

  @OptionalOneOf(SUPPLIER_SIZES)
  size?: SupplierSize;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  classifierCodes?: string[];
}

/** A document the supplier uploaded (POST /api/documents); hash, media type and size are the upload's. */
export class SupplierDocumentDto {
  @ApiProperty({ enum: SUPPLIER_DOCUMENT_KINDS, example: 'constancia_situacion_fiscal' })
  @IsIn([...SUPPLIER_DOCUMENT_KINDS])
  kind!: SupplierDocumentKind;

  @Text(1, 100, { description: 'The documentId POST /api/documents answered' })
  documentId!: string;

  @OptionalText(200, { description: 'Shown to the registrar; the uploaded file name when absent' })
  name?: string;

  @ApiPropertyOptional({ description: 'When sent, must be the upload’s' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sha256?: string;

  @ApiPropertyOptional({ description: 'When sent, must be the upload’s' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  mediaType?: string;
}

export class AttachSupplierDocumentsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SupplierDocumentDto)
  documents!: SupplierDocumentDto[];
}

export class ReasonDto {
  @Text(1, 1000, { example: 'The deed of incorporation is illegible' })
  reason!: string;
}

export class ImposeSanctionDto {
  /** Client-chosen id (UUID) */
  @IsOptional()
  @IsUUID()
  sanctionId?: string;

  @ApiProperty({ example: '2026-03-01T06:00:00.000Z' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiPropertyOptional({
    example: '2026-09-01T06:00:00.000Z',
    nullable: true,
    description: 'null or absent: until lifted',
  })
  @ValidateIf((dto: ImposeSanctionDto) => dto.endsAt !== null && dto.endsAt !== undefined)
  @IsISO8601({ strict: true })
  endsAt?: string | null;

  @Text(1, 2000, { example: 'Did not sign the awarded contract without justified cause' })
  reason!: string;

  @Text(1, 100, { example: 'SFP/OIC/RS/0042/2026' })
  resolutionNumber!: string;
}

export class SupplierSearchQuery {
  /** Words of the legal name or RFC (accents and case ignored) */
  @OptionalText(200)
  q?: string;

  /** Exact RFC */
  @OptionalText(20)
  rfc?: string;

  /** A classifier code the supplier lists, exactly (45210000-2) */
  @OptionalText(32)
  code?: string;

  @OptionalOneOf(SUPPLIER_SIZES)
  size?: SupplierSize;

  @OptionalOneOf(STATES)
  state?: MexicanState;

  @OptionalOneOf(STATUSES, {
    description: 'The public sees verified and suspended suppliers; staff see all',
  })
  status?: SupplierStatus;

  @PageCursor()
  cursor?: string;

  @PageSize(MAX_PAGE_SIZE)
  limit?: number;
}

/** A directory search's filters (no paging), the file's format and its language. */
export class SupplierExportQuery extends IntersectionType(
  OmitType(SupplierSearchQuery, ['cursor', 'limit'] as const),
  ExportFileQuery,
) {}

export class SanctionSearchQuery {
  /** true: in force or starting later; false: lifted or ended; absent: all */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  current?: boolean;

  @PageCursor()
  cursor?: string;

  @PageSize(MAX_PAGE_SIZE)
  limit?: number;
}

/** The sanctions directory's filter (no paging) and the file's format and language. */
export class SanctionExportQuery extends IntersectionType(
  OmitType(SanctionSearchQuery, ['cursor', 'limit'] as const),
  ExportFileQuery,
) {}
