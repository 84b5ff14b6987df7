import { ApiProperty } from '@nestjs/swagger';
import { MaxLength, IsString } from 'class-validator';
import { IntegerParam, LogPositionParam, PageSize } from '@licita/platform';

export const MAX_EXPORT_PAGE = 5_000;
export const MAX_CHECKPOINT_PAGE = 1_000;

export class CheckpointsQuery {
  @IntegerParam({
    min: 0,
    description: 'Tree size: checkpoints after it (the `next` of the previous page)',
    default: 0,
  })
  after?: number;

  @PageSize(MAX_CHECKPOINT_PAGE, 100)
  limit?: number;
}

export class ProofQuery {
  @LogPositionParam({ optional: false, description: 'Global position of the event' })
  position!: string;

  @IntegerParam({ min: 1, description: 'Tree size of the checkpoint to prove against; the latest by default' })
  checkpoint?: number;
}

export class ConsistencyQuery {
  @IntegerParam({ min: 1, optional: false, description: 'Tree size of the earlier checkpoint' })
  from!: number;

  @IntegerParam({ min: 1, optional: false, description: 'Tree size of the later checkpoint' })
  to!: number;
}

export class ExportQuery {
  @LogPositionParam({ description: 'Global position: events after it (the `next` of the previous page)', default: '0' })
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
