import { invalid } from '@licita/shared';
import { isMexicanState } from './mexican-states';
import { parseRfc } from './rfc';
import {
  SUPPLIER_DOCUMENT_KINDS,
  SUPPLIER_SIZES,
  type SupplierDocument,
  type SupplierDocumentKind,
  type SupplierAddress,
  type SupplierContact,
  type SupplierData,
  type SupplierDataChanges,
  type SupplierSize,
} from './supplier.commands';

/** Each function checks one field and returns it normalized, or throws a DomainError naming the field. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{6,19}$/;
const POSTAL_CODE = /^\d{5}$/;
const CLASSIFIER_CODE = /^[0-9A-Z][0-9A-Z.-]{0,31}$/;

const text = (value: unknown, max: number): string | null => {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
};

export function checkLegalName(value: unknown): string {
  const name = text(value, 300);
  if (name === null)
    throw invalid('supplier.invalid_legal_name', 'the legal name is required (at most 300 characters)');
  return name;
}

export function checkSize(value: unknown): SupplierSize {
  if (!SUPPLIER_SIZES.includes(value as SupplierSize)) {
    throw invalid('supplier.invalid_size', `size is one of ${SUPPLIER_SIZES.join(', ')}`, {
      allowed: [...SUPPLIER_SIZES],
    });
  }
  return value as SupplierSize;
}

export function checkAddress(value: Partial<SupplierAddress> | undefined): SupplierAddress {
  const wrong = (field: string, message: string) => invalid('supplier.invalid_address', message, { field });
  const street = text(value?.street, 200);
  if (street === null) throw wrong('street', 'the street and number are required');
  const municipality = text(value?.municipality, 120);
  if (municipality === null) throw wrong('municipality', 'the municipality is required');
  if (!isMexicanState(value?.state)) throw wrong('state', 'state is an ISO 3166-2:MX code such as MX-JAL');
  if (typeof value?.postalCode !== 'string' || !POSTAL_CODE.test(value.postalCode))
    throw wrong('postalCode', 'the postal code has 5 digits');
  return { street, municipality, state: value.state, postalCode: value.postalCode };
}

export function checkContact(value: Partial<SupplierContact> | undefined): SupplierContact {
  const wrong = (field: string, message: string) => invalid('supplier.invalid_contact', message, { field });
  const name = text(value?.name, 200);
  if (name === null) throw wrong('name', 'the contact name is required');
  const email = text(value?.email, 254)?.toLowerCase();
  if (!email || !EMAIL.test(email)) throw wrong('email', 'the contact email is not an address');
  const phone = text(value?.phone, 20);
  if (phone === null || !PHONE.test(phone)) throw wrong('phone', 'the contact phone is not a phone number');
  return { name, email, phone };
}

/** At least one code, each well formed; duplicates dropped, order kept. */
export function checkClassifierCodes(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(
      'supplier.invalid_classifier_codes',
      'at least one classifier code of what the supplier offers is required',
    );
  }
  const codes = value.map((code) => (typeof code === 'string' ? code.trim().toUpperCase() : ''));
  const bad = codes.find((code) => !CLASSIFIER_CODE.test(code));
  if (bad !== undefined)
    throw invalid('supplier.invalid_classifier_codes', `"${bad}" is not a classifier code`, { code: bad });
  return [...new Set(codes)];
}

/** The whole record of a registration: the RFC decides the person type, which must match the one declared. */
export function checkSupplierData(data: SupplierData): SupplierData {
  const { rfc, personType } = parseRfc(typeof data.rfc === 'string' ? data.rfc : '');
  if (data.personType !== personType) throw personTypeMismatch(rfc, personType);
  return {
    rfc,
    legalName: checkLegalName(data.legalName),
    personType,
    size: checkSize(data.size),
    address: checkAddress(data.address),
    contact: checkContact(data.contact),
    classifierCodes: checkClassifierCodes(data.classifierCodes),
  };
}

/** Only the fields present, each checked; a new RFC keeps the person type of the current one. */
export function checkSupplierChanges(changes: SupplierDataChanges, current: SupplierData): SupplierDataChanges {
  const checked: SupplierDataChanges = {};
  if (changes.rfc !== undefined) {
    const { rfc, personType } = parseRfc(changes.rfc);
    if (personType !== current.personType) throw personTypeMismatch(rfc, personType, current.personType);
    checked.rfc = rfc;
  }
  if (changes.legalName !== undefined) checked.legalName = checkLegalName(changes.legalName);
  if (changes.size !== undefined) checked.size = checkSize(changes.size);
  if (changes.address !== undefined) checked.address = checkAddress(changes.address);
  if (changes.contact !== undefined) checked.contact = checkContact(changes.contact);
  if (changes.classifierCodes !== undefined) checked.classifierCodes = checkClassifierCodes(changes.classifierCodes);
  return checked;
}

function personTypeMismatch(rfc: string, rfcPersonType: string, declared?: string) {
  const message =
    rfcPersonType === 'legal_entity'
      ? `${rfc} has 12 characters: it belongs to a legal entity`
      : `${rfc} has 13 characters: it belongs to an individual`;
  return invalid('supplier.person_type_mismatch', message, { rfc, rfcPersonType, ...(declared ? { declared } : {}) });
}

const SHA256 = /^[0-9a-f]{64}$/;
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;
/** At most this many documents in one request. */
export const MAX_DOCUMENTS_PER_REQUEST = 20;

/**
 * The documents a supplier names, each with a kind of the closed list, the id, SHA-256, media type and size of
 * an upload and a name to show; the same document named twice is kept once.
 */
export function checkSupplierDocuments(value: unknown): SupplierDocument[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_DOCUMENTS_PER_REQUEST)
    throw invalid(
      'supplier.invalid_documents',
      `between 1 and ${MAX_DOCUMENTS_PER_REQUEST} documents are named at a time`,
      { max: MAX_DOCUMENTS_PER_REQUEST },
    );
  const seen = new Set<string>();
  const documents: SupplierDocument[] = [];
  value.forEach((raw: Partial<SupplierDocument> | undefined, index) => {
    const wrong = (field: string, message: string) => invalid('supplier.invalid_document', message, { index, field });
    if (!SUPPLIER_DOCUMENT_KINDS.includes(raw?.kind as SupplierDocumentKind))
      throw invalid('supplier.invalid_document_kind', `kind is one of ${SUPPLIER_DOCUMENT_KINDS.join(', ')}`, {
        index,
        allowed: [...SUPPLIER_DOCUMENT_KINDS],
      });
    const documentId = text(raw?.documentId, 100);
    if (documentId === null) throw wrong('documentId', 'documentId is the id of an uploaded document');
    if (typeof raw?.sha256 !== 'string' || !SHA256.test(raw.sha256))
      throw wrong('sha256', 'sha256 is 64 lowercase hexadecimal digits');
    if (typeof raw.mediaType !== 'string' || !MEDIA_TYPE.test(raw.mediaType))
      throw wrong('mediaType', 'mediaType is a media type such as application/pdf');
    if (!Number.isSafeInteger(raw.size) || (raw.size as number) <= 0)
      throw wrong('size', 'size is the number of bytes');
    const name = text(raw.name, 200);
    if (name === null) throw wrong('name', 'the name is required (at most 200 characters)');
    if (seen.has(documentId)) return;
    seen.add(documentId);
    documents.push({
      kind: raw.kind as SupplierDocumentKind,
      documentId,
      sha256: raw.sha256,
      mediaType: raw.mediaType,
      size: raw.size as number,
      name,
    });
  });
  return documents;
}
