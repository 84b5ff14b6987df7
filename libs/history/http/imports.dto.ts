import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class HistoricalPartiesQuery {
  @ApiPropertyOptional({ enum: ['pending', 'reviewed', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'reviewed', 'all'])
  status?: 'pending' | 'reviewed' | 'all';
}

export class ReviewHistoricalPartyDto {
  @ApiProperty({
    enum: ['confirmed', 'linked', 'unregistered'],
    description:
      '`confirmed`: the import matched it right; `linked`: it is the register entry `registeredId`; `unregistered`: it is in no register',
  })
  @IsIn(['confirmed', 'linked', 'unregistered'])
  decision!: 'confirmed' | 'linked' | 'unregistered';

  @ApiPropertyOptional({ description: 'The `buyingUnitId` or `supplierId` to link to (required to link)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  registeredId?: string;
}
