import { at, deciderSpec } from '../../../test/support/decider-spec';
import type { AmendTender, AskQuestion, PublishClarificationMinutes } from './tender.commands';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import type { DocumentRef } from './tender.types';
import {
  anInvitation,
  aProposal,
  aPublishedTender,
  aTenderContent,
  aTenderOpenForProposals,
  aTenderWithProposals,
  laptopsAt,
  laptopsLot,
  ms,
  play,
  printersLot,
  stateOf,
  SUPPLIER,
  T,
  TENDER_ID,
  twoLots,
  DAY,
  HOUR,
  aDraftTender,
  standing,
} from './tender.scenarios';

const given = deciderSpec(tenderDecider);

const ask = (overrides: Partial<AskQuestion> = {}): AskQuestion => ({
  type: 'AskQuestion',
  tenderId: TENDER_ID,
  questionId: 'q-1',
  supplier: standing(SUPPLIER.A),
  text: '¿Se aceptan equipos de 13 pulgadas?',
  ...overrides,
});
const answer = (text = 'No; el mínimo es de 14 pulgadas.', documents?: DocumentRef[]) => ({
  type: 'AnswerQuestion' as const,
  tenderId: TENDER_ID,
  questionId: 'q-1',
  answer: text,
  documents,
});
const aDocument = (documentId: string, title = 'Anexo'): DocumentRef => ({
  documentId,
  title,
  fileName: `${documentId}.pdf`,
  mediaType: 'application/pdf',
  sha256: 'ab'.repeat(32),
});
const withQuestion = (): TenderEvent[] => play(aPublishedTender(), ask(), ms(T.published, DAY));

describe('questions', () => {
  it('records the question with its asker (kept out of public read models) before the questions deadline', () =>
    given(...aPublishedTender())
      .when(ask({ lotId: 'lot-1' }), at(ms(T.questionsDeadline, -1)))
      .then({
        type: 'QuestionAsked',
        data: {
          tenderId: TENDER_ID,
          questionId: 'q-1',
          askedBy: SUPPLIER.A,
          lotId: 'lot-1',
          text: '¿Se aceptan equipos de 13 pulgadas?',
          askedAt: ms(T.questionsDeadline, -1),
        },
      }));

  it('refuses a question at the questions deadline, whether or not the clock recorded it', () => {
    given(...aPublishedTender())
      .when(ask(), at(T.questionsDeadline))
      .thenThrows('question.deadline_passed', { questionsDeadline: T.questionsDeadline });
    given(...aTenderOpenForProposals())
      .when(ask(), at(T.questionsDeadline))
      .thenThrows('question.deadline_passed');
  });

  it('refuses a question after the deadline', () =>
    given(...aPublishedTender())
      .when(ask(), at(ms(T.questionsDeadline, DAY)))
      .thenThrows('question.deadline_passed'));

  it('refuses a question on a draft', () =>
    given(...play([], { type: 'CreateTender', tenderId: TENDER_ID, content: aTenderContent() }, T.created))
      .when(ask(), at(T.created))
      .thenThrows('tender.invalid_transition', { status: 'draft' }));

  it('refuses a question about a lot the tender does not have, and an empty question', () => {
    given(...aPublishedTender())
      .when(ask({ lotId: 'lot-9' }), at(T.published))
      .thenThrows('question.unknown_lot', { lotId: 'lot-9' });
    given(...aPublishedTender())
      .when(ask({ text: ' ' }), at(T.published))
      .thenThrows('question.text_required');
  });

  it('takes questions only from a supplier that may take part: not an unverified or sanctioned one (#16 point 7)', () => {
    given(...aPublishedTender())
      .when(ask({ supplier: standing(SUPPLIER.A, { verified: false }) }), at(T.published))
      .thenThrows('question.supplier_not_verified', { supplierId: SUPPLIER.A });
    given(...aPublishedTender())
      .when(ask({ supplier: standing(SUPPLIER.A, { sanctioned: true }) }), at(T.published))
      .thenThrows('question.supplier_sanctioned', { supplierId: SUPPLIER.A });
  });

  it('takes questions about an invitation only from the invited', () => {
    given(...aPublishedTender(anInvitation()))
      .when(ask({ supplier: standing(SUPPLIER.D) }), at(T.published))
      .thenThrows('question.not_invited', { supplierId: SUPPLIER.D });
    expect(
      given(...aPublishedTender(anInvitation()))
        .when(ask({ supplier: standing(SUPPLIER.C) }), at(T.published))
        .thenState().questions['q-1'].askedBy,
    ).toBe(SUPPLIER.C);
  });

  it('treats the same question again as done, and refuses another under the same id', () => {
    given(...withQuestion())
      .when(ask(), at(ms(T.published, DAY)))
      .thenNothing();
    given(...withQuestion())
      .when(ask({ text: 'otra' }), at(ms(T.published, DAY)))
      .thenThrows('question.already_exists');
  });
});

describe('answers', () => {
  it('records the buyer’s answer', () =>
    given(...withQuestion())
      .when(answer(), at(ms(T.questionsDeadline, DAY)))
      .then({
        type: 'QuestionAnswered',
        data: {
          tenderId: TENDER_ID,
          questionId: 'q-1',
          answer: 'No; el mínimo es de 14 pulgadas.',
          answeredAt: ms(T.questionsDeadline, DAY),
        },
      }));

  it('answers until just before the submission deadline, not at it', () => {
    expect(
      given(...withQuestion())
        .when(answer(), at(ms(T.submissionDeadline, -1)))
        .thenState().questions['q-1'].answer,
    ).not.toBeNull();
    given(...withQuestion())
      .when(answer(), at(T.submissionDeadline))
      .thenThrows('question.answer_deadline_passed');
  });

  it('records the documents an answer carries, checked as the tender’s', () => {
    given(...withQuestion())
      .when(answer('Véase el plano anexo.', [aDocument('plano-1', 'Plano')]), at(ms(T.questionsDeadline, DAY)))
      .then({
        type: 'QuestionAnswered',
        data: {
          tenderId: TENDER_ID,
          questionId: 'q-1',
          answer: 'Véase el plano anexo.',
          answeredAt: ms(T.questionsDeadline, DAY),
          documents: [aDocument('plano-1', 'Plano')],
        },
      });
    given(...withQuestion())
      .when(answer('Véase el anexo.', [{ ...aDocument('plano-1'), sha256: 'no' }]), at(T.questionsDeadline))
      .thenThrows('tender.invalid_document');
    given(...withQuestion())
      .when(answer('Véanse los anexos.', [aDocument('plano-1'), aDocument('plano-1')]), at(T.questionsDeadline))
      .thenThrows('tender.duplicate_id');
  });

  it('refuses answering twice, an unknown question and an empty answer', () => {
    given(...play(withQuestion(), answer(), ms(T.published, 2 * DAY)))
      .when(answer('otra'), at(ms(T.published, 3 * DAY)))
      .thenThrows('question.already_answered');
    given(...aPublishedTender())
      .when(answer(), at(T.published))
      .thenThrows('question.not_found');
    given(...withQuestion())
      .when(answer(' '), at(T.published))
      .thenThrows('question.answer_required');
  });
});

const minutes = (overrides: Partial<PublishClarificationMinutes> = {}): PublishClarificationMinutes => ({
  type: 'PublishClarificationMinutes',
  tenderId: TENDER_ID,
  minutesId: 'junta-1',
  heldAt: ms(T.questionsDeadline, HOUR),
  summary: 'Se respondieron las 3 preguntas recibidas; no se modificó la convocatoria.',
  documents: [aDocument('acta-junta-1', 'Acta de la junta de aclaraciones')],
  ...overrides,
});

describe('clarification minutes', () => {
  it('publishes the minutes of a clarification meeting with their documents', () =>
    given(...aPublishedTender())
      .when(minutes(), at(ms(T.questionsDeadline, DAY)))
      .then({
        type: 'ClarificationMinutesPublished',
        data: {
          tenderId: TENDER_ID,
          minutesId: 'junta-1',
          heldAt: ms(T.questionsDeadline, HOUR),
          summary: 'Se respondieron las 3 preguntas recibidas; no se modificó la convocatoria.',
          documents: [aDocument('acta-junta-1', 'Acta de la junta de aclaraciones')],
          publishedAt: ms(T.questionsDeadline, DAY),
        },
      }));

  it('publishes them until just before the submission deadline, not at it', () => {
    expect(
      given(...aPublishedTender())
        .when(minutes(), at(ms(T.submissionDeadline, -1)))
        .thenState().clarificationMinutes['junta-1'],
    ).toBeDefined();
    given(...aPublishedTender())
      .when(minutes(), at(T.submissionDeadline))
      .thenThrows('clarification_minutes.deadline_passed');
  });

  it('refuses them on a draft', () =>
    given(...aDraftTender())
      .when(minutes(), at(T.published))
      .thenThrows('tender.invalid_transition'));

  it('refuses a meeting held before the publication or in the future', () => {
    given(...aPublishedTender())
      .when(minutes({ heldAt: ms(T.published, -1) }), at(T.questionsDeadline))
      .thenThrows('clarification_minutes.invalid_held_at');
    given(...aPublishedTender())
      .when(minutes({ heldAt: ms(T.questionsDeadline, 1) }), at(T.questionsDeadline))
      .thenThrows('clarification_minutes.invalid_held_at');
    given(...aPublishedTender())
      .when(minutes({ heldAt: 'mañana' }), at(T.questionsDeadline))
      .thenThrows('tender.invalid_schedule');
  });

  it('refuses minutes without a summary or with an invalid document', () => {
    given(...aPublishedTender())
      .when(minutes({ summary: '  ' }), at(ms(T.questionsDeadline, DAY)))
      .thenThrows('clarification_minutes.summary_required');
    given(...aPublishedTender())
      .when(minutes({ documents: [{ ...aDocument('acta'), title: '' }] }), at(ms(T.questionsDeadline, DAY)))
      .thenThrows('tender.invalid_document');
  });

  it('takes the same minutes again as done, other minutes by the same id as a conflict', () => {
    const published = play(aPublishedTender(), minutes(), ms(T.questionsDeadline, DAY));
    given(...published)
      .when(minutes(), at(ms(T.questionsDeadline, 2 * DAY)))
      .thenNothing();
    given(...published)
      .when(minutes({ summary: 'Otra junta.' }), at(ms(T.questionsDeadline, 2 * DAY)))
      .thenThrows('clarification_minutes.already_exists');
  });
});

const amend = (changes: AmendTender['changes'], overrides: Partial<AmendTender> = {}): AmendTender => ({
  type: 'AmendTender',
  tenderId: TENDER_ID,
  amendmentId: 'amendment-1',
  changes,
  reason: 'Respuesta a la junta de aclaraciones',
  ...overrides,
});

describe('amendments', () => {
  const early = ms(T.published, 2 * DAY); // 16 days before the deadline

  it('records the diff by field path', () => {
    const lot = laptopsLot();
    const items = [{ ...lot.items[0], quantity: 12 }, lot.items[1]];
    const events = tenderDecider.decide(
      amend({
        title: 'Equipo de cómputo portátil 2026',
        lots: [{ ...lot, items, estimatedValue: { amount: 31_500_000, currency: 'MXN' } }],
        estimatedTotal: { amount: 31_500_000, currency: 'MXN' },
      }),
      stateOf(aPublishedTender()),
      at(early),
    );
    expect(events).toEqual([
      {
        type: 'TenderAmended',
        data: {
          tenderId: TENDER_ID,
          amendmentId: 'amendment-1',
          reason: 'Respuesta a la junta de aclaraciones',
          changes: [
            {
              path: 'title',
              before: 'Adquisición de equipo de cómputo 2026',
              after: 'Equipo de cómputo portátil 2026',
            },
            { path: 'lots[lot-1].items[item-1].quantity', before: 10, after: 12 },
            { path: 'lots[lot-1].estimatedValue.amount', before: 26_500_000, after: 31_500_000 },
            { path: 'estimatedTotal.amount', before: 26_500_000, after: 31_500_000 },
          ],
          amended: expect.objectContaining({
            title: 'Equipo de cómputo portátil 2026',
            estimatedTotal: { amount: 31_500_000, currency: 'MXN' },
          }),
          amendedAt: early,
        },
      },
    ]);
    expect(stateOf([...aPublishedTender(), ...events]).content?.lots[0].items[0].quantity).toBe(12);
  });

  it('records an added lot as a new path', () => {
    const events = tenderDecider.decide(
      amend({ lots: twoLots().lots, estimatedTotal: twoLots().estimatedTotal }),
      stateOf(aPublishedTender()),
      at(early),
    );
    expect(events[0].data).toMatchObject({
      changes: expect.arrayContaining([{ path: 'lots[lot-2]', before: null, after: printersLot() }]),
    });
  });

  it('does not extend the deadline when the notice days remain (on the boundary: exactly 7 days)', () => {
    const events = tenderDecider.decide(
      amend({ title: 'Otro título' }),
      stateOf(aPublishedTender()),
      at(ms(T.submissionDeadline, -7 * DAY)),
    );
    expect(events.map((e) => e.type)).toEqual(['TenderAmended']);
  });
});

describe('amendments', () => {
  const early = ms(T.published, 2 * DAY);

  // The deadline is 20 March 10:00 in Mexico City (UTC-6); 14 March starts at 06:00 UTC.
  const startOf14March = ms(T.submissionDeadline, -6 * DAY - 10 * HOUR);

  it('extends the deadline, the opening and the award dates when fewer than 7 calendar days remain (LAASSP art. 33)', () => {
    const events = tenderDecider.decide(
      amend({ title: 'Otro título' }),
      stateOf(aTenderOpenForProposals()),
      at(startOf14March),
    );
    // Amended on 14 March: the deadline moves to the same hour on 21 March, and the later dates by as much.
    expect(events[1]).toEqual({
      type: 'SubmissionDeadlineExtended',
      data: {
        tenderId: TENDER_ID,
        amendmentId: 'amendment-1',
        previousDeadline: T.submissionDeadline,
        submissionDeadline: ms(T.submissionDeadline, DAY),
        openingDate: ms(T.openingDate, DAY),
        awardDate: ms(T.awardDate, DAY),
        noticeDays: 7,
      },
    });
    const schedule = stateOf([...aTenderOpenForProposals(), ...events]).content?.schedule;
    expect(schedule).toMatchObject({
      submissionDeadline: ms(T.submissionDeadline, DAY),
      openingDate: ms(T.openingDate, DAY),
    });
  });

  it('does not extend the deadline for an amendment late on the seventh calendar day before it (23:59 on 13 March)', () => {
    const events = tenderDecider.decide(
      amend({ title: 'Otro título' }),
      stateOf(aTenderOpenForProposals()),
      at(ms(startOf14March, -1)),
    );
    expect(events.map((e) => e.type)).toEqual(['TenderAmended']);
  });

  it('extends a deadline the amendment itself brought too close', () => {
    const events = tenderDecider.decide(
      amend({ schedule: { submissionDeadline: ms(T.published, 16 * DAY), openingDate: ms(T.published, 16 * DAY) } }),
      stateOf(aTenderOpenForProposals()),
      at(ms(T.published, 10 * DAY)),
    );
    expect(events[1].data).toMatchObject({
      previousDeadline: ms(T.published, 16 * DAY),
      submissionDeadline: ms(T.published, 17 * DAY),
    });
  });

  it('refuses an amendment at or after the submission deadline', () => {
    given(...aTenderOpenForProposals())
      .when(amend({ title: 'x' }), at(T.submissionDeadline))
      .thenThrows('tender.amendment_deadline_passed');
    expect(
      given(...aTenderOpenForProposals())
        .when(amend({ title: 'x' }), at(ms(T.submissionDeadline, -1)))
        .thenState().content?.title,
    ).toBe('x');
  });

  it('refuses a deadline that breaks the minimum period from publication', () =>
    given(...aPublishedTender())
      .when(
        amend({ schedule: { submissionDeadline: ms(T.published, 14 * DAY), openingDate: ms(T.published, 14 * DAY) } }),
        at(early),
      )
      .thenThrows('tender.schedule_too_short', { minimumDays: 15 }));

  it('refuses to change what cannot be amended after publication', () => {
    given(...aPublishedTender())
      .when(amend({ procedureType: 'invitation' } as never), at(early))
      .thenThrows('tender.field_not_amendable', { field: 'procedureType' });
    given(...aPublishedTender())
      .when(amend({ schedule: { publicationDate: T.created } as never }), at(early))
      .thenThrows('tender.field_not_amendable', { field: 'schedule.publicationDate' });
  });
});

describe('amendments', () => {
  const early = ms(T.published, 2 * DAY);

  it('refuses moving the questions deadline once it passed, or into the past', () => {
    given(...aTenderOpenForProposals())
      .when(amend({ schedule: { questionsDeadline: ms(T.questionsDeadline, DAY) } }), at(ms(T.questionsDeadline, 1)))
      .thenThrows('tender.questions_deadline_passed');
    given(...aPublishedTender())
      .when(amend({ schedule: { questionsDeadline: ms(T.published, DAY) } }), at(early))
      .thenThrows('tender.questions_deadline_passed');
    expect(
      given(...aPublishedTender())
        .when(amend({ schedule: { questionsDeadline: ms(T.questionsDeadline, DAY) } }), at(early))
        .thenState().content?.schedule?.questionsDeadline,
    ).toBe(ms(T.questionsDeadline, DAY));
  });

  it('refuses removing a lot that has proposals', () => {
    const history = aTenderWithProposals([aProposal(SUPPLIER.A, { 'lot-2': { 'item-3': 700_000 } })], twoLots());
    given(...history)
      .when(
        amend({ lots: [laptopsLot()], estimatedTotal: { amount: 26_500_000, currency: 'MXN' } }),
        at(ms(T.questionsDeadline, DAY)),
      )
      .thenThrows('tender.lot_has_proposals', { lotId: 'lot-2' });
  });

  it('refuses an amendment without a reason, or that changes nothing', () => {
    given(...aPublishedTender())
      .when(amend({ title: 'x' }, { reason: '' }), at(early))
      .thenThrows('tender.reason_required');
    given(...aPublishedTender())
      .when(amend({ title: aTenderContent().title }), at(early))
      .thenThrows('tender.amendment_empty');
  });

  it('treats the same amendment again as done', () =>
    given(...play(aPublishedTender(), amend({ title: 'x' }), early))
      .when(amend({ title: 'x' }), at(early))
      .thenNothing());

  it('refuses amending a draft (edit it instead)', () =>
    given(...play([], { type: 'CreateTender', tenderId: TENDER_ID, content: aTenderContent() }, T.created))
      .when(amend({ title: 'x' }), at(T.created))
      .thenThrows('tender.invalid_transition', { status: 'draft' }));

  it('keeps a proposal on an amended lot (its supplier may replace it before the deadline)', () => {
    const history = aTenderWithProposals([aProposal(SUPPLIER.A, laptopsAt(2_400_000))]);
    const lot = laptopsLot();
    const state = given(...history)
      .when(amend({ lots: [{ ...lot, title: 'Laptops' }] }), at(ms(T.questionsDeadline, DAY)))
      .thenState();
    expect(Object.keys(state.proposals)).toEqual([`prop-${SUPPLIER.A}`]);
  });
});
