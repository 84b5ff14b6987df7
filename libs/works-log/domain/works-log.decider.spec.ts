import { at, deciderSpec } from '../../../test/support/decider-spec';
import { chainHolds, noteHash, worksLogDecider } from './works-log.decider';
import { notesWritten, openLog, RESIDENT, SUPERINTENDENT, SUPPLIER, UNIT, writeNote } from './works-log.scenarios';
import { worksLogView } from './works-log.view';
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
