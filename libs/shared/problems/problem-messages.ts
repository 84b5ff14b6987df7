import { PROBLEM_CATALOGUE, type ProblemCode, type ProblemCodeEntry } from './catalogue';

export type ProblemLanguage = 'es' | 'en';

const ENTRIES: Readonly<Record<string, ProblemCodeEntry>> = PROBLEM_CATALOGUE;

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(ENTRIES, code);

export const problemEntry = (code: string): ProblemCodeEntry | undefined =>
  isProblemCode(code) ? ENTRIES[code] : undefined;

/** Every status a code answers with (the first is its usual one). */
export const problemStatuses = (entry: ProblemCodeEntry): number[] => [entry.status, ...(entry.alsoStatus ?? [])];

/**
 * The language of an `Accept-Language` header: English when the client prefers it over Spanish, else Spanish
 * (the default, also for a missing header or one naming neither).
 */
export function problemLanguage(acceptLanguage: string | undefined): ProblemLanguage {
  let best: { language: ProblemLanguage; quality: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...parameters] = part.trim().toLowerCase().split(';');
    const language = tag.split('-')[0];
    if (language !== 'es' && language !== 'en') continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    if (Number.isFinite(quality) && quality > 0 && (!best || quality > best.quality)) best = { language, quality };
  }
  return best?.language ?? 'es';
}

/** The names a message takes (`{name}`), in order. */
export const messageParameters = (message: string): string[] =>
  [...message.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((match) => match[1]);

/**
 * The code's message in the language, its `{name}`s filled from `params` (a missing one stays as written); the
 * message of `params.part` when the code has one for it.
 */
export function problemMessage(
  code: string,
  language: ProblemLanguage,
  params: Readonly<Record<string, unknown>> = {},
): string | undefined {
  const entry = problemEntry(code);
  if (!entry) return undefined;
  const part = typeof params.part === 'string' && entry.parts?.[params.part];
  return (part || entry)[language].replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
