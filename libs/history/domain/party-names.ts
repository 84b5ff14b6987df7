/**
 * A company or unit name reduced to what identifies it: no accents, case, punctuation or spacing differences,
 * and no Mexican company-form suffix ("S.A. de C.V.", "SA DE CV", "S.A.B. de C.V.", "S. de R.L. de C.V.",
 * "S.C.", "A.C."…), so that "Teléfonos de México S.A.B de C.V." and "TELEFONOS DE MEXICO, SAB DE CV" meet.
 */
export function normalizePartyName(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9ñ]+/g, ' ')
    .trim();
  return words.replace(COMPANY_FORM, '').trim();
}

const COMPANY_FORM =
  /(?:\s+(?:s\s?a\s?p\s?i|s\s?a\s?b|s\s?a|s\s?de\s?r\s?l|s\s?r\s?l|s\s?c\s?p|s\s?c|a\s?c|s\s?a\s?s|s\s?en\s?c))(?:\s+de\s+c\s?v)?$/;
