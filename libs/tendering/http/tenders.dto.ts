import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsObject,
} from 'class-validator';
import {
  PROCEDURE_TYPES,
  PROCUREMENT_CATEGORIES,
  type ProcedureType,
  type ProcurementCategory,
} from '../domain/tender.types';

/**
 * Shapes only (unknown fields are refused with 400 `request.invalid`): the rules of a tender — totals that
 * add up, schedules long enough for the procedure, weights summing to 100 — are the domain's, which answers
 * 422 with a code naming the rule. Money is always integer centavos.
 */
const ID_LENGTH = [1, 100] as const;
const DOCUMENT_KINDS = ['technical', 'legal', 'economic'] as const;

/** Decorators as if stacked one above the other, which TypeScript applies bottom-up: validation order unchanged. */
const stacked = (...decorators: PropertyDecorator[]): PropertyDecorator => applyDecorators(...decorators.reverse());
type DtoClass = new () => object;

/** Documented with `example` when given (the plugin documents the field from its type and comment otherwise). */
const exampled = (example: unknown, ...decorators: PropertyDecorator[]): PropertyDecorator =>
  example === undefined ? stacked(...decorators) : stacked(ApiProperty({ example }), ...decorators);

/** An id: a string of 1 to 100 characters */
const IdField = (example?: string): PropertyDecorator => exampled(example, IsString(), Length(...ID_LENGTH));
/** Optional: a client-chosen UUID */
const ClientChosenId = (): PropertyDecorator => stacked(IsOptional(), IsUUID());
const Text = (maxLength: number, example?: string): PropertyDecorator =>
  exampled(example, IsString(), MaxLength(maxLength));
const NestedObject = (type: () => DtoClass): PropertyDecorator => stacked(IsObject(), ValidateNested(), Type(type));
/** Optional; validated as the nested DTO when present. */
const OptionalNested = (type: () => DtoClass): PropertyDecorator => stacked(IsOptional(), ValidateNested(), Type(type));
const NestedArray = (type: () => DtoClass, maxSize: number): PropertyDecorator =>
  stacked(IsArray(), ArrayMaxSize(maxSize), ValidateNested({ each: true }), Type(type));

export class MoneyDto {
  @ApiProperty({ example: 26_500_000, description: 'Integer centavos' })
  @IsInt()
  @Min(0)
  amount!: number;

  @ApiPropertyOptional({ example: 'MXN', description: "ISO 4217; the tender's currency when left out" })
  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;
}

export class TenderItemDto {
  @IdField('item-1')
  itemId!: string;

  @ApiProperty({
    example: '30213100-6',
    description: 'A code of a classifier in force (CPV 2008, CUCoP); 422 `classifier.unknown_code` otherwise',
  })
  @Text(32)
  classifierCode!: string;

  @Text(1000, 'Laptop 14", 16 GB RAM')
  description!: string;

  @ApiProperty({ example: 10, description: 'Positive, at most three decimals' })
  @IsNumber()
  quantity!: number;

  @Text(50, 'pieza')
  unit!: string;

  @ApiProperty({ example: 2_500_000, description: 'Integer centavos' })
  @IsInt()
  @Min(0)
  estimatedUnitPrice!: number;
}

/** LAASSP art. 47 (contrato abierto): the minimum and maximum budget, each optional */
export class OpenContractDto {
  @ApiPropertyOptional({ type: () => MoneyDto, nullable: true, description: 'At least 40 % of the maximum' })
  @OptionalNested(() => MoneyDto)
  minimum?: MoneyDto | null;

  @ApiPropertyOptional({ type: () => MoneyDto, nullable: true })
  @OptionalNested(() => MoneyDto)
  maximum?: MoneyDto | null;
}

export class TenderLotDto {
  @IdField('lot-1')
  lotId!: string;

  @Text(300, 'Equipo de cómputo portátil')
  title!: string;

  @NestedArray(() => TenderItemDto, 1000)
  items!: TenderItemDto[];

  /** The sum of its items' quantity × estimated unit price */
  @NestedObject(() => MoneyDto)
  estimatedValue!: MoneyDto;

  @ApiPropertyOptional({
    type: () => OpenContractDto,
    description: 'An open contract (LAASSP art. 47): it may be awarded and contracted for 0.00, up to its maximum',
  })
  @OptionalNested(() => OpenContractDto)
  openContract?: OpenContractDto;
}

export class DocumentDto {
  @IdField('doc-1')
  documentId!: string;

  @Text(300, 'Convocatoria')
  title!: string;

  @Text(255, 'convocatoria.pdf')
  fileName!: string;

  @Text(100, 'application/pdf')
  mediaType!: string;

  /** Hex SHA-256 of the file (the file itself lives elsewhere) */
  @Text(64)
  sha256!: string;
}

export class ScheduleDto {
  @ApiProperty({
    example: '2026-03-02T16:00:00Z',
    description: 'Planned; publishing sets it to the moment of publication',
  })
  @IsISO8601()
  publicationDate!: string;

  /** Questions are accepted before this instant */
  @IsISO8601()
  questionsDeadline!: string;

  /** Proposals are accepted before this instant (a proposal at the exact instant is late) */
  @IsISO8601()
  submissionDeadline!: string;

  /** The opening act may be held from this instant */
  @IsISO8601()
  openingDate!: string;

  @IsISO8601()
  awardDate!: string;
}

export class AwardCriterionDto {
  @ApiProperty({ enum: ['lowest_price', 'points_and_percentages'] })
  @IsIn(['lowest_price', 'points_and_percentages'])
  type!: 'lowest_price' | 'points_and_percentages';

  /** Points and percentages: whole percent; with the economic weight, 100 */
  @IsOptional()
  @IsInt()
  technicalWeight?: number;

  @IsOptional()
  @IsInt()
  economicWeight?: number;
}

export class JustificationDto {
  @Text(200, 'LAASSP art. 41 fr. I')
  article!: string;

  @Text(10_000)
  text!: string;
}

export class DirectAwardTermsDto {
  /** The supplier of every lot; leave it out to name each lot's supplier at the award */
  @IsOptional()
  @IdField()
  supplierId?: string;

  @NestedObject(() => JustificationDto)
  justification!: JustificationDto;
}

export class PeriodReductionDto {
  @Text(10_000)
  justification!: string;
}

export class RequiredQuantityDto {
  @IdField('item-1')
  itemId!: string;

  @IsNumber()
  quantity!: number;
}

export class ConsolidatedParticipantDto {
  @IdField('uc-hospital-norte')
  buyingUnitId!: string;

  /** The unit's own request (requisición, oficio) the central unit consolidates */
  @Text(200, 'REQ-HN-2026-014')
  requestReference!: string;

  @NestedArray(() => RequiredQuantityDto, 1000)
  items!: RequiredQuantityDto[];

  /** What the unit commits from its budget, in the tender's currency */
  @NestedObject(() => MoneyDto)
  commitment!: MoneyDto;
}

export class ConsolidationDto {
  @NestedArray(() => ConsolidatedParticipantDto, 200)
  participants!: ConsolidatedParticipantDto[];
}

export class CreateTenderDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  tenderId?: string;

  /** The buyer's own buying unit */
  @IdField()
  buyingUnitId!: string;

  @Text(300, 'Adquisición de equipo de cómputo 2026')
  title!: string;

  @Text(10_000)
  description!: string;

  @ApiProperty({ enum: PROCUREMENT_CATEGORIES })
  @IsIn(PROCUREMENT_CATEGORIES as ProcurementCategory[])
  category!: ProcurementCategory;

  @ApiProperty({ enum: PROCEDURE_TYPES })
  @IsIn(PROCEDURE_TYPES as ProcedureType[])
  procedureType!: ProcedureType;

  @NestedObject(() => AwardCriterionDto)
  awardCriterion!: AwardCriterionDto;

  @ApiPropertyOptional({
    default: false,
    description: 'A reverse auction among the compliant proposals before the award',
  })
  @IsOptional()
  @IsBoolean()
  reverseAuction?: boolean;

  @ApiPropertyOptional({ default: 'MXN' })
  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;

  @NestedArray(() => TenderLotDto, 500)
  lots!: TenderLotDto[];

  /** The sum of the lots */
  @NestedObject(() => MoneyDto)
  estimatedTotal!: MoneyDto;

  @IsOptional()
  @NestedArray(() => DocumentDto, 200)
  documents?: DocumentDto[];

  @ApiPropertyOptional({
    type: ScheduleDto,
    nullable: true,
    description: 'Required for public tenders and invitations; none for a direct award',
  })
  @OptionalNested(() => ScheduleDto)
  schedule?: ScheduleDto | null;

  @ApiPropertyOptional({ type: [String], description: 'An invitation: at least three suppliers' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  invitedSupplierIds?: string[];

  @ApiPropertyOptional({
    type: DirectAwardTermsDto,
    nullable: true,
    description: 'A direct award: who, and the legal justification',
  })
  @OptionalNested(() => DirectAwardTermsDto)
  directAward?: DirectAwardTermsDto | null;

  @ApiPropertyOptional({
    type: PeriodReductionDto,
    nullable: true,
    description: 'A public tender shortening its submission period (LAASSP art. 32)',
  })
  @OptionalNested(() => PeriodReductionDto)
  periodReduction?: PeriodReductionDto | null;

  @ApiPropertyOptional({
    default: false,
    description: "Every proposal must be signed with the supplier's e.firma (needs EFIRMA_CA_CERTS)",
  })
  @IsOptional()
  @IsBoolean()
  requireProposalSignature?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Federal money (a state or municipality spending federal funds): federal law applies whatever the unit (GET /api/transparency/tenders/{id} `applicableLaw`)',
  })
  @IsOptional()
  @IsBoolean()
  federalFunds?: boolean;

  @ApiPropertyOptional({
    default: 1,
    minimum: 1,
    maximum: 100_000,
    description:
      'Practice (LICITA_MODE=sandbox) only: the periods run this many times faster (1440 = one day per minute); production refuses any factor but 1 (tender.time_acceleration_not_allowed)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  timeAcceleration?: number;
  @ApiPropertyOptional({
    type: ConsolidationDto,
    description:
      'A consolidated purchase: the units this (central) unit buys for, each with its request, quantities and commitment',
  })
  @OptionalNested(() => ConsolidationDto)
  consolidation?: ConsolidationDto;
}

/** Only the fields to change; the buying unit of a tender does not change. */
export class UpdateTenderDraftDto extends PartialType(
  OmitType(CreateTenderDto, ['tenderId', 'buyingUnitId'] as const),
) {}

export class ScheduleChangesDto extends PartialType(OmitType(ScheduleDto, ['publicationDate'] as const)) {}

export class TenderAmendmentDto {
  @IsOptional()
  @Text(300)
  title?: string;

  @IsOptional()
  @Text(10_000)
  description?: string;

  @IsOptional()
  @NestedArray(() => TenderLotDto, 500)
  lots?: TenderLotDto[];

  @OptionalNested(() => MoneyDto)
  estimatedTotal?: MoneyDto;

  @IsOptional()
  @NestedArray(() => DocumentDto, 200)
  documents?: DocumentDto[];

  @OptionalNested(() => ScheduleChangesDto)
  schedule?: ScheduleChangesDto;
}

export class AmendTenderDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  amendmentId?: string;

  @NestedObject(() => TenderAmendmentDto)
  changes!: TenderAmendmentDto;

  @Text(5000)
  reason!: string;
}

export class AskQuestionDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  questionId?: string;

  /** The lot it is about, if one */
  @IsOptional()
  @IdField()
  lotId?: string;

  @Text(5000, '¿Se acepta garantía de tres años?')
  text!: string;
}

export class AnswerQuestionDto {
  @Text(10_000)
  answer!: string;

  /** Published with the answer: uploads of the buying unit (POST /api/documents) or documents by metadata */
  @IsOptional()
  @NestedArray(() => DocumentDto, 100)
  documents?: DocumentDto[];
}

export class ClarificationMinutesDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  minutesId?: string;

  @ApiProperty({ example: '2026-03-10T17:00:00Z', description: 'When the clarification meeting was held' })
  @IsISO8601()
  heldAt!: string;

  @Text(20_000, 'Se dio respuesta a las 12 preguntas recibidas; no se modificó la convocatoria.')
  summary!: string;

  /** The signed minutes and their annexes, public with them */
  @IsOptional()
  @NestedArray(() => DocumentDto, 100)
  documents?: DocumentDto[];
}

export class OfferItemDto {
  @IdField('item-1')
  itemId!: string;

  @ApiProperty({ example: 2_400_000, description: 'Integer centavos' })
  @IsInt()
  @Min(0)
  unitPrice!: number;
}

export class LotOfferDto {
  @IdField('lot-1')
  lotId!: string;

  @ApiProperty({ example: 25_000_000, description: "Integer centavos: the sum of the items' quantity × unit price" })
  @IsInt()
  @Min(1)
  amount!: number;

  /** A unit price for every item of the lot */
  @NestedArray(() => OfferItemDto, 1000)
  items!: OfferItemDto[];
}

export class ProposalDocumentDto extends DocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind!: (typeof DOCUMENT_KINDS)[number];
}

/** The supplier's e.firma on the proposal's commitment, made in its browser (README, "e.firma"). */
export class EfirmaSignatureDto {
  /** The supplier's certificate (.cer), DER in base64 */
  @IsString()
  @MaxLength(16_000)
  certificate!: string;

  /** RSASSA-PKCS1-v1_5 with SHA-256 of `licita|proposal|<tenderId>|<proposalId>|<commitment>` (UTF-8), base64 */
  @IsString()
  @MaxLength(2_000)
  signature!: string;
}

export class ReplaceProposalDto {
  /** One offer per lot the proposal covers */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => LotOfferDto)
  lots!: LotOfferDto[];

  /** Technical, legal and economic documents by metadata and SHA-256 */
  @IsOptional()
  @NestedArray(() => ProposalDocumentDto, 200)
  documents?: ProposalDocumentDto[];

  /** 32 to 128 lowercase hex characters chosen by the supplier, to compute the commitment it signs; else the server's */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  salt?: string;

  @ApiPropertyOptional({
    type: EfirmaSignatureDto,
    description: "The supplier's e.firma on the commitment; required when the tender has requireProposalSignature",
  })
  @OptionalNested(() => EfirmaSignatureDto)
  efirma?: EfirmaSignatureDto;
}

export class SubmitProposalDto extends ReplaceProposalDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  proposalId?: string;
}

export class EvaluateProposalDto {
  @IdField()
  proposalId!: string;

  @IdField()
  lotId!: string;

  @IsBoolean()
  compliant!: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Required when not compliant' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  reasons?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'Points and percentages, when compliant: 0 to 100' })
  @IsOptional()
  @IsNumber()
  technicalPoints?: number | null;
}

export class AwardedLotDto {
  @IdField()
  lotId!: string;

  /** The supplier of this lot; may be left out when the draft names the supplier of every lot */
  @IsOptional()
  @IdField('supplier-a')
  supplierId?: string;

  /** Integer centavos */
  @IsInt()
  amount!: number;
}

export class AwardDirectlyDto {
  /** Every lot once: its supplier and its awarded amount (0 only for an open contract) */
  @NestedArray(() => AwardedLotDto, 500)
  lots!: AwardedLotDto[];
}

export class ChallengeAwardDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  challengeId?: string;

  @IdField()
  lotId!: string;

  @Text(10_000)
  grounds!: string;
}

export class ResolveChallengeDto {
  @IsBoolean()
  upheld!: boolean;

  @Text(10_000)
  reason!: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Upheld: the new winning proposal from the ranking, or null to annul the award',
  })
  @IsOptional()
  @IdField()
  revisedProposalId?: string | null;
}

export class ReasonDto {
  @Text(5000)
  reason!: string;
}

export class FiscalYearShareDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  fiscalYear!: number;

  /** Integer centavos in the contract's currency */
  @ApiProperty({ example: 150_000_000 })
  @IsInt()
  amount!: number;
}

export class MultiYearDto {
  @NestedArray(() => FiscalYearShareDto, 50)
  fiscalYears!: FiscalYearShareDto[];

  /** SHCP's investment portfolio key (clave de cartera), when there is one */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  portfolioKey?: string;
}

export class SignContractDto {
  @IdField()
  tenderId!: string;

  @IdField()
  lotId!: string;

  @ApiProperty({ example: '2026-04-06T06:00:00Z' })
  @IsISO8601()
  startDate!: string;

  @ApiProperty({ example: '2026-12-31T06:00:00Z' })
  @IsISO8601()
  endDate!: string;

  /** The signed contract first, then its annexes: uploads of the buying unit, public with the contract */
  @IsOptional()
  @NestedArray(() => DocumentDto, 100)
  documents?: DocumentDto[];

  /** A consolidated purchase: the participating unit signing its own contract (required there, refused elsewhere) */
  @IsOptional()
  @IdField()
  buyingUnitId?: string;

  /** A multi-year contract (plurianual): its amount per fiscal year, adding up to the award's amount */
  @OptionalNested(() => MultiYearDto)
  multiYear?: MultiYearDto;
}

export class QuantityChangeDto {
  @IdField()
  itemId!: string;

  @IsNumber()
  quantity!: number;
}

export class AmendContractDto {
  /** Client-chosen id (UUID); else derived from Idempotency-Key, or new */
  @ClientChosenId()
  amendmentId?: string;

  /** The new amount, integer centavos (within 20 % of the original, LAASSP art. 52) */
  @IsOptional()
  @IsInt()
  amount?: number;

  @IsOptional()
  @NestedArray(() => QuantityChangeDto, 1000)
  quantities?: QuantityChangeDto[];

  @IsOptional()
  @IsISO8601()
  endDate?: string;

  /** A multi-year contract's new amounts per fiscal year: required when its amount changes */
  @IsOptional()
  @NestedArray(() => FiscalYearShareDto, 50)
  fiscalYears?: FiscalYearShareDto[];

  @Text(10_000)
  reason!: string;

  /** The signed amendment agreement and its annexes, public with it */
  @IsOptional()
  @NestedArray(() => DocumentDto, 100)
  documents?: DocumentDto[];
}

export class TerminateContractDto {
  @ApiProperty({
    enum: ['early_termination', 'rescission'],
    description: 'LAASSP art. 54 Bis (general interest) or 54 (breach)',
  })
  @IsIn(['early_termination', 'rescission'])
  kind!: 'early_termination' | 'rescission';

  @Text(10_000)
  reason!: string;
}
