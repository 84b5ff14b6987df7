/**
 * The API's catalogue of problem codes (libs/shared/problems/catalogue.json), the one the server answers its
 * `title`s from, loaded in a chunk of its own once the portal starts: Socket.IO refusals carry only a code, and
 * the portal says what it means in its own language from here, as the server would.
 */
type Entry = { es: string; en: string; parts?: Record<string, { es: string; en: string }> };

let catalogue: Record<string, Entry> | null = null;
void import('../../../libs/shared/problems/catalogue.json').then(
  (module) => (catalogue = module.default as Record<string, Entry>),
  () => undefined, // offline: the API's own messages are shown instead
);

/** The code's message in `language` (the finer one of `details.part`), `{name}`s filled from `details`. */
export function problemText(
  code: string,
  language: 'es' | 'en',
  details: Readonly<Record<string, unknown>> = {},
): string | undefined {
  const entry = catalogue && Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
  if (!entry) return undefined;
  const part = typeof details.part === 'string' && entry.parts?.[details.part];
  return (part || entry)[language].replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => {
    const value = details[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}
