import { Query } from '@nestjs/cqrs';

/** A query class made by `queryOf`: built from its one parameter, which it keeps as a field of that name. */
export type QueryClassOf<Result, Parameter> = new (
  value: Parameter[keyof Parameter],
) => Query<Result> & Readonly<Parameter>;

/**
 * The base class of a query asked with one parameter — an id, a search — kept under its name:
 * `class AccountById extends queryOf<AccountView, { accountId: string }>('accountId') {}` is built as
 * `new AccountById(id)` and read as `query.accountId`, like a class that declares `constructor(readonly
 * accountId: string)`. Each query still declares its own class, which `@QueryHandler` dispatches on.
 */
export function queryOf<Result, Parameter extends object>(
  name: keyof Parameter & string,
): QueryClassOf<Result, Parameter> {
  class OneParameterQuery extends Query<Result> {
    constructor(value: Parameter[keyof Parameter]) {
      super();
      Object.assign(this, { [name]: value });
    }
  }
  // The field is set by name at run time, which the class's own type cannot say.
  return OneParameterQuery as QueryClassOf<Result, Parameter>;
}
