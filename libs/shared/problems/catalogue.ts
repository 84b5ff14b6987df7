import catalogue from './catalogue.json';

/**
 * Every problem code the system answers (HTTP problem+json `code`, Socket.IO acknowledgements), with its HTTP
 * status and what it means for people, in Spanish (es-MX, the default) and English. Plain data, kept in
 * catalogue.json: the API's problem filter, the OpenAPI document, the README table and the web front end all
 * read it.
 *
 * Codes are `<area>.<reason>`. Adding a code: add its entry to catalogue.json (the tests fail for a code thrown
 * anywhere in libs/ or apps/ that is missing), then `npm run docs:problem-codes` to refresh the README table.
 * Messages may name parameters (`{name}`), filled from the problem's `details`.
 */
export interface ProblemCodeEntry {
  /** The HTTP status the code answers with. */
  status: number;
  /** Other statuses the same code answers with in some places (kept for the clients that rely on them). */
  alsoStatus?: readonly number[];
  es: string;
  en: string;
  /** A code kept for existing clients; new code answers the code named here instead. */
  replacedBy?: string;
  /** When or how the code is answered, for the README. */
  note?: string;
  /**
   * Finer messages for one part of what is wrong, chosen by the problem's `details.part` (`rfc.invalid`: which
   * part of the RFC; `request.invalid`: `field`, the message under each field of a form).
   */
  parts?: Readonly<Record<string, { es: string; en: string }>>;
}

export type ProblemCode = keyof typeof catalogue;

export const PROBLEM_CATALOGUE: Readonly<Record<ProblemCode, ProblemCodeEntry>> = catalogue;
