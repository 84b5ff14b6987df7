import { at, deciderSpec } from '../../../test/support/decider-spec';
import { chainHolds, noteHash, worksLogDecider } from './works-log.decider';
import {
  notesWritten,
  openLog,
  RESIDENT,
  SUPERINTENDENT,
  SUPPLIER,
  SUPPLIER_RFC,
  signatureOf,
  UNIT,
  writeNote,
} from './works-log.scenarios';
import { paidProgress, worksLogView } from './works-log.view';
import { fold } from '@licita/shared';

const given = deciderSpec(worksLogDecider);
const NOW = at('2026-03-05T17:30:00.000Z');
const opened = () => notesWritten({});
const progress = (physicalBp: number, financialBp: number) => ({ physicalBp, financialBp });

describe('opening a works log', () => {
  it('writes note 1, naming the resident and the superintendent, chained from nothing', () => {
    const [event] = given().when(openLog(), NOW).thenState().notes;
    expect(event).toMatchObject({
      number: 1,
      kind: 'opening',
      party: 'resident',
      writtenBy: RESIDENT,
      writtenAt: '2026-03-05T17:30:00.000Z',
      previousHash: null,
      opening: { buyingUnitId: UNIT, supplierId: SUPPLIER, superintendentAccountId: SUPERINTENDENT },
    });
    const { hash, ...rest } = event;
    expect(hash).toBe(noteHash(rest));
  });

  it('refuses a contract that is not public works (LOPSRM)', () =>
    given()
      .when(openLog({ contract: { tenderId: 't', buyingUnitId: UNIT, supplierId: SUPPLIER, category: 'goods' } }))
      .thenThrows('works_log.not_works_contract', { category: 'goods' }));

  it('refuses a resident of another unit and a superintendent of another supplier', () => {
    given()
      .when(openLog({ resident: { accountId: RESIDENT, role: 'buyer', buyingUnitId: 'other', supplierId: null } }))
      .thenThrows('works_log.invalid_resident');
    given()
      .when(
        openLog({
          superintendent: { accountId: SUPERINTENDENT, role: 'buyer', buyingUnitId: UNIT, supplierId: null },
        }),
      )
      .thenThrows('works_log.invalid_superintendent');
  });

  it('is opened by the resident it names, once', () => {
    given()
      .when(openLog({ authorAccountId: 'someone-else' }))
      .thenThrows('works_log.not_party');
    given(...opened())
      .when(openLog())
      .thenThrows('works_log.already_open');
  });
});

describe('notes', () => {
  it('are numbered after the last note and chained to its hash', () => {
    const log = notesWritten({}, {}, {});
    const state = given(...log)
      .when(writeNote({ authorAccountId: SUPERINTENDENT, kind: 'request' }), NOW)
      .thenState();
    expect(state.notes.map((n) => n.number)).toEqual([1, 2, 3, 4]);
    expect(state.notes[3]).toMatchObject({ party: 'superintendent', previousHash: log[2].data.hash });
    expect(chainHolds(state.notes)).toBe(true);
  });

  it('a changed earlier note breaks the chain', () => {
    const notes = fold(worksLogDecider, notesWritten({}, {}, {})).notes;
    expect(chainHolds(notes)).toBe(true);
    expect(chainHolds([notes[0], { ...notes[1], text: 'otra cosa' }, notes[2]])).toBe(false);
  });

  it('are written only by the named resident and superintendent, in an open log', () => {
    given().when(writeNote()).thenThrows('works_log.not_found');
    given(...opened())
      .when(writeNote({ authorAccountId: 'another-buyer' }))
      .thenThrows('works_log.not_party');
    given(...notesWritten({}, { kind: 'closing' }))
      .when(writeNote())
      .thenThrows('works_log.closed');
  });

  it('have a kind a party may write, and a text', () => {
    given(...opened())
      .when(writeNote({ kind: 'opening' }))
      .thenThrows('works_log.invalid_kind');
    given(...opened())
      .when(writeNote({ kind: 'closing' }))
      .thenThrows('works_log.invalid_kind');
    given(...opened())
      .when(writeNote({ text: '   ' }))
      .thenThrows('works_log.invalid_text');
  });

  it('an answer answers a note of the other party', () => {
    const log = notesWritten({}, { kind: 'request', party: 'superintendent', writtenBy: SUPERINTENDENT });
    given(...log)
      .when(writeNote({ kind: 'answer' }))
      .thenThrows('works_log.reference_required');
    given(...log)
      .when(writeNote({ kind: 'answer', refersTo: 9 }))
      .thenThrows('works_log.note_not_found');
    given(...log)
      .when(writeNote({ kind: 'answer', refersTo: 2, authorAccountId: SUPERINTENDENT }))
      .thenThrows('works_log.answer_to_own_note');
    const state = given(...log)
      .when(writeNote({ kind: 'answer', refersTo: 2, text: 'Procede' }))
      .thenState();
    expect(worksLogView('c', state, false)?.notes[1]).toMatchObject({ number: 2, answeredBy: [3] });
  });

  it('a correction is a new note about an earlier note of its own author; the earlier note stays', () => {
    const log = notesWritten({}, { text: 'Colar losa nivel 3' });
    given(...log)
      .when(writeNote({ kind: 'correction', refersTo: 2, authorAccountId: SUPERINTENDENT }))
      .thenThrows('works_log.correction_of_other_party');
    const state = given(...log)
      .when(writeNote({ kind: 'correction', refersTo: 2, text: 'Es nivel 2' }))
      .thenState();
    expect(state.notes[1].text).toBe('Colar losa nivel 3');
    expect(worksLogView('c', state, false)?.notes[1].correctedBy).toEqual([3]);
  });

  it('a private note states its legal reason; the public sees its number, kind, date and reason only', () => {
    given(...opened())
      .when(writeNote({ confidential: { legalBasis: ' ' } }))
      .thenThrows('works_log.legal_basis_required');
    const state = given(...opened())
      .when(
        writeNote({
          kind: 'incident',
          text: 'Datos del trabajador lesionado',
          confidential: { legalBasis: 'LGPDPPSO art. 3' },
        }),
      )
      .thenState();
    const publicNote = worksLogView('c', state, false)?.notes[1];
    expect(publicNote).toMatchObject({ number: 2, kind: 'incident', disclosed: false, text: null, attachments: [] });
    expect(JSON.stringify(worksLogView('c', state, false))).not.toContain('lesionado');
    expect(worksLogView('c', state, true)?.notes[1]).toMatchObject({
      disclosed: true,
      text: 'Datos del trabajador lesionado',
    });
  });
});

describe('progress reports', () => {
  const reported = (physicalBp: number, financialBp: number) => ({
    kind: 'progress' as const,
    party: 'superintendent' as const,
    writtenBy: SUPERINTENDENT,
    progress: progress(physicalBp, financialBp),
  });

  it('carry physical and financial progress in basis points, 0 to 10 000', () => {
    given(...opened())
      .when(writeNote({ kind: 'progress' }))
      .thenThrows('works_log.progress_required');
    given(...opened())
      .when(writeNote({ kind: 'progress', progress: progress(10.5, 0) }))
      .thenThrows('works_log.invalid_progress');
    given(...opened())
      .when(writeNote({ kind: 'progress', progress: progress(10_001, 0) }))
      .thenThrows('works_log.invalid_progress');
    given(...opened())
      .when(writeNote({ kind: 'incident', progress: progress(1, 1) }))
      .thenThrows('works_log.progress_not_allowed');
    expect(
      given(...opened())
        .when(writeNote({ kind: 'progress', progress: progress(2_500, 1_000) }))
        .thenState().progress,
    ).toEqual(progress(2_500, 1_000));
  });

  it('never go back, physical or financial', () => {
    const log = notesWritten({}, reported(3_000, 2_000));
    given(...log)
      .when(writeNote({ kind: 'progress', progress: progress(2_900, 2_500) }))
      .thenThrows('works_log.progress_decreased', { physicalBp: 3_000, progressNote: 2 });
    given(...log)
      .when(writeNote({ kind: 'progress', progress: progress(3_500, 1_999) }))
      .thenThrows('works_log.progress_decreased');
  });

  it('a correction of the report in force may lower it, and replaces its point on the chart', () => {
    const log = notesWritten({}, reported(1_000, 500), reported(3_000, 2_000), { kind: 'note' });
    given(...log)
      .when(
        writeNote({ kind: 'correction', refersTo: 2, progress: progress(100, 100), authorAccountId: SUPERINTENDENT }),
      )
      .thenThrows('works_log.progress_not_allowed');
    const state = given(...log)
      .when(
        writeNote({
          kind: 'correction',
          refersTo: 3,
          progress: progress(2_000, 2_000),
          authorAccountId: SUPERINTENDENT,
        }),
        NOW,
      )
      .thenState();
    expect(state.progress).toEqual(progress(2_000, 2_000));
    expect(worksLogView('c', state, false)?.progressSeries).toEqual([
      { number: 2, at: '2026-03-02T16:00:00.000Z', physicalBp: 1_000, financialBp: 500 },
      { number: 5, at: '2026-03-05T17:30:00.000Z', physicalBp: 2_000, financialBp: 2_000 },
    ]);
  });
});

describe('closing', () => {
  it('is the resident’s, the last note', () => {
    given(...opened())
      .when({ type: 'CloseWorksLog', contractId: 'c', text: 'Cierre', authorAccountId: SUPERINTENDENT })
      .thenThrows('works_log.not_party');
    const state = given(...opened())
      .when({ type: 'CloseWorksLog', contractId: 'c', text: 'Cierre con el finiquito', authorAccountId: RESIDENT })
      .thenState();
    expect(state).toMatchObject({ closed: true });
    expect(worksLogView('c', state, false)).toMatchObject({ status: 'closed', noteCount: 2 });
  });
});

describe('notes signed with e.firma', () => {
  const requiring = () => notesWritten({ opening: { ...notesWritten({})[0].data.opening!, requireSignature: true } });
  const instruction = writeNote({ text: '  Colar la losa del nivel 2  ' });

  it('a signature over the note at the head read is recorded, and the note’s hash covers it', () => {
    const log = opened();
    const signature = signatureOf(instruction, log);
    const state = given(...log)
      .when({ ...instruction, signature }, NOW)
      .thenState();
    expect(state.notes[1].signature).toEqual(signature);
    expect(state.residentRfc).toBe('PEGJ800101AB1');
    expect(chainHolds(state.notes)).toBe(true);
    expect(chainHolds([state.notes[0], { ...state.notes[1], signature: null }])).toBe(false);
  });

  it('a log opened with requireSignature refuses an unsigned note; signing is optional otherwise', () => {
    expect(
      given()
        .when(openLog({ requireSignature: true }))
        .thenState().opening?.requireSignature,
    ).toBe(true);
    given(...requiring())
      .when(instruction)
      .thenThrows('works_log.signature_required');
    given(...requiring())
      .when({ type: 'CloseWorksLog', contractId: instruction.contractId, text: 'Cierre', authorAccountId: RESIDENT })
      .thenThrows('works_log.signature_required');
    expect(
      given(...opened())
        .when(instruction)
        .thenState().notes[1].signature,
    ).toBeNull();
  });

  it('a signature made over an older head is refused with a conflict, to be signed again', () => {
    const log = notesWritten({}, {});
    given(...log)
      .when({ ...instruction, signature: signatureOf(instruction, log.slice(0, 1)) })
      .thenThrows('works_log.log_moved_on', { number: 3, previousHash: log[1].data.hash });
  });

  it('a signature over another content is refused', () => {
    const log = opened();
    given(...log)
      .when({ ...instruction, text: 'Otra cosa', signature: signatureOf(instruction, log) })
      .thenThrows('works_log.signature_mismatch');
    given(...log)
      .when({ ...instruction, kind: 'note', signature: signatureOf(instruction, log) })
      .thenThrows('works_log.signature_mismatch');
  });

  it('the resident signs as a person, and always the same person', () => {
    const log = opened();
    given(...log)
      .when({ ...instruction, signature: signatureOf(instruction, log, { rfc: 'CON010101AB1' }) })
      .thenThrows('works_log.signer_not_a_person', { rfc: 'CON010101AB1' });
    const first = given(...log)
      .when({ ...instruction, signature: signatureOf(instruction, log) }, NOW)
      .thenState().notes[1];
    const signedLog = notesWritten({}, first);
    given(...signedLog)
      .when({ ...instruction, signature: signatureOf(instruction, signedLog, { rfc: 'LOMA750505XY9' }) })
      .thenThrows('works_log.signer_changed', { rfc: 'LOMA750505XY9', expected: 'PEGJ800101AB1' });
  });

  it('the superintendent’s signature is recorded and pins no resident (its RFC is the handler’s check)', () => {
    const log = opened();
    const request = writeNote({ kind: 'request', authorAccountId: SUPERINTENDENT });
    const state = given(...log)
      .when({ ...request, signature: signatureOf(request, log, { rfc: SUPPLIER_RFC }) })
      .thenState();
    expect(state.notes[1].signature?.signer.rfc).toBe(SUPPLIER_RFC);
    expect(state.residentRfc).toBeNull();
  });

  it('the public sees who signed (name, certificate serial, issuer), never the RFC nor the certificate', () => {
    const log = opened();
    const state = given(...log)
      .when({ ...instruction, signature: signatureOf(instruction, log) }, NOW)
      .thenState();
    const publicView = worksLogView('c', state, false);
    expect(publicView?.notes[1].signedBy).toEqual({
      name: 'JUANA PÉREZ GARCÍA',
      serialNumber: '3330',
      issuer: 'CN=AC de pruebas',
      verifiedAt: '2026-03-05T17:30:00.000Z',
    });
    expect(JSON.stringify(publicView)).not.toContain('PEGJ800101AB1');
    expect(publicView?.notes[1]).not.toHaveProperty('signature');
    expect(worksLogView('c', state, true)?.notes[1].signature?.signer.rfc).toBe('PEGJ800101AB1');
  });
});

describe('financial progress as paid', () => {
  const contract = { amount: 300_000_00, currency: 'MXN' };

  it('is the payments over the contract’s amount, in whole basis points, rounded down, one point per date', () => {
    const paid = paidProgress(
      contract,
      [
        { amount: 100_000_00, paidAt: '2026-04-01T18:00:00.000Z' },
        { amount: 50_000_00, paidAt: '2026-03-01T18:00:00.000Z' },
        { amount: 1, paidAt: '2026-04-01T18:00:00.000Z' },
      ],
      null,
    );
    expect(paid).toEqual({
      currency: 'MXN',
      contractAmount: 300_000_00,
      paid: 150_000_01,
      financialBp: 5_000,
      series: [
        { at: '2026-03-01T18:00:00.000Z', paid: 50_000_00, financialBp: 1_666 },
        { at: '2026-04-01T18:00:00.000Z', paid: 150_000_01, financialBp: 5_000 },
      ],
      reportedAbovePaid: false,
    });
  });

  it('flags a reported financial progress more than ten points above what was paid', () => {
    const payments = [{ amount: 30_000_00, paidAt: '2026-03-01T18:00:00.000Z' }]; // 10.00 %
    expect(paidProgress(contract, payments, progress(0, 2_000)).reportedAbovePaid).toBe(false);
    expect(paidProgress(contract, payments, progress(0, 2_001)).reportedAbovePaid).toBe(true);
    expect(paidProgress({ amount: 0, currency: 'MXN' }, payments, progress(0, 9_000))).toMatchObject({
      financialBp: null,
      reportedAbovePaid: false,
    });
  });
});
