/**
 * The values of a published OCDS release read as Licita keeps them: amounts as integer minor units from the
 * decimal text (never float arithmetic), currencies checked against ISO 4217, dates as UTC instants. Each
 * function returns what it read and the repairs it had to make, as `code: words` strings for the import report.
 */

/**
 * The ISO 4217 codes of the OCDS 1.1.5 currency codelist (`../shared/ocds/1.1.5/codelists/currency.csv`, current
 * and withdrawn), minus `XTS` (reserved for testing) and `XXX` (no currency): an amount in those is no amount.
 * ocds-values.spec.ts checks the list against the codelist file.
 */
export const OCDS_CURRENCIES: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD ' +
    'CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
    'GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD ' +
    'KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR ' +
    'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STN SVC ' +
    'SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VES VND VUV WST XAF XAG XAU XBA ' +
    'XBB XBC XBD XCD XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWL ADP AFA ALK AOK AON AOR ARA ARP ARY ATS AYM AZM ' +
    'BAD BEC BEF BEL BGJ BGK BGL BOP BRB BRC BRE BRN BRR BUK BYB BYR CHC CSD CSJ CSK CYP DDM DEM ECS ECV EEK ESA ' +
    'ESB ESP FIM FRF GEK GHC GHP GNE GNS GQE GRD GWE GWP HRD IEP ILP ILR ISJ ITL LAJ LSM LTL LTT LUC LUF LUL LVL ' +
    'LVR MGF MLF MRO MTL MTP MVQ MXP MZE MZM NIC NLG PEH PEI PES PLZ PTE RHD ROK ROL RUR SDD SDP SIT SKK SRG STD ' +
    'SUR TJR TMM TPE TRL UAK UGS UGW USS UYN UYP VEB VEF VNC XEU XFO XFU XRE YDD YUD YUM YUN ZAL ZMK ZRN ZRZ ZWC ' +
    'ZWD ZWN ZWR'
  ).split(' '),
);

/**
 * Currencies whose minor unit is not the hundredth. The same table as `@licita/transparency`'s OCDS amounts
 * (which prints the minor units back as OCDS decimals; history comes before transparency, so it cannot import
 * it): ocds-values.spec.ts checks that both agree.
 */
const MINOR_UNIT_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const minorUnitDigits = (currency: string): number => MINOR_UNIT_DIGITS[currency] ?? 2;

/** What publishers write for the Mexican peso instead of `MXN`. */
const PESO_ALIASES = new Set(['MN', 'M.N.', 'M.N', 'PESOS', 'PESO', 'PESOS MEXICANOS', 'MXP$', '$']);

export type Read<T> = { value: T; repairs: string[] };

/** A currency code as published → the ISO 4217 code, or `null` when it is none (`TEST`, `XTS`, `dólares`). */
export function readCurrency(published: unknown): Read<string | null> {
  if (typeof published !== 'string' || published.trim() === '') return { value: null, repairs: [] };
  const text = published.trim().toUpperCase();
  if (OCDS_CURRENCIES.has(text)) {
    return text === published
      ? { value: text, repairs: [] }
      : { value: text, repairs: [`currency.normalized: currency "${published}" read as ${text}`] };
  }
  if (PESO_ALIASES.has(text))
    return { value: 'MXN', repairs: [`currency.normalized: currency "${published}" read as MXN`] };
  return { value: null, repairs: [] };
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The decimal text of an amount (`"1311264.00"`, `"7.5e3"`) → integer minor units, exactly, with BigInt. More
 * decimals than the currency has are rounded half away from zero (and reported); `null` when it is no number.
 */
export function minorUnitsOf(text: string, currency: string): Read<number | null> {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return { value: null, repairs: [] };
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = minorUnitDigits(currency);
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return { value: null, repairs: [] };
  // value = (whole.fraction) × 10^exponent; in minor units, the decimal point moves `digits + exponent` right.
  const mantissa = BigInt(`${whole}${fraction}` || '0');
  const shift = digits + exponent - fraction.length;
  let minor: bigint;
  const repairs: string[] = [];
  if (shift >= 0) minor = mantissa * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    minor = mantissa / divisor;
    const rest = mantissa % divisor;
    if (rest !== 0n) {
      if (rest * 2n >= divisor) minor += 1n;
      repairs.push(`amount.rounded: ${text} ${currency} has more decimals than the currency; rounded half up`);
    }
  }
  if (sign === '-') minor = -minor;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER))
    return { value: null, repairs: [] };
  return { value: Number(minor), repairs };
}

/** An amount published as text: `"1,311,264.00"`, `"$ 75 464.96"` → the decimal text, or `null`. */
export function amountTextOf(published: string): string | null {
  const text = published.replace(/[\s$\u00a0]/g, '').replace(/,(?=\d{3}(?:\D|$))/g, '');
  return DECIMAL.test(text) && /\d/.test(text) ? text : null;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The zone a date without one is read in: the publishers this reader was written for are Mexican. */
export const DEFAULT_TIME_ZONE = 'America/Mexico_City';

/**
 * An OCDS date-time → ISO 8601 UTC. A date or date-time without a zone is read as Mexico City wall time and
 * reported; anything else unreadable is `null`, reported too.
 */
export function readDate(published: unknown, field: string): Read<string | null> {
  if (published === undefined || published === null || published === '') return { value: null, repairs: [] };
  if (typeof published !== 'string') return parseDate(published, field);
  // Packages repeat the same dates over and over: a bounded memo of what they read as.
  const key = `${field}\u0000${published}`;
  const known = readDates.get(key);
  if (known) return known;
  if (readDates.size >= 10_000) readDates.clear();
  const read = parseDate(published, field);
  readDates.set(key, read);
  return read;
}

const readDates = new Map<string, Read<string | null>>();

function parseDate(published: unknown, field: string): Read<string | null> {
  const match = typeof published === 'string' ? ISO_DATE.exec(published.trim()) : null;
  if (!match)
    return { value: null, repairs: [`date.invalid: ${field} ${JSON.stringify(published)} is not a date; left blank`] };
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const check = new Date(wall);
  if (Number.isNaN(wall) || check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59)
    return { value: null, repairs: [`date.invalid: ${field} "${published as string}" is not a date; left blank`] };
  if (zone) return { value: new Date(wall - zoneOffsetMinutes(zone) * 60_000).toISOString(), repairs: [] };
  const instant = wallTimeToInstant(wall, DEFAULT_TIME_ZONE);
  return {
    value: new Date(instant).toISOString(),
    repairs: [
      `date.no_time_zone: ${field} "${published as string}" has no time zone; read as ${DEFAULT_TIME_ZONE} time`,
    ],
  };
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits[0] === '-' ? -minutes : minutes;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset of `timeZone` from UTC at `instant`, in milliseconds (Mexico City: −6 h, −5 h under old DST). */
function offsetAt(instant: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** A wall-clock time in `timeZone` (given as if it were UTC) → the instant; two passes settle DST changes. */
function wallTimeToInstant(wall: number, timeZone: string): number {
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** Mexican RFC: 3 letters (companies) or 4 (people), the date yymmdd, and a 3-character check (homoclave). */
export const RFC_PATTERN = /^[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}$/;
