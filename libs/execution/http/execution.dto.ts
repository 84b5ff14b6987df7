import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * Shapes only (unknown fields are refused with 400 `request.invalid`); the rules — quantities within the
 * contract, invoices within its amount, penalties within their cap — are the domain's (422/409 `execution.*`).
 * Money is integer centavos in the contract's currency.
 */
export class ExecutionDocumentDto {
  @IsString()
  @Length(1, 100)
  documentId!: string;

  @IsString()
  @MaxLength(300)
  title!: string;

  @IsString()
  @MaxLength(255)
  fileName!: string;

  @IsString()
  @MaxLength(100)
  mediaType!: string;

  /** Hex SHA-256 of the file */
  @IsString()
  @MaxLength(64)
  sha256!: string;
}

export class ScheduleDeliveryDto {
  @ApiProperty({ example: 'entrega-1' })
  @IsString()
  @Length(1, 100)
  deliveryId!: string;

  @ApiProperty({ example: 'item-1' })
  @IsString()
  @Length(1, 100)
  itemId!: string;

  @ApiProperty({ example: 50 })
  @IsNumber()
  quantity!: number;

  @ApiProperty({ example: 'Almacén central, Av. Insurgentes 100, CDMX' })
  @IsString()
  @MaxLength(2000)
  place!: string;

  /** Mexico City date: the delivery is late from the next day */
  @ApiProperty({ example: '2026-03-10' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueDate!: string;
}

export class RecordReceiptDto {
  @IsString()
  @Length(1, 100)
  receiptId!: string;

  @IsNumber()
  quantity!: number;

  @ApiProperty({ enum: ['accepted', 'rejected'] })
  @IsIn(['accepted', 'rejected'])
  outcome!: 'accepted' | 'rejected';

  /** When it arrived; absent: now */
  @ApiPropertyOptional({ example: '2026-03-09T17:00:00Z' })
  @IsOptional()
  @IsISO8601()
  receivedAt?: string;

  /** Required for a rejection */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExecutionDocumentDto)
  documents?: ExecutionDocumentDto[];
}

export class RegisterInvoiceDto {
  @IsString()
  @Length(1, 100)
  invoiceId!: string;

  /** SAT's folio fiscal (UUID) of the CFDI */
  @ApiProperty({ example: '6f1b2c3d-1234-4abc-9def-0123456789ab' })
  @IsString()
  @MaxLength(36)
  cfdiUuid!: string;

  /** The supplier's series and folio */
  @ApiProperty({ example: 'A-1043' })
  @IsString()
  @MaxLength(100)
  folio!: string;

  /** The CFDI's total, integer centavos */
  @ApiProperty({ example: 11_600_000 })
  @IsInt()
  @Min(1)
  amount!: number;

  @IsISO8601()
  issuedAt!: string;

  /** The CFDI's XML, uploaded first (POST /api/documents): kept for the parties, never published */
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => ExecutionDocumentDto)
  xml?: ExecutionDocumentDto;
}

export class ReviewInvoiceDto {
  @ApiProperty({ enum: ['accepted', 'rejected'] })
  @IsIn(['accepted', 'rejected'])
  decision!: 'accepted' | 'rejected';

  /** Required for a rejection */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RecordPaymentDto {
  @IsString()
  @Length(1, 100)
  paymentId!: string;

  @IsString()
  @Length(1, 100)
  invoiceId!: string;

  @IsInt()
  @Min(1)
  amount!: number;

  /** When it was paid; absent: now */
  @IsOptional()
  @IsISO8601()
  paidAt?: string;
}

export class SetPenaltyCapDto {
  /** The cap the contract states for its conventional penalties, integer centavos */
  @IsInt()
  @Min(1)
  cap!: number;

  /** Where the contract states it (its clause) */
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class ApplyPenaltyDto {
  @IsString()
  @Length(1, 100)
  penaltyId!: string;

  @IsString()
  @Length(1, 100)
  deliveryId!: string;

  @IsInt()
  @Min(1)
  amount!: number;

  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class RecordGuaranteeDto {
  @IsString()
  @Length(1, 100)
  guaranteeId!: string;

  @IsInt()
  @Min(1)
  amount!: number;

  /** The surety company (afianzadora) */
  @IsString()
  @MaxLength(300)
  issuer!: string;

  @IsString()
  @MaxLength(100)
  policyNumber!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ExecutionDocumentDto)
  document?: ExecutionDocumentDto;
}

export class ReleaseGuaranteeDto {
  @IsString()
  @MaxLength(2000)
  reason!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ExecutionDocumentDto)
  document?: ExecutionDocumentDto;
}
