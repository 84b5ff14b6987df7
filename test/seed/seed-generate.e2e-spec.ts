import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { WrongExpectedVersion } from '../../libs/event-store/event-store.errors';
import type { RecordedEvent } from '../../libs/event-store/event-store.port';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { checkRfc } from '../../libs/suppliers/domain/rfc';
import {
  commitmentOf,
  openProposal,
  tenderDecider,
  type ProposalSubmitted,
  type TenderEvent,
  type TenderState,
} from '../../libs/tendering';
import { TenderKeyStore } from '../../libs/tendering/application/tender-keys';
import { generateHistory, type GenerationSummary } from '../../bench/seed/generate';
import { startTestApi, TEST_MASTER_KEY } from '../support/api-app';
import type { TestDatabase } from '../support/test-database';
import { aMigratedSeedDatabase } from './seed-database';

/** The seed generator (bench/seed): a small history into a real database, checked as the store and the app see it. */
describe('npm run seed:generate', () => {
  const until = new Date('2026-06-01T12:00:00.000Z');
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let keys: TenderKeyStore;
  let summary: GenerationSummary;
  let log: RecordedEvent[];

  beforeAll(async () => {
    ({ db, dataSource } = await aMigratedSeedDatabase('seed'));
    keys = new TenderKeyStore(dataSource, { masterKey: TEST_MASTER_KEY });
    summary = await generateHistory({ databaseUrl: db.url, events: 4_000, keys, seed: 7, until });
    store = await PostgresEventStore.create({ connectionString: db.url, poolSize: 2 });
    log = [];
    for (
      let page;
      (page = await store.readAll({ fromPosition: log.at(-1)?.globalPosition ?? 0n, maxCount: 2_000 })).length;
    )
      log.push(...page);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const streamsOf = (prefix: string) => {
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of log)
      if (event.streamId.startsWith(prefix))
        streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    return streams;
  };

  it('writes at least the events asked for, all readable in global order through the store', () => {
    expect(summary.events).toBeGreaterThanOrEqual(4_000);
    expect(log).toHaveLength(summary.events);
    expect(log.every((event, i) => i === 0 || event.globalPosition > log[i - 1].globalPosition)).toBe(true);
  });

  it('covers every procedure type, auctions with bids, contracts with amendments, and procedures still open at the end', () => {
    expect(Object.keys(summary.byProcedure).sort()).toEqual([
      'direct_award',
      'invitation',
      'public_international',
      'public_national',
    ]);
    const types = new Set(log.map((event) => event.type));
    for (const type of [
      'BuyingUnitRegistered',
      'SupplierVerified',
      'QuestionAnswered',
      'ProposalSubmitted',
      'ProposalsOpened',
      'EvaluationCompleted',
      'BidPlaced',
      'AuctionClosed',
      'LotAwarded',
      'ContractSigned',
      'ContractAmended',
      'TenderCompleted',
    ]) {
      expect(types).toContain(type);
    }
    expect((summary.byStatus['active.tendering'] ?? 0) + (summary.byStatus['active.enquiries'] ?? 0)).toBeGreaterThan(
      0,
    );
  });

  it('keeps each stream at revisions 0, 1, 2… with es_streams at the last, and every event dated and attributed', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS broken FROM (
           SELECT e.stream_id FROM es_events e JOIN es_streams s USING (stream_id)
           GROUP BY e.stream_id, s.revision HAVING count(*) <> s.revision + 1 OR min(e.stream_revision) <> 0 OR max(e.stream_revision) <> s.revision) AS b`,
      );
      expect(rows[0].broken).toBe(0);
    } finally {
      await client.end();
    }
    expect(
      log.every(
        (event) =>
          event.metadata.actor && event.metadata.correlationId && !Number.isNaN(Date.parse(event.metadata.occurredAt)),
      ),
    ).toBe(true);
  });

  it('holds histories the real deciders accept: every tender refolds, and opened proposals match their commitments', () => {
    for (const events of streamsOf('tender-').values()) {
      const domainEvents = events.map((event) => ({ type: event.type, data: event.data }) as TenderEvent);
      const state = domainEvents.reduce<TenderState>(tenderDecider.evolve, tenderDecider.initialState());
      expect(state.status).not.toBe('none');
      const submitted = new Map(
        domainEvents
          .filter((e): e is ProposalSubmitted => e.type === 'ProposalSubmitted' || e.type === 'ProposalReplaced')
          .map((e) => [e.data.proposalId, e.data.commitment]),
      );
      for (const event of domainEvents) {
        if (event.type !== 'ProposalsOpened') continue;
        for (const proposal of event.data.proposals)
          expect(commitmentOf(proposal.content)).toBe(submitted.get(proposal.proposalId));
      }
    }
  });

  it('gives suppliers valid RFCs and items real CPV 2008 codes', () => {
    const rfcs = log
      .filter((event) => event.type === 'SupplierRegistered')
      .map((event) => (event.data as { rfc: string }).rfc);
    expect(rfcs.length).toBeGreaterThan(0);
    expect(rfcs.filter((rfc) => !checkRfc(rfc).valid)).toEqual([]);
    const cpv = new Set(
      readFileSync(join(__dirname, '../../libs/classifier/data/cpv-2008.csv'), 'utf8')
        .split('\n')
        .map((line) => line.split(',')[0]),
    );
    const codes = log
      .filter((event) => event.type === 'TenderCreated')
      .flatMap((event) =>
        (
          event.data as {
            content: { lots: Array<{ items: Array<{ classifierCode: string }> }> };
          }
        ).content.lots.flatMap((lot) => lot.items.map((item) => item.classifierCode)),
      );
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.filter((code) => !cpv.has(code))).toEqual([]);
  });

  it('leaves the proposals of open tenders sealed, openable with the key store when the act comes', async () => {
    const sealed = log.filter(
      (event): event is RecordedEvent & { data: ProposalSubmitted['data'] } => event.type === 'ProposalSubmitted',
    );
    const last = sealed[sealed.length - 1];
    const content = openProposal(last.data.sealed, await keys.dataKey(last.data.sealed.tenderKeyId));
    expect(commitmentOf(content)).toBe(last.data.commitment);
  });

  it('continues through the store at the stream revision it left, and refuses a stale one', async () => {
    const [streamId, events] = [...streamsOf('supplier-rfc-')][0];
    const event = {
      id: '00000000-0000-4000-8000-000000000001',
      type: 'SupplierRfcReleased',
      data: { rfc: 'X', supplierId: 'Y' },
      metadata: { actor: 'system', correlationId: 'c', occurredAt: until.toISOString() },
    };
    await expect(store.appendToStream(streamId, [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    await expect(
      store.appendToStream(streamId, [event], { expectedRevision: events[events.length - 1].streamRevision }),
    ).resolves.toMatchObject({ nextExpectedRevision: BigInt(events.length) });
  });

  it('is browsable: the API started on it projects the tenders and serves them', async () => {
    const api = await startTestApi({ databaseUrl: db.url });
    try {
      const tenderId = String(
        (log.find((event) => event.type === 'TenderPublished')?.data as { tenderId: string } | undefined)?.tenderId,
      );
      let response: Response | undefined;
      for (let tries = 0; tries < 100 && response?.status !== 200; tries++) {
        if (tries) await new Promise((done) => setTimeout(done, 100));
        response = await fetch(`${api.url}/api/tenders/${tenderId}`);
      }
      expect(response?.status).toBe(200);
      expect(await response?.json()).toMatchObject({ tenderId });
    } finally {
      await api.close();
    }
  }, 60_000);
});
