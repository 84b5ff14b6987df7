import { HttpException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isWellFormedId } from '@licita/shared';

/**
 * Every route parameter of this API is an id (or a code): one that is not well formed (see `ID_PATTERN`) is
 * 400 `request.invalid_id` naming it, before the handler runs, so no query or stream name ever sees it.
 */
export class RouteIdPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' || isWellFormedId(value)) return value;
    const name = metadata.data ?? 'id';
    throw new HttpException(
      {
        code: 'request.invalid_id',
        detail: `${name} in the path is not an id: letters, digits and . _ : - only, at most 200`,
        details: { parameter: name },
      },
      400,
    );
  }
}
