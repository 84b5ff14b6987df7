/** Procedures for the browser tests, driven over HTTP by the parties (TenderingApi: real API, ManualClock). */
import { TokenService } from '@licita/identity/application/token-service';
import { at, DAY, eventually, HOUR } from '../support/time';
import {
  aProposal,
  laptopsAt,
  type Party,
  type Reply,
  scheduleFrom,
  TenderingApi,
} from '../api/tendering/tendering-api';

export { at, DAY, eventually, HOUR, TenderingApi, type Party };

/**
 * The party's calls with an access token signed for the clock's now: a scenario jumps the clock by days, and a
 * password login (scrypt) at every jump made the setup several times slower than the browser tests themselves.
 */
function as(world: TenderingApi, party: Party) {
  const call = (method: string, path: string, body?: unknown): Promise<Reply> => {
    const { accountId, supplierId, buyingUnitId } = party.ids;
    const account = {
      accountId,
      email: party.email,
      role: supplierId ? 'supplier' : 'buyer',
      supplierId,
      buyingUnitId,
      status: 'active',
      sessionVersion: 0,
    };
    const token = world.api.api.app
      .get(TokenService)
      .issue(account as Parameters<TokenService['issue']>[0], world.clock.now()).accessToken;
    return world.api.call(method, path, { token, body });
  };
  return { post: (path: string, body: unknown = {}) => call('POST', path, body) };
}

/** Published at `publishedAt`, with proposals from `bidders` at the laptop prices given (centavos). */
async function tenderWithProposals(
  world: TenderingApi,
  buyer: Party,
  publishedAt: string,
  bids: Array<[Party, number]>,
  overrides: Record<string, unknown> = {},
) {
  const schedule = scheduleFrom(publishedAt);
  const tenderId = await world.publishedTender(buyer, publishedAt, { schedule, ...overrides });
  world.clock.set(at(schedule.questionsDeadline, DAY));
  for (const [supplier, price] of bids) {
    const reply = await as(world, supplier).post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(price)));
    if (reply.status !== 201) throw new Error(`proposal refused: ${JSON.stringify(reply.body)}`);
  }
  return { tenderId, schedule };
}

async function openAndEvaluate(
  world: TenderingApi,
  buyer: Party,
  tenderId: string,
  openingDate: string,
): Promise<void> {
  const buyerCalls = as(world, buyer);
  world.clock.set(openingDate);
  const opened = await buyerCalls.post(`/api/tenders/${tenderId}/open`);
  if (opened.status !== 200) throw new Error(`opening refused: ${JSON.stringify(opened.body)}`);
  world.clock.set(at(openingDate, HOUR));
  for (const proposal of opened.body.proposals)
    await buyerCalls.post(`/api/tenders/${tenderId}/evaluations`, {
      proposalId: proposal.proposalId,
      lotId: 'lot-1',
      compliant: true,
    });
  const completed = await buyerCalls.post(`/api/tenders/${tenderId}/evaluations/complete`);
  if (completed.status !== 200) throw new Error(`evaluation refused: ${JSON.stringify(completed.body)}`);
}

/** A public national tender for laptops taken to a signed contract: a question answered, two bidders, the lowest wins. */
export async function aContractedTender(
  world: TenderingApi,
  buyer: Party,
  [winner, runnerUp]: Party[],
  publishedAt: string,
): Promise<string> {
  const schedule = scheduleFrom(publishedAt);
  const tenderId = await world.publishedTender(buyer, publishedAt, { schedule });
  const [buyerCalls, winnerCalls, runnerUpCalls] = [buyer, winner, runnerUp].map((party) => as(world, party));
  world.clock.set(at(publishedAt, DAY));
  const asked = await runnerUpCalls.post(`/api/tenders/${tenderId}/questions`, {
    text: '¿Se aceptan equipos con garantía de tres años?',
    lotId: 'lot-1',
  });
  world.clock.set(at(publishedAt, 2 * DAY));
  await buyerCalls.post(`/api/tenders/${tenderId}/questions/${asked.body.questionId}/answer`, {
    answer: 'Sí; la garantía mínima es de tres años.',
  });
  world.clock.set(at(schedule.questionsDeadline, DAY));
  for (const [supplier, price] of [
    [winnerCalls, 2_350_000],
    [runnerUpCalls, 2_420_000],
  ] as const)
    await supplier.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(price)));
  await openAndEvaluate(world, buyer, tenderId, schedule.openingDate);
  world.clock.set(at(schedule.openingDate, DAY));
  const awarded = await buyerCalls.post(`/api/tenders/${tenderId}/award`);
  if (awarded.status !== 200) throw new Error(`award refused: ${JSON.stringify(awarded.body)}`);
  const objectionEnds = awarded.body.lots[0].objectionPeriodEndsAt as string;
  world.clock.set(at(objectionEnds, HOUR));
  const signed = await buyerCalls.post('/api/contracts', {
    tenderId,
    lotId: 'lot-1',
    startDate: at(objectionEnds, DAY),
    endDate: at(objectionEnds, 120 * DAY),
  });
  if (signed.status !== 201) throw new Error(`contract refused: ${JSON.stringify(signed.body)}`);
  return tenderId;
}

/** A tender with a reverse auction whose single lot went to auction between `bidders` (evaluation complete). */
export async function aTenderInAuction(
  world: TenderingApi,
  buyer: Party,
  bidders: Array<[Party, number]>,
  publishedAt: string,
): Promise<string> {
  const { tenderId, schedule } = await tenderWithProposals(world, buyer, publishedAt, bidders, {
    reverseAuction: true,
    title: 'Subasta de equipo de cómputo portátil',
  });
  await openAndEvaluate(world, buyer, tenderId, schedule.openingDate);
  return tenderId;
}

/** Schedules the lot's auction to start in a minute (10 minutes long, 1,000.00 MXN steps, anti-sniping), then starts it. */
export async function aRunningAuction(
  world: TenderingApi,
  buyer: Party,
  tenderId: string,
): Promise<{ auctionId: string; endsAt: string }> {
  const startsAt = at(world.clock.now().toISOString(), 60_000);
  const scheduled = await as(world, buyer).post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
    startsAt,
    durationSeconds: 600,
    minimumDecrement: { kind: 'absolute', amount: 100_000 },
    antiSniping: { windowSeconds: 60, extensionSeconds: 120, maximumEndsAt: at(startsAt, 20 * 60_000) },
    abnormallyLowFloor: null,
  });
  if (scheduled.status !== 201) throw new Error(`auction refused: ${JSON.stringify(scheduled.body)}`);
  world.clock.set(at(startsAt, 1_000));
  return { auctionId: scheduled.body.auctionId, endsAt: scheduled.body.endsAt };
}

/** A public tender awarded to the lowest of `bidders` (all compliant), its objection period running; the clock at the award. */
export async function anAwardedTender(
  world: TenderingApi,
  buyer: Party,
  bidders: Array<[Party, number]>,
  publishedAt: string,
): Promise<{ tenderId: string; objectionPeriodEndsAt: string }> {
  const { tenderId, schedule } = await tenderWithProposals(world, buyer, publishedAt, bidders);
  await openAndEvaluate(world, buyer, tenderId, schedule.openingDate);
  world.clock.set(at(schedule.openingDate, DAY));
  const awarded = await as(world, buyer).post(`/api/tenders/${tenderId}/award`);
  if (awarded.status !== 200) throw new Error(`award refused: ${JSON.stringify(awarded.body)}`);
  return { tenderId, objectionPeriodEndsAt: awarded.body.lots[0].objectionPeriodEndsAt as string };
}
