import type { OpenWorksLog, WriteWorksLogNote } from './works-log.commands';
import { noteHash } from './works-log.decider';
import type { WorksLogNote, WorksLogNoteWritten } from './works-log.events';

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
