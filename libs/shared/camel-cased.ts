/** A snake_case column name as its camelCase field name, as a type: `legal_name` → `legalName`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The named columns of a database row under their camelCase names, in the order named: the plain part of a view. */
export function camelCased<R extends object, K extends keyof R & string>(
  row: R,
  ...columns: K[]
): { [C in K as CamelCase<C>]: R[C] } {
  const fields = Object.fromEntries(columns.map((column) => [camelCase(column), row[column]]));
  return fields as { [C in K as CamelCase<C>]: R[C] };
}

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
