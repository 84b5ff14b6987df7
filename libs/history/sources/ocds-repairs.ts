/**
 * What the OCDS reader repairs or interprets in a record, by the stable code that starts each entry of a
 * record's `repairs` (`"currency.missing: contract \"1\" has no currency; read as MXN"`), in Spanish and English,
 * for the import report and the public page of an imported procedure. The words after the code say which field
 * and value; these say what the code means. README "Importing OCDS" lists them too; ocds-repairs.spec.ts checks
 * that every code the reader writes is here. They are not problem codes (nothing answers them over HTTP).
 */
export const OCDS_REPAIRS: Readonly<Record<string, { es: string; en: string }>> = {
  'package.version_missing': {
    es: 'El paquete no declara `version`: se leyó como OCDS 1.0, como indica el estándar.',
    en: 'The package has no `version`: read as OCDS 1.0, as the standard says.',
  },
  'package.missing': {
    es: 'La publicación o el registro venía solo, sin paquete.',
    en: 'The release or record was published on its own, not in a package.',
  },
  'encoding.windows_1252': {
    es: 'Los bytes no eran UTF-8: se leyeron como Windows-1252.',
    en: 'The bytes were not UTF-8: read as Windows-1252.',
  },
  'releases.compiled': {
    es: 'Se unieron varias publicaciones del mismo ocid (reglas de fusión de OCDS: gana la más reciente).',
    en: 'Several releases of the ocid were merged (OCDS merge rules: the latest wins).',
  },
  'release.duplicate_id': {
    es: 'La misma publicación aparece más de una vez: se leyó la última copia.',
    en: 'The same release appears more than once: the last copy was read.',
  },
  'release.date_missing': {
    es: 'Una publicación no tiene fecha utilizable: se ordenó por su lugar en el archivo.',
    en: 'A release has no usable date: ordered by its place in the file.',
  },
  'record.linked_releases': {
    es: 'Publicaciones enlazadas por URL no se descargaron: se usó el `compiledRelease` del registro.',
    en: "Releases linked by URL were not fetched: the record's `compiledRelease` was used.",
  },
  'record.versioned_release': {
    es: 'El registro no trae `compiledRelease`: se leyó su `versionedRelease`.',
    en: 'The record has no `compiledRelease`: its `versionedRelease` was read.',
  },
  'title.missing': {
    es: 'La licitación no tiene título: se muestra su ocid.',
    en: 'The tender has no title: its ocid stands for it.',
  },
  'codelist.unknown_value': {
    es: 'Un valor no pertenece a la lista de códigos de OCDS: se interpretó por sus palabras (o se dejó en blanco).',
    en: 'A value is not in the OCDS codelist: read from its words (or left blank).',
  },
  'codelist.normalized': {
    es: 'Un código de OCDS venía con otras mayúsculas: se leyó como el código.',
    en: 'An OCDS code was written in another case: read as the code.',
  },
  'method.open_read_as_national': {
    es: 'Método `open` sin detalles: se leyó como licitación pública nacional.',
    en: 'An `open` method without details: read as a national public tender.',
  },
  'method.limited_read_as_direct': {
    es: 'Método `limited` sin detalles: se leyó como adjudicación directa (OCDS 1.0 no tenía `direct`).',
    en: 'A `limited` method without details: read as a direct award (OCDS 1.0 had no `direct`).',
  },
  'law.not_federal': {
    es: 'El procedimiento cita una ley local, no la LAASSP ni la LOPSRM: ley en blanco.',
    en: 'The procedure cites a local law, not LAASSP or LOPSRM: law left blank.',
  },
  'identifier.rfc_assumed': {
    es: 'Un identificador sin esquema tiene forma de RFC: se leyó como RFC (MX-RFC).',
    en: 'An identifier without a scheme has the shape of an RFC: read as an RFC (MX-RFC).',
  },
  'buyer.from_procuring_entity': {
    es: 'Sin `buyer`: se tomó `tender.procuringEntity` como comprador.',
    en: 'No `buyer`: `tender.procuringEntity` was read as the buyer.',
  },
  'contract.from_award': {
    es: 'Una adjudicación sin contrato se leyó como contrato.',
    en: 'An award without a contract was read as one.',
  },
  'contract.first_supplier': {
    es: 'La adjudicación del contrato nombra varios proveedores: se tomó el primero.',
    en: "The contract's award names several suppliers: the first was read.",
  },
  'contract.value_from_award': {
    es: 'El contrato no tiene monto: se tomó el de su adjudicación.',
    en: "The contract has no value: its award's was read.",
  },
  'contract.supplier_missing': {
    es: 'Ninguna adjudicación nombra al proveedor del contrato: no se importó como contrato (queda en el original).',
    en: "No award names the contract's supplier: not imported as a contract (kept in the original).",
  },
  'award.several_suppliers': {
    es: 'Una adjudicación sin contrato nombra varios proveedores sin repartir el monto: no se importó como contrato.',
    en: 'An award without a contract names several suppliers and no split: not imported as a contract.',
  },
  'contract.value_unusable': {
    es: 'El contrato no tiene un monto en una moneda conocida: no se importó como contrato (queda en el original).',
    en: 'The contract has no amount in a known currency: not imported as a contract (kept in the original).',
  },
  'currency.missing': {
    es: 'Monto sin moneda: se tomó la moneda de la licitación, o MXN.',
    en: "An amount without a currency: the tender's currency, or MXN, was read.",
  },
  'currency.normalized': {
    es: 'La moneda venía escrita de otra forma (`mxn`, `M.N.`, `pesos`): se leyó su código ISO 4217.',
    en: 'The currency was written another way (`mxn`, `M.N.`, `pesos`): read as its ISO 4217 code.',
  },
  'currency.unknown': {
    es: 'La moneda no es un código ISO 4217 (`TEST`, `XTS`…).',
    en: 'The currency is not an ISO 4217 code (`TEST`, `XTS`…).',
  },
  'amount.string': {
    es: 'El monto venía como texto: se leyó su número decimal.',
    en: 'The amount was text: its decimal number was read.',
  },
  'amount.rounded': {
    es: 'El monto tiene más decimales que la moneda: se redondeó (mitad hacia arriba).',
    en: 'The amount has more decimals than the currency: rounded half up.',
  },
  'amount.missing': { es: 'Monto ausente.', en: 'No amount.' },
  'amount.invalid': { es: 'El monto no es un número.', en: 'The amount is not a number.' },
  'date.no_time_zone': {
    es: 'Fecha sin zona horaria: se leyó en hora de la Ciudad de México.',
    en: 'A date without a time zone: read as Mexico City time.',
  },
  'date.invalid': { es: 'Fecha ilegible: se dejó en blanco.', en: 'An unreadable date: left blank.' },
};

/** The code of one `repairs` entry: `"currency.missing: …"` → `currency.missing`. */
export const repairCode = (repair: string): string => repair.slice(0, repair.indexOf(':'));
