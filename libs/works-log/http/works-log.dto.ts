import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Text } from '@licita/platform';
import { MAX_ATTACHMENTS, MAX_TEXT } from '../domain/works-log.decider';
import { WRITABLE_KINDS } from '../domain/works-log.types';

/** The request bodies' shape only: the log's rules answer 4xx with their own `works_log.*` codes. */
export class NoteAttachmentDto {
  @ApiProperty({ description: 'The id POST /api/documents answered' })
  @IsString()
  @MaxLength(200)
  documentId!: string;

  @Text(1, 300, { example: 'Foto del colado, eje 3' })
  title!: string;

  @Text(1, 300, { example: 'colado-eje-3.jpg' })
  fileName!: string;

  @ApiProperty({ example: 'image/jpeg' })
  @IsString()
  @MaxLength(200)
  mediaType!: string;

  @ApiProperty({ description: 'Lowercase hex SHA-256, as the upload answered it' })
  @IsString()
  @MaxLength(64)
  sha256!: string;
}

export class ProgressDto {
  @ApiProperty({ example: 2_500, description: 'Physical progress in basis points (2 500 = 25.00 %)' })
  @IsInt()
  physicalBp!: number;

  @ApiProperty({ example: 1_800, description: 'Financial progress in basis points' })
  @IsInt()
  financialBp!: number;
}

export class ConfidentialityDto {
  @Text(0, 1000, { example: 'LGTAIP art. 113 fr. I (seguridad nacional)' })
  legalBasis!: string;
}

/** An e.firma signature made in the browser over the note and the log's head it read (works-log.signing.ts). */
export class NoteEfirmaDto {
  @ApiProperty({ description: 'The .cer, DER in base64' })
  @IsString()
  @MaxLength(20_000)
  certificate!: string;

  @ApiProperty({ description: 'RSASSA-PKCS1-v1_5 / SHA-256 signature of the message, base64' })
  @IsString()
  @MaxLength(2_000)
  signature!: string;

  @ApiProperty({ description: 'The number the note gets if the log has not moved on (noteCount + 1)' })
  @IsInt()
  number!: number;

  @ApiProperty({ description: 'The head hash read (headHash), which the note chains to' })
  @IsString()
  @MaxLength(64)
  previousHash!: string;
}

class AttachmentsField {
  @ApiPropertyOptional({ type: [NoteAttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS + 1)
  @ValidateNested({ each: true })
  @Type(() => NoteAttachmentDto)
  attachments?: NoteAttachmentDto[];
}

export class OpenWorksLogDto extends AttachmentsField {
  @ApiProperty({ description: "The resident engineer: a buyer account of the contract's unit" })
  @IsString()
  @MaxLength(200)
  residentAccountId!: string;

  @ApiProperty({ description: "The superintendent: an account of the contract's supplier" })
  @IsString()
  @MaxLength(200)
  superintendentAccountId!: string;

  @Text(0, MAX_TEXT + 1000, { example: 'Apertura: obra, ubicación, fechas, personas autorizadas' })
  text!: string;

  @ApiPropertyOptional({ description: "Every later note must be signed with its author's e.firma (default false)" })
  @IsOptional()
  @IsBoolean()
  requireSignature?: boolean;
}

class SignedField extends AttachmentsField {
  @ApiPropertyOptional({ type: NoteEfirmaDto, description: "Signed with the author's e.firma" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NoteEfirmaDto)
  efirma?: NoteEfirmaDto;
}

export class WriteWorksLogNoteDto extends SignedField {
  @ApiProperty({ enum: WRITABLE_KINDS })
  @IsString()
  @MaxLength(50)
  kind!: string;

  @Text(0, MAX_TEXT + 1000, { example: 'Se instruye colar la losa del nivel 2 el lunes.' })
  text!: string;

  @ApiPropertyOptional({ description: 'The note answered or corrected (its number)' })
  @IsOptional()
  @IsInt()
  refersTo?: number;

  @ApiPropertyOptional({ type: ProgressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProgressDto)
  progress?: ProgressDto;

  @ApiPropertyOptional({ type: ConfidentialityDto, description: 'Kept from the public, with the legal reason' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConfidentialityDto)
  confidential?: ConfidentialityDto;
}

export class CloseWorksLogDto extends SignedField {
  @Text(0, MAX_TEXT + 1000, { example: 'Cierre de la bitácora con el finiquito.' })
  text!: string;
}
