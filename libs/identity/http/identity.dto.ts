import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../application/password-hasher';
import { ROLES, type Role } from '../domain/roles';

export class LoginDto {
  @ApiProperty({ example: 'registro@licita.example.mx' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshDto {
  @IsString()
  @MaxLength(4096)
  refreshToken!: string;
}

export class ChangePasswordDto {
  /** The current (or one-time) password */
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class CreateAccountDto {
  /** Client-chosen id (UUID), so a retry cannot create a second account */
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiProperty({ example: 'compras@salud.example.gob.mx' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as Role[])
  role!: Role;

  /** Required for a buyer: the buying unit it is an officer of */
  @ValidateIf((dto: CreateAccountDto) => dto.role === 'buyer' || dto.buyingUnitId !== undefined)
  @IsUUID()
  buyingUnitId?: string;

  /** Required for a state administrator (`state_admin`): the INEGI key of its state, 01 to 32 */
  @ValidateIf((dto: CreateAccountDto) => dto.role === 'state_admin' || dto.stateCode !== undefined)
  @Matches(/^(0[1-9]|[12]\d|3[0-2])$/)
  stateCode?: string;

  /** Required for a supplier account: the supplier it acts for */
  @ValidateIf((dto: CreateAccountDto) => dto.role === 'supplier' || dto.supplierId !== undefined)
  @IsUUID()
  supplierId?: string;

  @ApiProperty({
    description:
      'A one-time password the registrar hands over; the holder must choose their own at first login. Never stored in clear.',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  temporaryPassword!: string;
}

/** `GET /api/accounts`: the staff list of accounts, narrowed by role and buying unit. */
export class AccountListQuery {
  @ApiProperty({ enum: ROLES, required: false })
  @IsOptional()
  @IsIn(ROLES as Role[])
  role?: Role;

  /** Only the accounts of this buying unit (its buyers) */
  @IsOptional()
  @IsUUID()
  buyingUnitId?: string;
}
