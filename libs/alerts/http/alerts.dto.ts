import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { OptionalOneOf } from '@licita/platform';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@licita/identity';
import { DELIVERIES, FOLLOW_KINDS, type Delivery, type FollowKind } from '../domain/alert.events';

const LANGUAGES = ['es', 'en'] as const;

export class FollowerSignUpDto {
  /** Client-chosen id (UUID), so a retry cannot create a second account */
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiProperty({ example: 'periodista@example.mx' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password!: string;

  /** The language of the e-mails (default: the request's) */
  @OptionalOneOf(LANGUAGES)
  language?: (typeof LANGUAGES)[number];
}

export class SaveSearchDto {
  /** Client-chosen id (UUID) */
  @IsOptional()
  @IsUUID()
  searchId?: string;

  @ApiProperty({ example: 'Medicamentos en Jalisco' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({
    description:
      "The public search's filters, as `GET /api/transparency/tenders` takes them (`q`, `status`, `classifierCode`, `minValue`…); sort and paging are ignored",
    example: { q: 'paracetamol', classifierCode: '51000000-9' },
  })
  @IsObject()
  filters!: Record<string, string | number>;
}

export class FollowDto {
  @ApiProperty({ enum: FOLLOW_KINDS })
  @IsIn(FOLLOW_KINDS as FollowKind[])
  kind!: FollowKind;

  @ApiProperty({ description: 'The procedure (tender), buying unit or supplier id' })
  @IsString()
  @Length(1, 100)
  id!: string;
}

export class DeliveryPreferenceDto {
  @ApiProperty({ enum: DELIVERIES })
  @IsIn(DELIVERIES as Delivery[])
  delivery!: Delivery;

  @OptionalOneOf(LANGUAGES)
  language?: (typeof LANGUAGES)[number];
}

export class LinkTokenDto {
  /** The `token` of the link in the e-mail */
  @IsString()
  @MaxLength(2000)
  token!: string;
}
