import { Inject, type Type } from '@nestjs/common';
import { QueryHandler, type Query, type QueryResult } from '@nestjs/cqrs';

export type ReaderQueryHandler<Q extends Query<unknown>> = { execute(query: Q): Promise<QueryResult<Q>> };

/**
 * The one `@QueryHandler` of `query` when a read model's reader (a typed SQL module, injected) answers it:
 * `answer(reader, query)`. Still one handler class per query, as @nestjs/cqrs wants, without writing the same
 * constructor-and-execute class for each. Register the result as a provider of the context's module.
 */
export function answeredBy<Q extends Query<unknown>, Reader>(
  query: Type<Q>,
  reader: Type<Reader>,
  answer: (reader: Reader, query: Q) => QueryResult<Q> | Promise<QueryResult<Q>>,
): Type<ReaderQueryHandler<Q>> {
  @QueryHandler(query)
  class Handler implements ReaderQueryHandler<Q> {
    constructor(@Inject(reader) private readonly reader: Reader) {}

    async execute(asked: Q): Promise<QueryResult<Q>> {
      return answer(this.reader, asked);
    }
  }
  Object.defineProperty(Handler, 'name', { value: `${query.name}Handler` });
  return Handler;
}
