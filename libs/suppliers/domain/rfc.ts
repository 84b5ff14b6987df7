import { invalid } from '@licita/shared';

/**
 * Mexico's Registro Federal de Contribuyentes (RFC), as issued by the SAT:
 *   legal entity (persona moral):  3 letters + YYMMDD + 2-char homoclave + check digit = 12 characters
 *   individual  (persona física):  4 letters + YYMMDD + 2-char homoclave + check digit = 13 characters
 * The check digit is the SAT's mod 11 over CHECK_DIGIT_TABLE (SAT, "Algoritmo para generar el RFC con
 * homoclave", IFAI request 0610100135506); legal-entity RFCs are padded with one leading space.
 */
export type PersonType = 'legal_entity' | 'individual';

/** Which part of an RFC is wrong, in the order they are checked. */
export type RfcPart = 'structure' | 'generic' | 'letters' | 'date' | 'homoclave' | 'check_digit';

export type RfcCheck =
  { valid: true; rfc: string; personType: PersonType } | { valid: false; rfc: string; part: RfcPart; message: string };

/** Values 0..38 by position: the SAT's table for the check digit (note `&` between N and O, `Ñ` last). */
export const CHECK_DIGIT_TABLE = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

/** The SAT's homoclave table: digits 1-9 and letters without O (0 and O are never assigned). */
const HOMOCLAVE_CHARACTERS = '123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
const NAME_CHARACTER = /^[A-ZÑ&]$/;
const CHECK_DIGIT_CHARACTER = /^[0-9A]$/;

/** Placeholders for sales to the general public (XAXX) and to foreigners (XEXX); never a real supplier. */
export const GENERIC_RFCS: readonly string[] = ['XAXX010101000', 'XEXX010101000'];

/** Upper case, NFC (a decomposed "Ñ" becomes one character), without spaces or hyphens ("ABC-680504-1A2"). */
export function normalizeRfc(input: string): string {
  return input.normalize('NFC').toUpperCase().replace(/[\s-]/g, '');
}

/** The check digit the SAT computes for the first 11 (legal entity) or 12 (individual) characters. */
export function rfcCheckDigit(withoutCheckDigit: string): string {
  const padded = withoutCheckDigit.padStart(12, ' ');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += CHECK_DIGIT_TABLE.indexOf(padded[i]) * (13 - i);
  const digit = 11 - (sum % 11);
  if (digit === 11) return '0';
  if (digit === 10) return 'A';
  return String(digit);
}

/** Checks an RFC for registration (generic RFCs are refused) and says which part is wrong. */
export function checkRfc(input: string): RfcCheck {
  const rfc = normalizeRfc(input);
  const fail = (part: RfcPart, message: string): RfcCheck => ({ valid: false, rfc, part, message });

  const chars = [...rfc];
  if (chars.length !== 12 && chars.length !== 13) {
    return fail('structure', `an RFC has 12 characters (legal entity) or 13 (individual), got ${chars.length}`);
  }
  if (GENERIC_RFCS.includes(rfc)) return fail('generic', `${rfc} is a generic RFC and cannot be registered`);

  const nameLength = chars.length - 9;
  const name = chars.slice(0, nameLength);
  const date = chars.slice(nameLength, nameLength + 6).join('');
  const homoclave = chars.slice(nameLength + 6, nameLength + 8);
  const checkDigit = chars[nameLength + 8];

  const badLetter = name.findIndex((c) => !NAME_CHARACTER.test(c));
  if (badLetter >= 0)
    return fail('letters', `character ${badLetter + 1} must be a letter A-Z, Ñ or &, got "${name[badLetter]}"`);
  if (!isRfcDate(date)) return fail('date', `"${date}" is not a calendar date YYMMDD`);
  const badHomoclave = homoclave.findIndex((c) => !HOMOCLAVE_CHARACTERS.includes(c));
  if (badHomoclave >= 0) return fail('homoclave', `the homoclave cannot contain "${homoclave[badHomoclave]}"`);
  if (!CHECK_DIGIT_CHARACTER.test(checkDigit))
    return fail('check_digit', `the check digit is 0-9 or A, got "${checkDigit}"`);

  const expected = rfcCheckDigit(chars.slice(0, -1).join(''));
  if (checkDigit !== expected) return fail('check_digit', `the check digit does not match the rest of the RFC`);

  return { valid: true, rfc, personType: chars.length === 12 ? 'legal_entity' : 'individual' };
}

/** The normalized RFC, or a DomainError `rfc.invalid` (422) whose details name the wrong part. */
export function parseRfc(input: string): { rfc: string; personType: PersonType } {
  const check = checkRfc(input);
  if (!check.valid) throw invalid('rfc.invalid', check.message, { rfc: check.rfc, part: check.part, field: 'rfc' });
  return { rfc: check.rfc, personType: check.personType };
}

/**
 * YYMMDD is a real date. The century is not written, so 29 February is accepted when YY is a multiple of
 * 4 (true of 2000 even though 1900 was not a leap year).
 */
function isRfcDate(yymmdd: string): boolean {
  if (!/^\d{6}$/.test(yymmdd)) return false;
  const year = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, year % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= daysInMonth;
}
