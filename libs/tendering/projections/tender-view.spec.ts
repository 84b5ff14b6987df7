import type { TenderEvent } from '../domain/tender.events';
import {
  anAwardedTender,
  aProposal,
  aPublishedTender,
  aTenderWithProposals,
  laptopsAt,
  ms,
  play,
  SUPPLIER,
  T,
  TENDER_ID,
  standing,
} from '../domain/tender.scenarios';
import { applyToView, viewStatusAt, type TenderView } from './tender-view';

/** The parties' view, folded from histories the real decider produced (tender.scenarios.ts). */
const viewOf = (history: TenderEvent[]) => history.reduce<TenderView | null>(applyToView, null) as TenderView;

/** Proposal ids that say nothing of the bidder, as the API makes them (UUIDs). */
const proposals = [
  aProposal(SUPPLIER.A, laptopsAt(2_400_000), { proposalId: 'p-1' }),
  aProposal(SUPPLIER.B, laptopsAt(2_300_000), { proposalId: 'p-2' }),
];

describe('the tender view', () => {
  it('publishes questions without who asked them', () => {
    const history = play(
      aPublishedTender(),
      {
        type: 'AskQuestion',
        tenderId: TENDER_ID,
        questionId: 'q-1',
        supplier: standing(SUPPLIER.C),
        text: '¿Garantía?',
      },
      ms(T.published, HOUR),
    );
    const view = viewOf(history);
    expect(view.questions).toEqual([
      {
        questionId: 'q-1',
        lotId: null,
        text: '¿Garantía?',
        askedAt: ms(T.published, HOUR),
        answer: null,
        answeredAt: null,
      },
    ]);
    expect(JSON.stringify(view)).not.toContain(SUPPLIER.C);
  });

  it('shows an answer’s documents and the clarification minutes with theirs', () => {
    const plano = { documentId: 'plano', title: 'Plano', fileName: 'plano.pdf', mediaType: 'application/pdf' };
    const acta = { documentId: 'acta', title: 'Acta', fileName: 'acta.pdf', mediaType: 'application/pdf' };
    const [planoRef, actaRef] = [plano, acta].map((doc) => ({ ...doc, sha256: 'ab'.repeat(32) }));
    const asked = play(
      aPublishedTender(),
      { type: 'AskQuestion', tenderId: TENDER_ID, questionId: 'q-1', supplier: standing(SUPPLIER.C), text: '¿Plano?' },
      ms(T.published, HOUR),
    );
    const answered = play(
      asked,
      { type: 'AnswerQuestion', tenderId: TENDER_ID, questionId: 'q-1', answer: 'Anexo.', documents: [planoRef] },
      ms(T.published, 2 * HOUR),
    );
    const history = play(
      answered,
      {
        type: 'PublishClarificationMinutes',
        tenderId: TENDER_ID,
        minutesId: 'junta-1',
        heldAt: ms(T.published, 3 * HOUR),
        summary: 'Se respondió la pregunta.',
        documents: [actaRef],
      },
      ms(T.published, 4 * HOUR),
    );
    const view = viewOf(history);
    expect(view.questions[0].documents).toEqual([planoRef]);
    expect(view.clarificationMinutes).toEqual([
      {
        minutesId: 'junta-1',
        heldAt: ms(T.published, 3 * HOUR),
        summary: 'Se respondió la pregunta.',
        documents: [actaRef],
        publishedAt: ms(T.published, 4 * HOUR),
      },
    ]);
  });

  it('shows only receipts before the opening act: no bidder, no lot, no sealed box', () => {
    const view = viewOf(aTenderWithProposals(proposals));
    expect(view.receipts).toEqual(
      proposals.map((p, i) => ({
        proposalId: p.proposalId,
        commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
        submittedAt: ms(T.questionsDeadline, (i + 1) * HOUR),
        withdrawn: false,
      })),
    );
    const text = JSON.stringify(view);
    for (const hidden of [SUPPLIER.A, SUPPLIER.B, 'ciphertext', 'authTag', '24000000', '25000000'])
      expect(text).not.toContain(hidden);
    expect(view.opening).toBeNull();
  });

  it('follows the procedure to the award, with the opening act, the ranking and the objection period', () => {
    const view = viewOf(anAwardedTender(proposals));
    expect(view.status).toBe('awarded');
    expect(view.opening?.proposals.map((p) => [p.supplierId, p.offers[0].amount.amount])).toEqual([
      [SUPPLIER.A, 25_000_000],
      [SUPPLIER.B, 24_000_000],
    ]);
    expect(view.lotResults).toEqual([
      expect.objectContaining({
        lotId: 'lot-1',
        status: 'awarded',
        ranking: [
          expect.objectContaining({ supplierId: SUPPLIER.B }),
          expect.objectContaining({ supplierId: SUPPLIER.A }),
        ],
        award: expect.objectContaining({
          supplierId: SUPPLIER.B,
          amount: { amount: 24_000_000, currency: 'MXN' },
          objectionPeriodEndsAt: T.objectionPeriodEnds,
        }),
      }),
    ]);
  });

  it('reads the end of the enquiry period from the schedule, whether or not the clock recorded it', () => {
    const view = viewOf(aPublishedTender());
    expect(viewStatusAt(view, new Date(ms(T.questionsDeadline, -1)))).toBe('active.enquiries');
    expect(viewStatusAt(view, new Date(T.questionsDeadline))).toBe('active.tendering');
  });

  it('is awaiting its opening once the submission period ended, by the schedule and by the clock’s event', () => {
    const tendering = aTenderWithProposals(proposals);
    expect(viewStatusAt(viewOf(tendering), new Date(T.submissionDeadline))).toBe('active.awaiting_opening');
    const ended = play(tendering, { type: 'AdvanceTenderClock', tenderId: TENDER_ID }, T.submissionDeadline);
    expect(ended.at(-1)?.type).toBe('SubmissionPeriodEnded');
    expect(viewOf(ended).status).toBe('active.awaiting_opening');
  });

  it('carries the procedure number once assigned, and null before numbers existed', () => {
    expect(viewOf(aPublishedTender()).number).toBeNull();
    const numbered: TenderEvent = {
      type: 'ProcedureNumberAssigned',
      data: { tenderId: TENDER_ID, number: 'LA-UC001-1-2026', assignedAt: T.published },
    };
    expect(viewOf([...aPublishedTender(), numbered]).number).toBe('LA-UC001-1-2026');
  });
});

const HOUR = 3_600_000;
