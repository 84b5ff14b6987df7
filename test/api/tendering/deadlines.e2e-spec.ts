import { listScheduledCommands } from '@licita/scheduling/scheduled-commands';
import { ManualClock } from '@licita/shared';
import { TenderKeyStore } from '@licita/tendering/application/tender-keys';
import { tenderClockKey } from '@licita/tendering/projections/tender-clock.schedule';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { at, DAY, eventually, HOUR } from '../../support/time';
import { aContract, allCompliant, aProposal, laptopsAt, type Party, scheduleFrom, TenderingApi } from './tendering-api';

/**
 * Every deadline of a procedure over HTTP with the server's (manual) clock: a millisecond before, at the
 * exact instant (a period includes its start and excludes its end) and after. Refusals are 409 with the
 * tender's current status; the scheduler records time-driven changes dated when they became due, even when
 * it runs late or the API was stopped across the deadline.
 */
const MS = 1;
let world: TenderingApi;
let buyer: Party;
let supplier: Party;
let other: Party;

beforeAll(async () => {
  world = await TenderingApi.start();
  buyer = await world.buyer(await world.buyingUnit());
  supplier = await world.supplier('Proveedora Puntual');
  other = await world.supplier('Proveedora Tardía');
}, 120_000);

afterAll(() => world?.close());

const ask = (tenderId: string, who = supplier) =>
  who.post(`/api/tenders/${tenderId}/questions`, { text: '¿Cuál es el plazo de entrega?' });
/** The 409 refusal with its problem code (and `details`, when given). */
const conflict = (code: string, details?: Record<string, unknown>) => ({
  status: 409,
  body: details ? { code, details } : { code },
});
const submit = (tenderId: string, who = supplier, price = 2_400_000) =>
  who.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(price)));

/** A tender the buyer publishes on `published` before the specs of the describe block: its schedule, and its id. */
function aTenderPublishedOn(published: string) {
  const tender = { S: scheduleFrom(published), id: '' };
  beforeAll(async () => {
    tender.id = await world.publishedTender(buyer, published);
  });
  return tender;
}

describe('the questions deadline', () => {
  const tender = aTenderPublishedOn('2026-03-02T16:00:00.000Z');
  const { S } = tender;

  it('takes a question a millisecond before it', async () => {
    world.clock.set(at(S.questionsDeadline, -MS));
    expect((await ask(tender.id)).status).toBe(201);
  });

  it('refuses a question at its exact instant, saying the enquiry period is over', async () => {
    world.clock.set(S.questionsDeadline);
    expect(await ask(tender.id)).toMatchObject(
      conflict('question.deadline_passed', { questionsDeadline: S.questionsDeadline, status: 'active.tendering' }),
    );
  });

  it('refuses a question a day later', async () => {
    world.clock.set(at(S.questionsDeadline, DAY));
    expect(await ask(tender.id)).toMatchObject(conflict('question.deadline_passed'));
  });

  it('takes answers until the submission deadline, not at it', async () => {
    world.clock.set(at(S.submissionDeadline, -MS));
    // With a proposal in, the close at the deadline leaves the tender awaiting its opening, where the answer's own
    // deadline rule speaks; without one the scheduler may desert it first (a race with the request: 'invalid_transition').
    expect((await submit(tender.id)).status).toBe(201);
    const [question] = (await world.view(tender.id, (v) => v.questions.length === 1)).questions;
    expect(
      (
        await buyer.post(`/api/tenders/${tender.id}/questions/${question.questionId}/answer`, {
          answer: 'Treinta días.',
        })
      ).status,
    ).toBe(200);
    world.clock.set(S.submissionDeadline);
    expect(
      await buyer.post(`/api/tenders/${tender.id}/questions/${question.questionId}/answer`, {
        answer: 'Otra respuesta',
      }),
    ).toMatchObject(conflict('question.answer_deadline_passed'));
  });
});

describe('the submission period (from the questions deadline to the submission deadline)', () => {
  const tender = aTenderPublishedOn('2026-04-01T16:00:00.000Z');
  const { S } = tender;
  let proposalId: string;

  it('refuses a proposal before it opens, during the enquiry period', async () => {
    world.clock.set(at(S.questionsDeadline, -MS));
    expect(await submit(tender.id)).toMatchObject(
      conflict('proposal.tendering_not_started', { opensAt: S.questionsDeadline, status: 'active.enquiries' }),
    );
  });

  it('takes a proposal at the instant it opens, whether or not the clock job has run yet', async () => {
    world.clock.set(S.questionsDeadline);
    const submitted = await submit(tender.id);
    expect(submitted).toMatchObject({ status: 201, body: { submittedAt: S.questionsDeadline } });
    proposalId = submitted.body.proposalId;
  });

  it('takes a replacement a millisecond before the deadline', async () => {
    world.clock.set(at(S.submissionDeadline, -MS));
    const replaced = await supplier.call(
      'PUT',
      `/api/tenders/${tender.id}/proposals/${proposalId}`,
      aProposal(laptopsAt(2_300_000)),
    );
    expect(replaced).toMatchObject({ status: 200, body: { submittedAt: at(S.submissionDeadline, -MS) } });
  });

  it('refuses a proposal, a replacement and a withdrawal at the deadline itself', async () => {
    world.clock.set(S.submissionDeadline);
    // At the deadline the submission period is over: the procedure waits for its opening act.
    const late = conflict('proposal.late', {
      submissionDeadline: S.submissionDeadline,
      status: 'active.awaiting_opening',
    });
    expect(await submit(tender.id, other)).toMatchObject(late);
    expect(
      await supplier.call('PUT', `/api/tenders/${tender.id}/proposals/${proposalId}`, aProposal(laptopsAt(2_000_000))),
    ).toMatchObject(late);
    expect(await supplier.call('DELETE', `/api/tenders/${tender.id}/proposals/${proposalId}`)).toMatchObject(late);
  });

  it('refuses a proposal an hour after the deadline', async () => {
    world.clock.set(at(S.submissionDeadline, HOUR - MS));
    expect(await submit(tender.id, other)).toMatchObject(conflict('proposal.late'));
  });
});

describe('an amendment near the deadline', () => {
  const tender = aTenderPublishedOn('2026-05-01T16:00:00.000Z');
  const { S } = tender;

  it('pushes the deadline to the notice days after it, moves the clock job, and the old deadline no longer binds', async () => {
    const amendedAt = at(S.submissionDeadline, -2 * DAY);
    world.clock.set(amendedAt);
    const amended = await buyer.post(`/api/tenders/${tender.id}/amendments`, {
      changes: { description: 'Se aclara el plazo de garantía.' },
      reason: 'Aclaración',
    });
    const deadline = at(amendedAt, 7 * DAY);
    expect(amended).toMatchObject({
      status: 201,
      body: { deadlineExtended: true, schedule: { submissionDeadline: deadline } },
    });
    const job = await eventually('the job moved', async () => {
      const [row] = await listScheduledCommands(world.api.db, tenderClockKey(tender.id, 'submission'));
      return row?.dueAt.toISOString() === deadline && row;
    });
    expect(job).toMatchObject({ status: 'pending' });

    world.clock.set(S.submissionDeadline);
    expect((await submit(tender.id)).status).toBe(201);
    world.clock.set(deadline);
    expect(await submit(tender.id, other)).toMatchObject(conflict('proposal.late'));
    expect(
      await buyer.post(`/api/tenders/${tender.id}/amendments`, { changes: { title: 'Otro' }, reason: 'Tarde' }),
    ).toMatchObject(conflict('tender.amendment_deadline_passed'));
  });
});

describe('the opening act, and the objection period after the award', () => {
  const tender = aTenderPublishedOn('2026-06-01T16:00:00.000Z');
  const { S } = tender;

  beforeAll(async () => {
    world.clock.set(at(S.questionsDeadline, HOUR));
    await submit(tender.id, supplier, 2_400_000);
    await submit(tender.id, other, 2_300_000);
  });

  it('refuses to open a millisecond before the opening date, without unwrapping the tender key', async () => {
    world.clock.set(at(S.openingDate, -MS));
    const keyReads = jest.spyOn(world.api.api.app.get(TenderKeyStore), 'dataKey');
    try {
      expect(await buyer.post(`/api/tenders/${tender.id}/open`)).toMatchObject(
        conflict('opening.too_early', { openingDate: S.openingDate, status: 'active.awaiting_opening' }),
      );
      expect(keyReads).not.toHaveBeenCalled();
    } finally {
      keyReads.mockRestore();
    }
    expect((await world.events(`tender-${tender.id}`)).map((e) => e.type)).not.toContain('ProposalsOpened');
  });

  it('opens at the opening date itself', async () => {
    world.clock.set(S.openingDate);
    expect(await buyer.post(`/api/tenders/${tender.id}/open`)).toMatchObject({
      status: 200,
      body: { status: 'opened', openedAt: S.openingDate },
    });
    expect(await buyer.post(`/api/tenders/${tender.id}/open`)).toMatchObject(
      conflict('tender.invalid_transition', { status: 'opened' }),
    );
  });

  it('takes a challenge until the objection period ends, not at its end, and a contract only from then', async () => {
    const opened = await world.view(tender.id, (v) => v.opening !== null);
    await allCompliant(buyer, tender.id, opened.opening.proposals);
    await buyer.post(`/api/tenders/${tender.id}/evaluations/complete`);
    const awarded = await buyer.post(`/api/tenders/${tender.id}/award`);
    const ends = awarded.body.lots[0].objectionPeriodEndsAt;
    expect(ends).toBe(at(S.openingDate, 8 * DAY));

    world.clock.set(at(ends, -MS));
    const early = await buyer.post('/api/contracts', aContract(tender.id, ends));
    expect(early).toMatchObject(conflict('contract.award_not_final'));
    const challenge = await supplier.post(`/api/tenders/${tender.id}/challenges`, {
      lotId: 'lot-1',
      grounds: 'La propuesta ganadora no cumple la NOM',
    });
    expect(challenge.status).toBe(201);
    world.clock.set(ends);
    expect(
      await supplier.post(`/api/tenders/${tender.id}/challenges`, { lotId: 'lot-1', grounds: 'Otra' }),
    ).toMatchObject(conflict('challenge.objection_period_over', { objectionPeriodEndsAt: ends, status: 'awarded' }));
    const pending = await buyer.post('/api/contracts', aContract(tender.id, ends));
    expect(pending).toMatchObject(
      conflict('contract.award_not_final', { openChallenges: [challenge.body.challengeId] }),
    );
  });
});

describe('a late opening act', () => {
  it('is held days after the opening date (the date is a minimum), dated when it happens', async () => {
    const P = '2026-07-01T16:00:00.000Z';
    const S = scheduleFrom(P);
    const tenderId = await world.publishedTender(buyer, P);
    world.clock.set(at(S.questionsDeadline, HOUR));
    await submit(tenderId);
    world.clock.set(at(S.openingDate, 3 * DAY));
    expect(await buyer.post(`/api/tenders/${tenderId}/open`)).toMatchObject({
      status: 200,
      body: { openedAt: at(S.openingDate, 3 * DAY) },
    });
  });
});

describe('a tender nobody bids for, across a restart', () => {
  const clock = new ManualClock('2026-03-02T15:00:00.000Z');
  const P = '2026-03-02T16:00:00.000Z';
  const S = scheduleFrom(P);
  let database: TestDatabase;
  let api: TenderingApi | undefined;
  let tenderId: string;

  beforeAll(async () => {
    database = await createTestDatabase('tender_restart');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('is deserted at the submission deadline although the API was stopped across it; every clock event is dated when due', async () => {
    api = await TenderingApi.start(clock, database.url);
    const buyerHere = await api.buyer(await api.buyingUnit());
    tenderId = await api.publishedTender(buyerHere, P);
    await eventually(
      'both jobs derived',
      async () => (await listScheduledCommands(api!.api.db, `tender-clock:${tenderId}:`)).length === 2,
    );
    await api.close();

    clock.set(at(S.submissionDeadline, 3 * DAY)); // three days late
    api = await TenderingApi.start(clock, database.url);
    const view = await api.view(tenderId, (v) => v.status === 'deserted');
    expect(view.lotResults).toEqual([
      expect.objectContaining({ lotId: 'lot-1', status: 'deserted', desertionReason: 'no_proposals' }),
    ]);
    const clockEvents = (await api.events(`tender-${tenderId}`)).slice(3); // created, numbered, published
    expect(
      clockEvents.map((e) => [
        e.type,
        e.metadata.actor,
        Object.values(e.data).find((v) => typeof v === 'string' && v.startsWith('2026')),
      ]),
    ).toEqual([
      ['EnquiryPeriodEnded', 'system', S.questionsDeadline],
      ['LotDeserted', 'system', S.submissionDeadline],
      ['TenderDeserted', 'system', S.submissionDeadline],
    ]);
    const jobs = await eventually('jobs settled', async () => {
      const rows = await listScheduledCommands(api!.api.db, `tender-clock:${tenderId}:`);
      return rows.every((job) => job.status === 'done') && rows;
    });
    expect(jobs.map((job) => job.key)).toEqual([
      tenderClockKey(tenderId, 'questions'),
      tenderClockKey(tenderId, 'submission'),
    ]);
  });

  it('derives the same jobs again in a rebuild, and records nothing twice', async () => {
    const before = (await listScheduledCommands(api!.api.db, `tender-clock:${tenderId}:`)).map(
      ({ key, status, dueAt }) => ({ key, status, dueAt }),
    );
    await api!.api.projections.rebuildProjection('tender-clock');
    await api!.api.projections.rebuildProjection('tender-views');
    expect(
      (await listScheduledCommands(api!.api.db, `tender-clock:${tenderId}:`)).map(({ key, status, dueAt }) => ({
        key,
        status,
        dueAt,
      })),
    ).toEqual(before);
    expect((await api!.events(`tender-${tenderId}`)).map((e) => e.type)).toEqual([
      'TenderCreated',
      'ProcedureNumberAssigned',
      'TenderPublished',
      'EnquiryPeriodEnded',
      'LotDeserted',
      'TenderDeserted',
    ]);
    await api!.view(tenderId, (v) => v.status === 'deserted');
  });
});
