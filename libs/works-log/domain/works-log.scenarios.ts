import type { OpenWorksLog, WriteWorksLogNote } from './works-log.commands';
import { noteContentHash, noteHash } from './works-log.decider';
import type { WorksLogNote, WorksLogNoteWritten } from './works-log.events';
import { noteSigningMessage, type NoteSignature } from './works-log.signing';

/** Test builders: a works contract's log opened by its resident, notes by either party. */
export const CONTRACT = 'contract-1';
export const RESIDENT = 'resident-1';
export const SUPERINTENDENT = 'super-1';
export const UNIT = 'unit-1';
export const SUPPLIER = 'supplier-1';

export const openLog = (overrides: Partial<OpenWorksLog> = {}): OpenWorksLog => ({
  type: 'OpenWorksLog',
  contractId: CONTRACT,
  contract: { tenderId: 'tender-1', buyingUnitId: UNIT, supplierId: SUPPLIER, category: 'works' },
  resident: { accountId: RESIDENT, role: 'buyer', buyingUnitId: UNIT, supplierId: null },
  superintendent: { accountId: SUPERINTENDENT, role: 'supplier', buyingUnitId: null, supplierId: SUPPLIER },
  text: 'Apertura de la bitácora',
  authorAccountId: RESIDENT,
  ...overrides,
});

export const writeNote = (overrides: Partial<WriteWorksLogNote> = {}): WriteWorksLogNote => ({
  type: 'WriteWorksLogNote',
  contractId: CONTRACT,
  kind: 'instruction',
  text: 'Colar la losa del nivel 2',
  authorAccountId: RESIDENT,
  ...overrides,
});

/** The recorded events of a log: each note numbered and chained as the decider writes them. */
export function notesWritten(...notes: Array<Partial<WorksLogNote>>): WorksLogNoteWritten[] {
  const events: WorksLogNoteWritten[] = [];
  notes.forEach((overrides, i) => {
    const unsigned = {
      contractId: CONTRACT,
      number: i + 1,
      kind: i === 0 ? ('opening' as const) : ('instruction' as const),
      text: `Nota ${i + 1}`,
      party: 'resident' as const,
      writtenBy: RESIDENT,
      writtenAt: '2026-03-02T16:00:00.000Z',
      refersTo: null,
      progress: null,
      attachments: [],
      confidential: null,
      opening:
        i === 0
          ? {
              tenderId: 'tender-1',
              buyingUnitId: UNIT,
              supplierId: SUPPLIER,
              residentAccountId: RESIDENT,
              superintendentAccountId: SUPERINTENDENT,
            }
          : null,
      previousHash: events.at(-1)?.data.hash ?? null,
      ...overrides,
    };
    events.push({ type: 'WorksLogNoteWritten', data: { ...unsigned, hash: noteHash(unsigned) } });
  });
  return events;
}

/** A person's RFC (the resident's e.firma) and the contractor's (a company's). */
export const RESIDENT_RFC = 'PEGJ800101AB1';
export const SUPPLIER_RFC = 'CON010101AB1';

/**
 * A signature as the handler records it once verified: over `note` at the log's place after `log` (its number
 * and the last note's hash), unless `over` names another place.
 */
export function signatureOf(
  note: WriteWorksLogNote,
  log: WorksLogNoteWritten[],
  over: { number?: number; previousHash?: string | null; rfc?: string } = {},
): NoteSignature {
  const number = over.number ?? log.length + 1;
  const previousHash = over.previousHash === undefined ? (log.at(-1)?.data.hash ?? null) : over.previousHash;
  return {
    algorithm: 'RSASSA-PKCS1-v1_5/SHA-256',
    message: noteSigningMessage(note.contractId, number, previousHash, noteContentHash(note)),
    signature: 'c2lnbmF0dXJl',
    certificate: 'Y2VydGlmaWNhdGU=',
    signer: {
      name: 'JUANA PÉREZ GARCÍA',
      rfc: over.rfc ?? RESIDENT_RFC,
      serialNumber: '3330',
      subject: 'CN=JUANA PÉREZ GARCÍA',
      issuer: 'CN=AC de pruebas',
      notBefore: '2025-01-01T00:00:00.000Z',
      notAfter: '2029-01-01T00:00:00.000Z',
      certificateSha256: 'ab'.repeat(32),
    },
    verification: {
      outcome: 'valid',
      verifiedAt: '2026-03-05T17:30:00.000Z',
      trustedIssuer: 'CN=AC de pruebas',
      checks: ['chain', 'validity', 'key_usage', 'signature'],
    },
  };
}
