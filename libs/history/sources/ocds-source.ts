import type { JsonValue } from '@licita/event-store';
import type { SourceFile, SourceParty, SourceReader, SourceRecord } from '../application/source-record';
import type { HistoricalCategory, HistoricalLaw, HistoricalProcedureType } from '../domain/history.events';
import { compile, isObject, numberText, parseWithNumberText, unversion, type JsonObject } from './ocds-compile';
import { amountTextOf, minorUnitsOf, readCurrency, readDate, RFC_PATTERN, type Read } from './ocds-values';
import { JsonScanner, type ScannedDocument, type ScannedElement } from './json-scan';

/**
 * Reads an OCDS 1.0/1.1 release package or record package (or several in a row, JSON Lines, or a release on its
 * own) into one `SourceRecord` per `ocid`, in the order the ocids first appear:
 * - the releases of an ocid are compiled into one (OCDS merging, oldest first); a record's `compiledRelease` is
 *   used as published, else its embedded releases are compiled, else its `versionedRelease` is read;
 * - what had to be repaired or interpreted goes to `repairs` as `code: words` (README "Importing OCDS");
 * - a release or record that cannot be used yields a `rejected` record with the reason.
 *
 * The file is walked twice over the bytes the runner holds (json-scan.ts): once to find each release and its
 * ocid, once to read the releases of one ocid at a time, so a large package is never a second copy in memory.
 */
export const readOcdsPackage: SourceReader = (file: SourceFile) => {
  // The walk itself is synchronous (the bytes are in memory): the runner pulls one record at a time.
  const records = readOcdsRecords(file.bytes);
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.resolve(records.next()),
      return: () => Promise.resolve(records.return()),
    }),
  };
};

type Entry = { element: ScannedElement; document: ScannedDocument };
type Pending = { kind: 'ocid'; ocid: string } | { kind: 'rejected'; record: SourceRecord };

/** The synchronous walk behind `readOcdsPackage`. */
export function* readOcdsRecords(bytes: Buffer): Generator<SourceRecord, void, undefined> {
  const scanner = new JsonScanner(bytes);
  const order: Pending[] = [];
  const byOcid = new Map<string, Entry[]>();
  for (const document of scanner.documents()) {
    if (document.shape === 'other' && !document.error)
      order.push({
        kind: 'rejected',
        record: rejected(document.pointer, null, 'ocds_import.not_a_package', notAPackage),
      });
    for (const element of document.elements) {
      const found = ocidOf(scanner, element);
      if (typeof found !== 'string') {
        order.push({ kind: 'rejected', record: found });
        continue;
      }
      const entries = byOcid.get(found);
      if (entries) entries.push({ element, document });
      else {
        byOcid.set(found, [{ element, document }]);
        order.push({ kind: 'ocid', ocid: found });
      }
    }
    if (document.error) {
      const excerpt = scanner.text(document.error.offset, Math.min(document.error.offset + 80, bytes.length)).text;
      const reason = `the file is not valid JSON from here on (${document.error.message}); nothing after it was read`;
      order.push({
        kind: 'rejected',
        record: rejected(document.pointer, null, 'ocds_import.invalid_json', reason, {
          offset: document.error.offset,
          excerpt,
        }),
      });
    }
  }
  for (const pending of order) {
    if (pending.kind === 'rejected') yield pending.record;
    else yield* readProcedure(scanner, pending.ocid, byOcid.get(pending.ocid) ?? []);
  }
}

const notAPackage = 'the value is neither a release package, a record package, a release nor a record';

function rejected(
  row: string,
  rowKey: string | null,
  code: string,
  words: string,
  original: { [key: string]: JsonValue } = {},
): SourceRecord {
  return { kind: 'rejected', row, rowKey, reason: `${code}: ${words}`, original };
}

/** The ocid of one release or record, read without parsing the rest (the second walk does), or why there is none. */
function ocidOf(scanner: JsonScanner, element: ScannedElement): string | SourceRecord {
  const ocid = scanner.member(element.start, 'ocid');
  if (typeof ocid === 'string' && ocid.trim() !== '') return ocid.trim();
  const parsed = parseElement(scanner, element);
  if ('error' in parsed)
    return rejected(element.pointer, null, 'ocds_import.invalid_json', parsed.error, parsed.original);
  return rejected(
    element.pointer,
    null,
    'ocds_import.ocid_missing',
    `the ${element.kind} has no ocid`,
    toJson(parsed.value),
  );
}

type Parsed = { value: JsonObject; latin: boolean } | { error: string; original: { [key: string]: JsonValue } };

function parseElement(scanner: JsonScanner, element: ScannedElement): Parsed {
  const { text, latin } = scanner.text(element.start, element.end);
  let value: unknown;
  try {
    value = parseWithNumberText(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})`, original: { text: text.slice(0, 2000) } };
  }
  if (!isObject(value)) return { error: `a ${element.kind} must be a JSON object`, original: { value: toJson(value) } };
  return { value, latin };
}

const toJson = <T>(value: T) => value as unknown as { [key: string]: JsonValue };

// ————————————————————————————————————————— one ocid: its releases into one —————————————————————————————————————————

type Compiled = { release: JsonObject; row: string; repairs: string[]; pointers: Map<JsonObject, string> };

/** The procedure of one ocid, after a rejection for each of its releases that is not valid JSON. */
function readProcedure(scanner: JsonScanner, ocid: string, entries: Entry[]): SourceRecord[] {
  const parsed: ParsedEntry[] = [];
  const records: SourceRecord[] = [];
  for (const { element, document } of entries) {
    const read = parseElement(scanner, element);
    if ('error' in read)
      records.push(rejected(element.pointer, ocid, 'ocds_import.invalid_json', read.error, read.original));
    else parsed.push({ element, document, value: read.value, latin: read.latin });
  }
  if (parsed.length === 0) return records;
  const compiled = compileEntries(ocid, parsed);
  if ('reason' in compiled)
    records.push(rejected(compiled.row, ocid, compiled.code, compiled.reason, compiled.original));
  else records.push(toProcedure(ocid, compiled));
  return records;
}

type ParsedEntry = Entry & { value: JsonObject; latin: boolean };

type Refusal = { row: string; code: string; reason: string; original: { [key: string]: JsonValue } };

function compileEntries(ocid: string, entries: ParsedEntry[]): Compiled | Refusal {
  const repairs = new Set<string>();
  const releases: Array<{ release: JsonObject; pointer: string }> = [];
  let fromRecord: { release: JsonObject; pointer: string } | null = null;
  let linked = 0;
  for (const parsed of entries) {
    const { element, document } = parsed;
    if (parsed.latin) repairs.add('encoding.windows_1252: the bytes were not UTF-8; read as Windows-1252');
    packageRepairs(document).forEach((repair) => repairs.add(repair));
    if (element.kind === 'release') {
      releases.push({ release: parsed.value, pointer: element.pointer });
      continue;
    }
    const record = parsed.value;
    for (const [index, release] of (Array.isArray(record.releases) ? record.releases : []).entries()) {
      if (isObject(release) && typeof release.ocid === 'string' && release.id !== undefined)
        releases.push({ release, pointer: `${element.pointer}/releases/${index}` });
      else linked++;
    }
    if (isObject(record.compiledRelease))
      fromRecord = { release: record.compiledRelease, pointer: `${element.pointer}/compiledRelease` };
    else if (isObject(record.versionedRelease)) {
      fromRecord = { release: unversion(record.versionedRelease), pointer: `${element.pointer}/versionedRelease` };
      repairs.add('record.versioned_release: the record has no compiledRelease; its versionedRelease was read');
    }
  }
  if (fromRecord) {
    if (linked > 0)
      repairs.add(
        `record.linked_releases: ${linked} release(s) linked by URL were not fetched; the record's compiledRelease was used`,
      );
    const pointers = new Map(releases.map(({ release, pointer }) => [release, pointer]));
    return { release: fromRecord.release, row: fromRecord.pointer, repairs: [...repairs], pointers };
  }
  if (releases.length === 0)
    return {
      row: entries[0].element.pointer,
      code: 'ocds_import.linked_releases_only',
      reason: 'the record only links its releases by URL and has no compiledRelease: nothing to read offline',
      original: {},
    };
  const ordered = orderReleases(releases, repairs);
  if (ordered.length > 1)
    repairs.add(`releases.compiled: ${ordered.length} releases of this ocid were merged, later fields winning`);
  return {
    release:
      ordered.length === 1
        ? ordered[0].release
        : compile(
            ocid,
            ordered.map(({ release }) => release),
          ),
    row: releases[0].pointer,
    repairs: [...repairs],
    pointers: new Map(ordered.map(({ release, pointer }) => [release, pointer])),
  };
}

function packageRepairs(document: ScannedDocument): string[] {
  if (document.shape === 'release' || document.shape === 'record')
    return [`package.missing: the ${document.shape} was published on its own, not in a package`];
  if (document.meta.version === undefined || document.meta.version === null)
    return ['package.version_missing: the package has no version; read as OCDS 1.0, as the standard says'];
  return [];
}

/** Oldest first by `date`, one release per `id` (the later copy in the file wins). */
function orderReleases(
  releases: Array<{ release: JsonObject; pointer: string }>,
  repairs: Set<string>,
): Array<{ release: JsonObject; pointer: string }> {
  const byId = new Map<string, { release: JsonObject; pointer: string }>();
  for (const entry of releases) {
    const id = str(entry.release.id) ?? '';
    if (byId.has(id))
      repairs.add(`release.duplicate_id: release "${id}" appears more than once; the last copy was read`);
    byId.delete(id);
    byId.set(id, entry);
  }
  const dated = [...byId.values()].map((entry) => {
    const { value } = readDate(entry.release.date, 'release date');
    if (value === null) repairs.add(`release.date_missing: release "${String(entry.release.id)}" has no usable date`);
    return { ...entry, at: value ?? '' };
  });
  return dated.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

// ——————————————————————————————————————————— the compiled release → a procedure ———————————————————————————————————————————

type ProcedureRecord = Extract<SourceRecord, { kind: 'procedure' }>;
type ContractRecord = ProcedureRecord['contracts'][number];

function toProcedure(ocid: string, compiled: Compiled): SourceRecord {
  const release = compiled.release;
  const repairs = [...compiled.repairs];
  const take = <T>(read: Read<T>): T => {
    repairs.push(...read.repairs);
    return read.value;
  };
  const tender = obj(release.tender);
  const original = toJson(release);
  if (!isObject(release.tender))
    return rejected(
      compiled.row,
      ocid,
      'ocds_import.tender_missing',
      'the release has no tender: nothing says what was bought',
      original,
    );
  const type = take(procedureTypeOf(tender));
  if (!type)
    return rejected(
      compiled.row,
      ocid,
      'ocds_import.procurement_method_unknown',
      `tender.procurementMethod ${JSON.stringify(tender.procurementMethod ?? null)} names no procedure type Licita knows`,
      original,
    );
  const buyer = take(buyerOf(release));
  if (!buyer) return rejected(compiled.row, ocid, 'ocds_import.buyer_missing', 'the release names no buyer', original);
  const category = take(categoryOf(tender.mainProcurementCategory));
  const awards = arr(release.awards).filter(isObject);
  const contracts = take(contractsOf(ocid, release, awards, compiled));
  const tenderPeriod = obj(tender.tenderPeriod);
  const awardDates = awards
    .filter(isDecided)
    .map((award) => take(readDate(award.date, `award ${String(award.id)} date`)))
    .filter((date): date is string => date !== null)
    .sort();
  const title = str(tender.title) ?? str(awards[0]?.title);
  if (!title) repairs.push('title.missing: the tender has no title; the ocid stands for it');
  return {
    kind: 'procedure',
    procedureKey: ocid,
    procedure: {
      number: str(tender.id),
      ocid,
      title: title ?? ocid,
      description: str(tender.description),
      buyer,
      procedureType: type.type,
      procedureTypeOriginal: type.original,
      category,
      law: take(lawOf(category, tender)),
      publishedAt: take(readDate(tenderPeriod.startDate, 'tender.tenderPeriod.startDate')),
      openingAt: take(readDate(tenderPeriod.endDate, 'tender.tenderPeriod.endDate')),
      awardedAt: awardDates[0] ?? null,
      repairs: unique(repairs),
      source: { kind: 'ocds', rowKey: ocid, row: compiled.row, original },
    },
    contracts,
  };
}

const unique = (list: string[]) => [...new Set(list)];
/** Publishers write the same id as `1` here and `"1"` there. */
const idText = (id: unknown): string | null => (typeof id === 'string' || typeof id === 'number' ? String(id) : null);
const sameId = (a: unknown, b: unknown) => idText(a) !== null && idText(a) === idText(b);
/** An award that was made: not pending, cancelled or unsuccessful (a missing status counts as made). */
const isDecided = (award: JsonObject) => !['pending', 'cancelled', 'unsuccessful'].includes(String(award.status));
const obj = (value: unknown): JsonObject => (isObject(value) ? value : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null;

type ProcedureTypeRead = { type: HistoricalProcedureType; original: string };

/** `Licitación Pública Internacional` → public_international, `Invitación restringida` → invitation, … */
function typeFromWords(text: string): HistoricalProcedureType | null {
  if (/adjudicaci[oó]n\s+directa|direct\s+award/i.test(text)) return 'direct_award';
  if (/invitaci[oó]n|restringida|restricted/i.test(text)) return 'invitation';
  if (/licitaci[oó]n|public\s+tender|open\s+tender/i.test(text))
    return /internacional|international/i.test(text) ? 'public_international' : 'public_national';
  return null;
}

const METHODS = new Set(['open', 'selective', 'limited', 'direct']);

function procedureTypeOf(tender: JsonObject): Read<ProcedureTypeRead | null> {
  const details = str(tender.procurementMethodDetails);
  const method = str(tender.procurementMethod);
  const original = details ?? method ?? '';
  const fromDetails = details ? typeFromWords(details) : null;
  if (fromDetails) return { value: { type: fromDetails, original }, repairs: [] };
  if (!method) return { value: null, repairs: [] };
  const code = method.toLowerCase();
  const repairs: string[] = [];
  if (!METHODS.has(code)) {
    const fromMethod = typeFromWords(method);
    if (!fromMethod) return { value: null, repairs: [] };
    const words = `tender.procurementMethod "${method}" is not an OCDS method code; read from its words as ${fromMethod}`;
    return { value: { type: fromMethod, original }, repairs: [`codelist.unknown_value: ${words}`] };
  }
  if (code !== method) repairs.push(`codelist.normalized: tender.procurementMethod "${method}" read as "${code}"`);
  switch (code) {
    case 'open':
      repairs.push('method.open_read_as_national: an open method without details is read as a national public tender');
      return { value: { type: 'public_national', original }, repairs };
    case 'selective':
      return { value: { type: 'invitation', original }, repairs };
    case 'direct':
      return { value: { type: 'direct_award', original }, repairs };
    default:
      // OCDS 1.0 had no `direct`: `limited` was where direct awards went, and Mexican publishers keep using it so.
      repairs.push('method.limited_read_as_direct: a limited method without details is read as a direct award');
      return { value: { type: 'direct_award', original }, repairs };
  }
}

const CATEGORY_WORDS: Array<[RegExp, HistoricalCategory]> = [
  [/^obras?(\s+p[uú]blicas?)?$|^works?$/i, 'works'],
  [/^servicios?$|^consultingservices$/i, 'services'],
  [/^(bienes|adquisici[oó]n(es)?|goods)$/i, 'goods'],
  [/^arrendamientos?$|^leasing$/i, 'leasing'],
];

function categoryOf(published: unknown): Read<HistoricalCategory | null> {
  const text = str(published);
  if (!text) return { value: null, repairs: [] };
  if (text === 'goods' || text === 'works' || text === 'services') return { value: text, repairs: [] };
  const found = CATEGORY_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
  const words = found
    ? `tender.mainProcurementCategory "${text}" is not an OCDS code; read as ${found}`
    : `tender.mainProcurementCategory "${text}" is not an OCDS code; category left blank`;
  return { value: found, repairs: [`codelist.unknown_value: ${words}`] };
}

/** Mexico City and the states have their own procurement laws: only federal procedures follow LAASSP / LOPSRM. */
const LOCAL_LAW = /distrito\s+federal|ciudad\s+de\s+m[eé]xico|\bdel\s+estado\b|\bestatal\b/i;

function lawOf(category: HistoricalCategory | null, tender: JsonObject): Read<HistoricalLaw | null> {
  const rationale = [tender.procurementMethodRationale, tender.legalBasis].map(str).join(' ');
  if (LOCAL_LAW.test(rationale))
    return { value: null, repairs: ['law.not_federal: the procedure cites a local law, not LAASSP or LOPSRM'] };
  if (!category) return { value: null, repairs: [] };
  return { value: category === 'works' ? 'LOPSRM' : 'LAASSP', repairs: [] };
}

// ——————————————————————————————————————————————————— parties ———————————————————————————————————————————————————

function partyOf(reference: unknown, parties: JsonObject[], role: string): Read<SourceParty | null> {
  const ref = obj(reference);
  const listed = ref.id !== undefined ? parties.find((party) => sameId(party.id, ref.id)) : undefined;
  const name = str(ref.name) ?? str(listed?.name);
  if (!name) return { value: null, repairs: [] };
  const identifier = obj(isObject(ref.identifier) ? ref.identifier : listed?.identifier);
  const code = str(identifier.id);
  const scheme = str(identifier.scheme);
  if (code && scheme?.toUpperCase() === 'MX-RFC')
    return { value: { name, code, rfc: code.toUpperCase() }, repairs: [] };
  if (code && !scheme && RFC_PATTERN.test(code.toUpperCase())) {
    const words = `the ${role} identifier "${code}" has no scheme and has the shape of an RFC; read as MX-RFC`;
    return { value: { name, code, rfc: code.toUpperCase() }, repairs: [`identifier.rfc_assumed: ${words}`] };
  }
  return { value: { name, code, rfc: null }, repairs: [] };
}

function buyerOf(release: JsonObject): Read<SourceParty | null> {
  const parties = arr(release.parties).filter(isObject);
  if (release.buyer) {
    const buyer = partyOf(release.buyer, parties, 'buyer');
    if (buyer.value) return buyer;
  }
  const procuringEntity = partyOf(obj(release.tender).procuringEntity, parties, 'buyer');
  if (procuringEntity.value)
    return {
      value: procuringEntity.value,
      repairs: [
        ...procuringEntity.repairs,
        'buyer.from_procuring_entity: no buyer; tender.procuringEntity read as the buyer',
      ],
    };
  const listed = parties.find((party) => arr(party.roles).includes('buyer'));
  return listed ? partyOf(listed, parties, 'buyer') : { value: null, repairs: [] };
}

// ——————————————————————————————————————————————————— contracts ———————————————————————————————————————————————————

function contractsOf(
  ocid: string,
  release: JsonObject,
  awards: JsonObject[],
  compiled: Compiled,
): Read<ContractRecord[]> {
  const parties = arr(release.parties).filter(isObject);
  const repairs: string[] = [];
  const records: ContractRecord[] = [];
  const contracts = arr(release.contracts).filter(isObject);
  const tenderCurrency = obj(obj(release.tender).value).currency;
  for (const contract of contracts) {
    const award = awards.find((candidate) => sameId(candidate.id, contract.awardID));
    const read = contractOf(ocid, contract, award, parties, tenderCurrency, compiled);
    repairs.push(...read.repairs);
    if (read.value) records.push(read.value);
  }
  const contracted = new Set(contracts.map((contract) => idText(contract.awardID)));
  for (const award of awards) {
    if (contracted.has(idText(award.id)) || !isDecided(award)) continue;
    const read = contractOf(ocid, null, award, parties, tenderCurrency, compiled);
    repairs.push(...read.repairs);
    if (read.value) records.push(read.value);
  }
  return { value: records, repairs };
}

/** One contract (or, when `contract` is null, an award no contract refers to) → a contract record, or why not. */
function contractOf(
  ocid: string,
  contract: JsonObject | null,
  award: JsonObject | undefined,
  parties: JsonObject[],
  tenderCurrency: unknown,
  compiled: Compiled,
): Read<ContractRecord | null> {
  const subject = contract ? `contract "${String(contract.id)}"` : `award "${String(award?.id)}"`;
  const repairs: string[] = [];
  const skip = (code: string, words: string): Read<null> => ({
    value: null,
    repairs: [...repairs, `${code}: ${subject} ${words}; not imported as a contract (kept in the record's original)`],
  });
  const suppliers = arr(award?.suppliers);
  if (suppliers.length === 0) return skip('contract.supplier_missing', 'has no award naming a supplier');
  if (suppliers.length > 1) {
    if (!contract)
      return skip('award.several_suppliers', `names ${suppliers.length} suppliers and no contract splits it`);
    repairs.push(`contract.first_supplier: ${subject}'s award names ${suppliers.length} suppliers; the first is read`);
  }
  const supplier = partyOf(suppliers[0], parties, 'supplier');
  if (!supplier.value) return skip('contract.supplier_missing', 'has a supplier without a name');
  if (!contract) repairs.push(`contract.from_award: ${subject} has no contract; read as one`);
  repairs.push(...supplier.repairs);
  let valueHolder = contract ? obj(contract.value) : obj(award?.value);
  if (contract && valueHolder.amount === undefined && award && isObject(award.value)) {
    valueHolder = award.value;
    repairs.push(`contract.value_from_award: ${subject} has no value; its award's value is read`);
  }
  const value = moneyOf(valueHolder, tenderCurrency, subject);
  repairs.push(...value.repairs);
  if (!value.value) return skip('contract.value_unusable', 'has no amount in a known currency');
  const item = contract ?? award ?? {};
  const collection = contract ? 'contracts' : 'awards';
  const period = obj(item.period ?? award?.contractPeriod);
  const date = (field: unknown, name: string) => {
    const read = readDate(field, `${subject} ${name}`);
    repairs.push(...read.repairs);
    return read.value;
  };
  const signedAt = date(contract ? contract.dateSigned : award?.date, contract ? 'dateSigned' : 'date');
  const startDate = date(period.startDate, 'period.startDate');
  const endDate = date(period.endDate, 'period.endDate');
  return {
    value: {
      code: str(item.id),
      title: str(item.title) ?? str(award?.title) ?? str(obj(compiled.release.tender).title) ?? ocid,
      supplier: supplier.value,
      value: value.value,
      signedAt,
      startDate,
      endDate,
      status: str(item.status),
      repairs,
      source: {
        kind: 'ocds',
        rowKey: `${ocid}/${collection}/${String(item.id)}`,
        row: pointerOf(compiled, collection, item.id),
        original: toJson(contract ? { contract, award: award ?? null } : { award: award ?? null }),
      },
    },
    repairs: [],
  };
}

/** The JSON pointer of the latest release (or the compiled release) that carries the contract or award `id`. */
function pointerOf(compiled: Compiled, collection: 'contracts' | 'awards', id: unknown): string {
  const candidates = [...compiled.pointers.entries()].reverse();
  for (const [release, pointer] of candidates) {
    const at = arr(release[collection]).findIndex((item) => isObject(item) && item.id === id);
    if (at !== -1) return `${pointer}/${collection}/${at}`;
  }
  const at = arr(compiled.release[collection]).findIndex((item) => isObject(item) && item.id === id);
  return `${compiled.row}/${collection}/${at}`;
}

/** `{amount, currency}` as published → Money: the amount's own text, currencies checked, repairs reported. */
function moneyOf(
  value: JsonObject,
  fallbackCurrency: unknown,
  subject: string,
): Read<{ amount: number; currency: string } | null> {
  const repairs: string[] = [];
  let currency = readCurrency(value.currency);
  if (value.currency === undefined || value.currency === null || value.currency === '') {
    const fallback = readCurrency(fallbackCurrency);
    currency = fallback.value
      ? {
          value: fallback.value,
          repairs: [`currency.missing: ${subject} has no currency; the tender's ${fallback.value} is read`],
        }
      : { value: 'MXN', repairs: [`currency.missing: ${subject} has no currency; read as MXN`] };
  } else if (!currency.value) {
    return {
      value: null,
      repairs: [`currency.unknown: ${subject} is in ${JSON.stringify(value.currency)}, not an ISO 4217 currency`],
    };
  }
  repairs.push(...currency.repairs);
  const code = currency.value as string;
  let text: string | null = null;
  if (typeof value.amount === 'number') text = numberText(value, 'amount') ?? String(value.amount);
  else if (typeof value.amount === 'string') {
    text = amountTextOf(value.amount);
    if (text !== null) repairs.push(`amount.string: ${subject}'s amount "${value.amount}" was text; read as ${text}`);
  }
  if (text === null) return { value: null, repairs: [...repairs, `amount.missing: ${subject} has no amount`] };
  const minor = minorUnitsOf(text, code);
  if (minor.value === null)
    return { value: null, repairs: [...repairs, `amount.invalid: ${subject}'s amount ${text} is no amount`] };
  return { value: { amount: minor.value, currency: code }, repairs: [...repairs, ...minor.repairs] };
}
