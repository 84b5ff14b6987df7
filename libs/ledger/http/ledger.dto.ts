import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, MaxLength, Min, IsString } from 'class-validator';
import { PageSize } from '@licita/platform';

const POSITION = /^\d{1,20}$/;
export const MAX_EXPORT_PAGE = 5_000;
export const MAX_CHECKPOINT_PAGE = 1_000;

export class CheckpointsQuery {
  @ApiPropertyOptional({ description: 'Tree size: checkpoints after it (the `next` of the previous page)', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @PageSize(MAX_CHECKPOINT_PAGE, 100)
  limit?: number;
}

export class ProofQuery {
  /** Global position of the event */
  @Matches(POSITION, { message: 'position is a global position (digits)' })
  position!: string;

  /** Tree size of the checkpoint to prove against; the latest by default */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  checkpoint?: number;
}

export class ConsistencyQuery {
  /** Tree size of the earlier checkpoint */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  /** Tree size of the later checkpoint */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}

export class ExportQuery {
  @ApiPropertyOptional({
    description: 'Global position: events after it (the `next` of the previous page)',
    default: '0',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'after is a global position (digits)' })
  after?: string;

  @PageSize(MAX_EXPORT_PAGE, 1000)
  limit?: number;
}

export class StreamQuery {
  @ApiProperty({ description: 'A public stream, such as tender-<id>' })
  @IsString()
  @MaxLength(300)
  stream!: string;
}
