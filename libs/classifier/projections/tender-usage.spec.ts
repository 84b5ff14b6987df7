import { randomUUID } from 'node:crypto';
import { ensureDefaultClassifier } from '../application/classifier-importer';
import type { TenderEvent } from '@licita/tendering/domain/tender.events';
import {
  aDraftTender,
  anAwardedTender,
  aProposal,
  aPublishedTender,
  laptopsAt,
  ms,
  play,
  SUPPLIER,
  T,
  TENDER_ID,
  twoLots,
} from '@licita/tendering/domain/tender.scenarios';
import { ClassifierTestbed } from '../testing/classifier.testbed';

/**
 * Usage from tenders: histories played by the tendering decider (its scenario builders), appended under their
 * own tender ids, and the usage columns of a code, one of its ancestors and its division read after each step.
 */
let testbed: ClassifierTestbed;

beforeAll(async () => {
  testbed = await ClassifierTestbed.start();
  await ensureDefaultClassifier(testbed.store);
  await testbed.caughtUp();
}, 120_000);

afterAll(() => testbed?.close());

const appended = new Map<string, number>();

/** Appends the events of `history` the tender's stream does not have yet, as tender `tenderId`. */
async function record(tenderId: string, history: TenderEvent[]): Promise<void> {
  const done = appended.get(tenderId) ?? 0;
  const events = (JSON.parse(JSON.stringify(history.slice(done)).split(TENDER_ID).join(tenderId)) as TenderEvent[]).map(
    (event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as never,
      metadata: { actor: 'account-test', correlationId: randomUUID(), occurredAt: T.published },
    }),
  );
  await testbed.store.appendToStream(`tender-${tenderId}`, events, { expectedRevision: 'any' });
  appended.set(tenderId, history.length);
  await testbed.caughtUp();
}

const usageOf = async (code: string) => (await testbed.queries.get(code)).usage;
const mxn = (amount: number) => ({ amount, currency: 'MXN' });

const LAPTOP = '30213100-6';
const COMPUTERS = '30200000-1';
const PRINTER = '30232110-8';

describe('usage from tenders', () => {
  it('counts nothing for a draft', async () => {
    await record('U-DRAFT', aDraftTender(twoLots()));
    expect(await usageOf(LAPTOP)).toMatchObject({ tenders: 0, items: 0, estimatedAmount: mxn(0) });
  });

  it('counts a published tender and its items with their estimated values, on each code and its ancestors', async () => {
    await record('U-PUB', aPublishedTender(twoLots()));
    expect(await usageOf(LAPTOP)).toMatchObject({
      tenders: 1,
      items: 1,
      estimatedAmount: mxn(25_000_000),
      awardedAmount: mxn(0),
      suppliersAwarded: 0,
    });
    expect(await usageOf(PRINTER)).toMatchObject({ tenders: 1, items: 1, estimatedAmount: mxn(3_200_000) });
    expect(await usageOf(COMPUTERS)).toMatchObject({ tenders: 1, items: 3, estimatedAmount: mxn(29_700_000) });
  });

  const fromA = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
  const fromB = aProposal(SUPPLIER.B, laptopsAt(2_450_000));
  let awarded: TenderEvent[];

  it("adds the award shared among the lot's items by estimated value, and its supplier as awarded", async () => {
    awarded = anAwardedTender([fromA, fromB]);
    await record('U-AWD', awarded);
    // Lot 1 went to A for 25,000,000: the laptops (25,000,000 of 26,500,000 estimated) take 23,584,905, the docks the rest.
    expect(await usageOf(LAPTOP)).toMatchObject({
      tenders: 2,
      items: 2,
      estimatedAmount: mxn(50_000_000),
      awardedAmount: mxn(23_584_905),
      suppliersAwarded: 1,
    });
    expect(await usageOf('30237200-1')).toMatchObject({ awardedAmount: mxn(1_415_095), suppliersAwarded: 1 });
    expect(await usageOf(COMPUTERS)).toMatchObject({ tenders: 2, awardedAmount: mxn(25_000_000), suppliersAwarded: 1 });
  });

  it('moves the award to the new winner when a challenge revises it', async () => {
    const challenged = play(
      awarded,
      {
        type: 'ChallengeAward',
        tenderId: TENDER_ID,
        challengeId: 'ch-1',
        lotId: 'lot-1',
        supplierId: SUPPLIER.B,
        grounds: 'A no cumple',
      },
      ms(T.awarded, 3_600_000),
    );
    const revised = play(
      challenged,
      {
        type: 'ResolveChallenge',
        tenderId: TENDER_ID,
        challengeId: 'ch-1',
        upheld: true,
        reason: 'Procede',
        revisedProposalId: fromB.proposalId,
      },
      ms(T.awarded, 7_200_000),
    );
    await record('U-AWD', revised);
    // B offered 25,500,000: the laptops' share is 24,056,603.
    expect(await usageOf(LAPTOP)).toMatchObject({ awardedAmount: mxn(24_056_603), suppliersAwarded: 1 });
    const usage = await testbed.db.query(`SELECT supplier_id FROM classifier_supplier_awards WHERE code = $1`, [
      LAPTOP,
    ]);
    expect(usage).toEqual([{ supplier_id: SUPPLIER.B }]);
    awarded = revised;
  });

  it('drops the award of a cancelled tender, and the supplier with it; the tender still counts', async () => {
    await record(
      'U-AWD',
      play(
        awarded,
        { type: 'CancelTender', tenderId: TENDER_ID, reason: 'Recorte presupuestal' },
        ms(T.awarded, 10_800_000),
      ),
    );
    expect(await usageOf(LAPTOP)).toMatchObject({ tenders: 2, awardedAmount: mxn(0), suppliersAwarded: 0 });
  });

  it('rebuilds to the same rows', async () => {
    const live = await testbed.dump();
    await testbed.liveRunner.rebuildProjection('classifier');
    await testbed.caughtUp();
    expect(await testbed.dump()).toEqual(live);
  });
});
