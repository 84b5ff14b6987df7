import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import { AuctionService } from '@licita/auctions/application/auction.service';
import { SupplierRegistry } from '@licita/suppliers/application/supplier-registry';
import { DataSource } from 'typeorm';
import { at, DAY, eventually, HOUR } from '../../support/time';
import {
  aContract,
  aDirectAward,
  allCompliant,
  allCompliantOnTheirLots,
  aProposal,
  aTender,
  type Party,
  scheduleFrom,
  TenderingApi,
  twoLots,
} from '../tendering/tendering-api';
import { OcdsReader } from './ocds-reader';

/**
 * OCDS open data from every procedure type, driven end to end over HTTP (the real API, PostgreSQL, the
 * projections and the durable scheduler, with a ManualClock): a public tender with two lots, an invitation
 * with an upheld challenge, a direct award, a public tender with a reverse auction, a cancelled tender and a
 * deserted one. Each step checks the release it should produce; at the end every output — every feed page,
 * release, record and bulk format — is validated against the OCDS 1.1.5 schemas with the extensions.
 */
let world: TenderingApi;
let ocds: OcdsReader;
let unitId: string;
let buyer: Party;
let auditor: Party;
const suppliers: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', Party> = {} as never;
const tenders: Record<string, string> = {};

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  ocds = new OcdsReader(world);
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  auditor = await world.auditor();
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const)
    suppliers[name] = await world.supplier(`Proveedora ${name}`);
}, 120_000);

afterAll(() => world?.close());

const tagsOf = async (tenderId: string) => (await ocds.releasesOf(tenderId)).map((release) => release.tag);
const recordedByClock = (tenderId: string, type: string) =>
  eventually(`${type} recorded by the scheduler`, async () =>
    (await world.events(`tender-${tenderId}`)).find((event) => event.type === type),
  );
const party = (release: any, supplier: Party) =>
  release.parties.find((p: any) => p.id === `supplier-${supplier.supplierId}`);

describe('a public national tender with two lots', () => {
  const P = '2026-03-02T16:00:00.000Z';
  const S = scheduleFrom(P);
  let tenderId: string;
  let openingDate: string;
  const proposalIds: string[] = [];

  it('publishes the call as a tender release: open method, CPV items, lots, exact amounts, the buying unit as buyer', async () => {
    world.clock.set(at(P, -HOUR));
    const created = await buyer.post('/api/tenders', aTender(unitId, P, twoLots()));
    tenderId = tenders.public = created.body.tenderId;
    await ocds.caughtUp();
    expect((await ocds.raw(`/api/ocds/records/${ocds.ocid(tenderId)}`)).status).toBe(404); // a draft is not public

    world.clock.set(P);
    expect((await buyer.post(`/api/tenders/${tenderId}/publish`)).status).toBe(200);
    const [release] = await ocds.releasesOf(tenderId);
    expect(release).toMatchObject({
      ocid: `ocds-licita-${tenderId}`,
      id: `ocds-licita-${tenderId}-1`,
      date: P,
      tag: ['tender'],
      initiationType: 'tender',
      buyer: { id: `buying-unit-${unitId}` },
      tender: {
        id: expect.stringMatching(/^LA-UC[0-9A-F]{8}-\d+-2026$/), // the procedure number; the ocid keeps the UUID
        status: 'active',
        procurementMethod: 'open',
        procurementMethodDetails: 'Licitación pública nacional',
        mainProcurementCategory: 'goods',
        awardCriteria: 'priceOnly',
        submissionMethod: ['electronicSubmission'],
        value: { amount: 297000, currency: 'MXN' },
        tenderPeriod: { startDate: P, endDate: S.submissionDeadline },
        enquiryPeriod: { startDate: P, endDate: S.questionsDeadline },
        awardPeriod: { startDate: S.openingDate, endDate: S.awardDate },
        hasEnquiries: false,
        lots: [
          {
            id: 'lot-1',
            title: 'Equipo de cómputo portátil',
            status: 'active',
            value: { amount: 265000, currency: 'MXN' },
          },
          { id: 'lot-2', title: 'Impresoras láser', status: 'active', value: { amount: 32000, currency: 'MXN' } },
        ],
      },
    });
    expect(release.tender.items[0]).toEqual({
      id: 'item-1',
      description: 'Laptop 14", 16 GB RAM',
      classification: { scheme: 'CPV', id: '30213100-6' },
      quantity: 10,
      unit: { name: 'pieza', value: { amount: 25000, currency: 'MXN' } },
      relatedLot: 'lot-1',
    });
    expect(release.parties).toEqual([
      expect.objectContaining({
        id: `buying-unit-${unitId}`,
        roles: ['buyer', 'procuringEntity'],
        identifier: expect.objectContaining({ scheme: 'MX-UC' }),
      }),
    ]);
    expect(release).not.toHaveProperty('bids');
  });

  it('takes questions, sealed proposals and an amendment that extends the deadline: one tenderAmendment release', async () => {
    world.clock.set(at(P, DAY));
    expect(
      (await suppliers.D.post(`/api/tenders/${tenderId}/questions`, { text: '¿Se acepta garantía de tres años?' }))
        .status,
    ).toBe(201);
    world.clock.set(S.questionsDeadline);
    await recordedByClock(tenderId, 'EnquiryPeriodEnded');

    world.clock.set(at(P, 8 * DAY));
    const submit = async (who: Party, prices: Record<string, Record<string, number>>) => {
      const reply = await who.post(`/api/tenders/${tenderId}/proposals`, aProposal(prices));
      expect(reply.status).toBe(201);
      proposalIds.push(reply.body.proposalId);
      return reply.body.proposalId as string;
    };
    const ofE = await submit(suppliers.E, {
      'lot-1': { 'item-1': 2_312_345, 'item-2': 98_765 },
      'lot-2': { 'item-3': 712_345 },
    });
    await submit(suppliers.F, { 'lot-1': { 'item-1': 2_298_765, 'item-2': 97_531 } });
    const ofG = await submit(suppliers.G, { 'lot-2': { 'item-3': 705_431 } });
    world.clock.set(at(P, 9 * DAY));
    expect(
      (
        await suppliers.E.call(
          'PUT',
          `/api/tenders/${tenderId}/proposals/${ofE}`,
          aProposal({ 'lot-1': { 'item-1': 2_211_111, 'item-2': 98_765 }, 'lot-2': { 'item-3': 712_345 } }),
        )
      ).status,
    ).toBe(200);
    expect((await suppliers.G.call('DELETE', `/api/tenders/${tenderId}/proposals/${ofG}`)).status).toBe(200);
    await submit(suppliers.G, { 'lot-2': { 'item-3': 699_999 } });

    world.clock.set(at(P, 12 * DAY)); // within the 7 days' notice before the deadline: the deadline moves
    const amended = await buyer.post(`/api/tenders/${tenderId}/amendments`, {
      changes: { description: 'Equipo de cómputo portátil y periféricos.' },
      reason: 'Aclaración del alcance',
    });
    expect(amended.status).toBe(201);
    const extended = await recordedByClock(tenderId, 'SubmissionDeadlineExtended');
    openingDate = (extended.data as { openingDate: string }).openingDate;

    const releases = await ocds.releasesOf(tenderId);
    expect(releases.map((r) => r.tag)).toEqual([['tender'], ['tenderAmendment']]);
    const amendment = releases[1];
    expect(amendment.tender).toMatchObject({
      description: 'Equipo de cómputo portátil y periféricos.',
      hasEnquiries: true,
      tenderPeriod: { endDate: extended.data.submissionDeadline },
      awardPeriod: { startDate: openingDate },
      amendments: [
        {
          date: at(P, 12 * DAY),
          rationale: 'Aclaración del alcance',
          amendsReleaseID: releases[0].id,
          releaseID: amendment.id,
        },
      ],
    });
    expect(amendment.bids).toEqual({ statistics: [{ id: 'bids', measure: 'bids', value: 3 }] });
  });

  it('shows no bidder and no offered amount anywhere in the OCDS output before the opening act', async () => {
    const bidders = [suppliers.E, suppliers.F, suppliers.G];
    const registry = world.api.api.app.get(SupplierRegistry);
    const identities = (await Promise.all(bidders.map((s) => registry.load(s.supplierId)))).flatMap(({ data }) => [
      data!.rfc,
      data!.legalName,
    ]);
    const secrets = [...bidders.map((s) => s.supplierId), ...identities, ...proposalIds];
    // Every amount offered, lot totals and unit prices, in centavos and in pesos.
    const centavos = [
      24_111_100, 2_849_380, 23_962_960, 2_821_724, 23_098_760, 2_799_996, 2_312_345, 712_345, 2_298_765, 705_431,
      2_211_111, 699_999,
    ];
    const amounts = [...centavos.map(String), ...centavos.map((c) => String(c / 100))];

    const { texts } = await ocds.validEverything();
    const everything = texts.join('\n');
    expect(everything).toContain(`"value":3`); // the count of live proposals is public
    for (const secret of secrets) expect(everything).not.toContain(secret);
    for (const amount of amounts)
      expect(everything).not.toMatch(new RegExp(`(?<![\\d.])${amount.replace('.', '\\.')}(?![\\d])`));
  });

  it('reveals the bids at the opening act: bidders as tenderers, each offer per lot with its amount', async () => {
    world.clock.set(openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    const release = await ocds.latest(tenderId);
    expect(release.tag).toEqual(['tenderUpdate']);
    expect(release.tender).toMatchObject({ numberOfTenderers: 3 });
    expect(release.bids.statistics).toEqual([
      { id: 'bids', measure: 'bids', value: 3 },
      { id: 'bids-lot-1', measure: 'bids', value: 2, relatedLot: 'lot-1' },
      { id: 'bids-lot-2', measure: 'bids', value: 2, relatedLot: 'lot-2' },
    ]);
    const offerOf = (supplier: Party, lotId: string) =>
      release.bids.details.find(
        (bid: any) => bid.tenderers[0].id === `supplier-${supplier.supplierId}` && bid.relatedLots[0] === lotId,
      );
    expect(offerOf(suppliers.E, 'lot-1')).toMatchObject({
      status: 'pending',
      value: { amount: 230987.6, currency: 'MXN' },
      tenderers: [{ name: 'Proveedora E, S.A. de C.V.' }],
    });
    expect(offerOf(suppliers.G, 'lot-2')).toMatchObject({ value: { amount: 27999.96, currency: 'MXN' } });
    expect(party(release, suppliers.E)).toMatchObject({
      roles: ['tenderer'],
      identifier: { scheme: 'MX-RFC', id: expect.stringMatching(/^[A-Z&Ñ]{3}\d{6}[A-Z0-9]{3}$/) },
    });
  });

  it('publishes the evaluation, then the award of each lot (pending during the objection period, then active)', async () => {
    world.clock.set(at(openingDate, DAY));
    const view = await world.view(tenderId, (v) => v.opening !== null);
    await allCompliantOnTheirLots(buyer, tenderId, view.opening.proposals);
    expect((await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).status).toBe(200);
    const evaluated = await ocds.latest(tenderId);
    expect(evaluated.tag).toEqual(['tenderUpdate']);
    expect(evaluated.bids.statistics).toContainEqual({
      id: 'validBids-lot-1',
      measure: 'validBids',
      value: 2,
      relatedLot: 'lot-1',
    });
    expect(evaluated.bids.details.every((bid: any) => bid.status === 'valid')).toBe(true);

    world.clock.set(at(openingDate, 2 * DAY));
    expect((await buyer.post(`/api/tenders/${tenderId}/award`)).status).toBe(200);
    const awarded = await ocds.latest(tenderId);
    expect(awarded.tag).toEqual(['award']);
    expect(awarded.tender.status).toBe('complete');
    expect(awarded.awards).toEqual([
      expect.objectContaining({
        id: 'lot-1-award-1',
        status: 'pending',
        date: at(openingDate, 2 * DAY),
        value: { amount: 230987.6, currency: 'MXN' },
        relatedLots: ['lot-1'],
        suppliers: [{ id: `supplier-${suppliers.E.supplierId}`, name: 'Proveedora E, S.A. de C.V.' }],
      }),
      expect.objectContaining({
        id: 'lot-2-award-1',
        status: 'pending',
        value: { amount: 27999.96, currency: 'MXN' },
        relatedLots: ['lot-2'],
      }),
    ]);
    expect(awarded.bids.details.map((bid: any) => bid.id)).toContain(awarded.awards[0].relatedBid);
    expect(party(awarded, suppliers.E).roles).toEqual(['tenderer', 'supplier']);
    expect(party(awarded, suppliers.F).roles).toEqual(['tenderer']);

    const ends = at(openingDate, 10 * DAY);
    world.clock.set(ends);
    await recordedByClock(tenderId, 'ObjectionPeriodEnded');
    const final = await ocds.latest(tenderId);
    expect(final).toMatchObject({ tag: ['awardUpdate'], date: ends });
    expect(final.awards.map((award: any) => award.status)).toEqual(['active', 'active']);
  });

  it('publishes each contract, its amendment within 20 % and its completion', async () => {
    const ends = at(openingDate, 10 * DAY);
    const contractIds: string[] = [];
    for (const lotId of ['lot-1', 'lot-2']) {
      const signed = await buyer.post('/api/contracts', aContract(tenderId, ends, lotId, 90));
      expect(signed.status).toBe(201);
      contractIds.push(signed.body.contractId);
    }
    world.clock.set(at(ends, 10 * DAY));
    expect(
      (
        await buyer.post(`/api/contracts/${contractIds[0]}/amendments`, {
          amount: 25_408_636,
          reason: 'Ampliación del 10 %',
        })
      ).status,
    ).toBe(201);
    world.clock.set(at(ends, 60 * DAY));
    for (const contractId of contractIds)
      expect((await buyer.post(`/api/contracts/${contractId}/complete`)).status).toBe(200);

    const releases = await ocds.releasesOf(tenderId);
    expect(releases.map((r) => r.tag).slice(-5)).toEqual([
      ['contract'],
      ['contract'],
      ['contractAmendment'],
      ['contractTermination'],
      ['contractTermination'],
    ]);
    const signedRelease = releases.at(-5);
    expect(signedRelease.contracts[0]).toMatchObject({
      id: contractIds[0],
      awardID: 'lot-1-award-1',
      status: 'active',
      value: { amount: 230987.6, currency: 'MXN' },
      period: { startDate: at(ends, DAY), endDate: at(ends, 90 * DAY) },
      items: [
        expect.objectContaining({ id: 'item-1', classification: { scheme: 'CPV', id: '30213100-6' }, quantity: 10 }),
        expect.objectContaining({ id: 'item-2' }),
      ],
    });
    const amended = releases.at(-3);
    expect(amended.contracts[0]).toMatchObject({
      value: { amount: 254086.36, currency: 'MXN' },
      amendments: [
        {
          rationale: 'Ampliación del 10 %',
          date: at(ends, 10 * DAY),
          amendsReleaseID: releases.at(-4).id,
          releaseID: amended.id,
        },
      ],
    });
    const last = releases.at(-1);
    expect(last.contracts.map((c: any) => [c.status, c.milestones[0].status, c.milestones[0].title])).toEqual([
      ['terminated', 'met', 'Contrato cumplido'],
      ['terminated', 'met', 'Contrato cumplido'],
    ]);
  });

  it('serves the record with every release and the compiled release (OCDS merging)', async () => {
    const record = (await ocds.record(tenderId)).records[0];
    const last = record.releases.at(-1);
    expect(record.ocid).toBe(ocds.ocid(tenderId));
    expect(record.releases.map((r: any) => r.id)).toEqual(
      record.releases.map((_: unknown, i: number) => `${ocds.ocid(tenderId)}-${i + 1}`),
    );
    const { id: _id, date, tag: _tag, ...lastBody } = last;
    expect(record.compiledRelease).toEqual({
      tag: ['compiled'],
      id: `${ocds.ocid(tenderId)}-${date}`,
      date,
      ...lastBody,
    });
  });
});

describe('an invitation to three suppliers with an upheld challenge', () => {
  const P = '2026-07-01T16:00:00.000Z';
  const S = scheduleFrom(P, { questions: 2, submission: 5 });

  it('publishes a selective procedure, and a revised award as a new award with the first one cancelled', async () => {
    world.clock.set(at(P, -HOUR));
    const invited = [suppliers.A, suppliers.B, suppliers.C].map((s) => s.supplierId);
    const tenderId = (tenders.invitation = (
      await buyer.post(
        '/api/tenders',
        aTender(unitId, P, { procedureType: 'invitation', invitedSupplierIds: invited, schedule: S }),
      )
    ).body.tenderId);
    world.clock.set(P);
    await buyer.post(`/api/tenders/${tenderId}/publish`);
    const opened = await world.openLaptopProposals(buyer, tenderId, at(S.questionsDeadline, HOUR), S.openingDate, [
      [suppliers.A, 2_400_000],
      [suppliers.B, 2_300_000],
      [suppliers.C, 2_350_000],
    ]);
    await allCompliant(buyer, tenderId, opened.body.proposals);
    await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
    const awardedAt = at(S.openingDate, DAY);
    world.clock.set(awardedAt);
    await buyer.post(`/api/tenders/${tenderId}/award`);
    world.clock.set(at(awardedAt, DAY));
    const challenged = await suppliers.C.post(`/api/tenders/${tenderId}/challenges`, {
      lotId: 'lot-1',
      grounds: 'B no acreditó su capacidad técnica',
    });
    const revisedAt = at(awardedAt, 3 * DAY);
    world.clock.set(revisedAt);
    const cProposal = opened.body.proposals.find((p: any) => p.supplierId === suppliers.C.supplierId).proposalId;
    expect(
      (
        await auditor.post(`/api/tenders/${tenderId}/challenges/${challenged.body.challengeId}/resolution`, {
          upheld: true,
          reason: 'Procede',
          revisedProposalId: cProposal,
        })
      ).status,
    ).toBe(200);
    world.clock.set(at(revisedAt, 8 * DAY));
    await recordedByClock(tenderId, 'ObjectionPeriodEnded');
    const signed = await buyer.post('/api/contracts', {
      tenderId,
      lotId: 'lot-1',
      startDate: at(revisedAt, 9 * DAY),
      endDate: at(revisedAt, 60 * DAY),
    });
    world.clock.set(at(revisedAt, 50 * DAY));
    await buyer.post(`/api/contracts/${signed.body.contractId}/complete`);

    expect(await tagsOf(tenderId)).toEqual([
      ['tender'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['award'],
      ['award', 'awardCancellation'],
      ['awardUpdate'],
      ['contract'],
      ['contractTermination'],
    ]);
    const last = await ocds.latest(tenderId);
    expect(last.tender).toMatchObject({
      procurementMethod: 'selective',
      procurementMethodDetails: 'Invitación a cuando menos tres personas',
      status: 'complete',
    });
    expect(last.awards.map((a: any) => [a.id, a.status, a.suppliers[0].id, a.value.amount])).toEqual([
      ['lot-1-award-1', 'cancelled', `supplier-${suppliers.B.supplierId}`, 240000],
      ['lot-1-award-2', 'active', `supplier-${suppliers.C.supplierId}`, 245000],
    ]);
    expect(last.contracts[0]).toMatchObject({ awardID: 'lot-1-award-2', status: 'terminated' });
    expect(party(last, suppliers.B).roles).toEqual(['tenderer']);
    expect(party(last, suppliers.C).roles).toEqual(['tenderer', 'supplier']);
  });
});

describe('a direct award', () => {
  it('is published at its award, as a direct procedure with its legal justification, and its early termination', async () => {
    const now = '2026-09-01T16:00:00.000Z';
    world.clock.set(now);
    const created = await buyer.post('/api/tenders', aDirectAward(unitId, now, suppliers.A.supplierId));
    const tenderId = (tenders.direct = created.body.tenderId);
    await ocds.caughtUp();
    expect((await ocds.raw(`/api/ocds/records/${ocds.ocid(tenderId)}`)).status).toBe(404);
    expect(
      (await buyer.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_001 }] }))
        .status,
    ).toBe(200);
    const signed = await buyer.post('/api/contracts', aContract(tenderId, now));
    world.clock.set(at(now, 30 * DAY));
    await buyer.post(`/api/contracts/${signed.body.contractId}/terminate`, {
      kind: 'early_termination',
      reason: 'Razones de interés general',
    });

    const releases = await ocds.releasesOf(tenderId);
    expect(releases.map((r) => r.tag)).toEqual([['tender', 'award'], ['contract'], ['contractTermination']]);
    expect(releases[0].tender).toMatchObject({
      status: 'complete',
      procurementMethod: 'direct',
      procurementMethodDetails: 'Adjudicación directa',
      procurementMethodRationale: 'LAASSP art. 41 fr. I: Bienes con patente exclusiva.',
    });
    expect(releases[0].tender).not.toHaveProperty('tenderPeriod');
    expect(releases[0]).not.toHaveProperty('bids');
    expect(releases[0].awards).toEqual([
      expect.objectContaining({
        status: 'active',
        description: 'Adjudicación directa',
        value: { amount: 260000.01, currency: 'MXN' },
      }),
    ]);
    expect(releases[2].contracts[0]).toMatchObject({
      status: 'terminated',
      milestones: [
        {
          id: 'closing',
          title: 'Terminación anticipada (LAASSP art. 54 Bis)',
          type: 'delivery',
          status: 'notMet',
          dateMet: at(now, 30 * DAY),
          description: 'Razones de interés general',
        },
      ],
    });
  });
});

describe('a public tender with a reverse auction', () => {
  const P = '2026-10-01T16:00:00.000Z';
  const S = scheduleFrom(P);

  it('publishes the auction of the lot (auction extension) and the award at the auction’s price', async () => {
    const tenderId = (tenders.auction = await world.publishedTender(buyer, P, { reverseAuction: true }));
    const opened = await world.openLaptopProposals(buyer, tenderId, at(S.questionsDeadline, DAY), S.openingDate, [
      [suppliers.A, 2_400_000],
      [suppliers.B, 2_300_000],
    ]);
    world.clock.set(at(S.openingDate, DAY));
    await allCompliant(buyer, tenderId, opened.body.proposals);
    expect((await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).body.lots[0]).toMatchObject({
      goesToAuction: true,
    });

    const startsAt = at(S.openingDate, DAY + HOUR);
    const scheduled = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
      startsAt,
      durationSeconds: 600,
      minimumDecrement: { kind: 'absolute', amount: 10_000 },
      antiSniping: null,
    });
    expect(scheduled.status).toBe(201);
    const { auctionId } = scheduled.body;
    world.clock.set(at(startsAt, 60_000));
    const auctions = world.api.api.app.get(AuctionService);
    expect(await auctions.placeBid(auctionId, suppliers.A.supplierId, 23_450_000, 'bid-1')).toMatchObject({
      status: 'accepted',
    });
    world.clock.set(at(startsAt, 600_000));
    await world.api.api.app.get(AuctionClosingScheduler).closeDue();
    world.clock.set(at(S.openingDate, 2 * DAY));
    expect((await buyer.post(`/api/tenders/${tenderId}/award`)).status).toBe(200);

    const releases = await ocds.releasesOf(tenderId);
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['award'],
    ]);
    const last = releases.at(-1);
    expect(last.tender.submissionMethod).toEqual(['electronicSubmission', 'electronicAuction']);
    expect(last.tender.auctions).toEqual([
      {
        id: auctionId,
        url: `/api/auctions/${auctionId}`,
        period: { startDate: startsAt, endDate: at(startsAt, 600_000) },
        minimalStep: { amount: 100, currency: 'MXN' },
        relatedLots: ['lot-1'],
      },
    ]);
    expect(last.awards).toEqual([
      expect.objectContaining({
        status: 'pending',
        description: 'Fallo con base en el resultado de la subasta inversa',
        value: { amount: 234500, currency: 'MXN' },
        suppliers: [expect.objectContaining({ id: `supplier-${suppliers.A.supplierId}` })],
      }),
    ]);
    expect(
      last.bids.details.find((bid: any) => bid.tenderers[0].id === `supplier-${suppliers.A.supplierId}`).value,
    ).toEqual({ amount: 250000, currency: 'MXN' });
  }, 60_000);
});

describe('a cancelled tender and a deserted one', () => {
  const P = '2026-12-01T16:00:00.000Z';
  const S = scheduleFrom(P);

  it('publishes a cancellation, and a desertion at the deadline without proposals', async () => {
    const cancelled = (tenders.cancelled = await world.publishedTender(buyer, P));
    const deserted = (tenders.deserted = await world.publishedTender(buyer, P));
    world.clock.set(at(P, DAY));
    expect(
      (await buyer.post(`/api/tenders/${cancelled}/cancel`, { reason: 'Cambió la necesidad de la unidad' })).status,
    ).toBe(200);
    world.clock.set(S.submissionDeadline);
    await recordedByClock(deserted, 'TenderDeserted');

    expect(await tagsOf(cancelled)).toEqual([['tender'], ['tenderCancellation']]);
    expect((await ocds.latest(cancelled)).tender).toMatchObject({
      status: 'cancelled',
      lots: [{ id: 'lot-1', status: 'cancelled' }],
    });
    expect(await tagsOf(deserted)).toEqual([['tender'], ['tenderUpdate']]);
    expect((await ocds.latest(deserted)).tender).toMatchObject({
      status: 'unsuccessful',
      lots: [{ id: 'lot-1', status: 'unsuccessful' }],
    });
  });
});

describe('the OCDS endpoints', () => {
  it('validate, every output of every procedure above, against the OCDS 1.1.5 schemas with the bid, lots and auction extensions', async () => {
    const { releases, records } = await ocds.validEverything();
    expect(new Set(releases.map((r) => r.ocid))).toEqual(new Set(Object.values(tenders).map(ocds.ocid)));
    expect(records).toHaveLength(Object.keys(tenders).length);
    expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length);
  });

  it('page the feed with cursors: every release once, in order, whatever the page size', async () => {
    const all = (await ocds.feed(1000)).releases.map((r) => r.id);
    const byTwo = await ocds.feed(2);
    expect(byTwo.releases.map((r) => r.id)).toEqual(all);
    expect(byTwo.pages.every((page) => page.releases.length <= 2)).toBe(true);
    const first = await ocds.json('/api/ocds/releases?limit=2');
    expect(first).toMatchObject({
      version: '1.1',
      publisher: { name: 'Licita' },
      extensions: expect.arrayContaining([
        expect.stringContaining('ocds_bid_extension'),
        expect.stringContaining('ocds_lots_extension'),
      ]),
    });
    expect(first.links.next).toMatch(/\/api\/ocds\/releases\?after=\d+&limit=2$/);
  });

  it('serve one release in a package, and problem+json for unknown ids and bad cursors', async () => {
    const id = `${ocds.ocid(tenders.direct)}-1`;
    expect((await ocds.json(`/api/ocds/releases/${id}`)).releases).toEqual([
      expect.objectContaining({ id, tag: ['tender', 'award'] }),
    ]);
    const missing = await ocds.raw('/api/ocds/releases/ocds-licita-nope-1');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(missing.text)).toMatchObject({ code: 'ocds.release_not_found' });
    expect(JSON.parse((await ocds.raw('/api/ocds/records/ocds-licita-nope')).text)).toMatchObject({
      status: 404,
      code: 'ocds.record_not_found',
    });
    for (const query of ['after=abc', 'after=-1', 'limit=0', 'limit=1001']) {
      const reply = await ocds.raw(`/api/ocds/releases?${query}`);
      expect([reply.status, JSON.parse(reply.text).code]).toEqual([400, 'request.invalid']);
    }
    expect(JSON.parse((await ocds.raw('/api/ocds/download?format=xml')).text)).toMatchObject({
      status: 400,
      code: 'request.invalid',
    });
  });

  it('stream the bulk download as JSON, gzip-encoded when asked, as a .json.gz file, or one release per line', async () => {
    const plain = await ocds.raw('/api/ocds/download');
    expect([plain.headers.get('content-type'), plain.headers.get('content-encoding')]).toEqual([
      'application/json; charset=utf-8',
      null,
    ]);
    const encoded = await ocds.raw('/api/ocds/download', { 'Accept-Encoding': 'gzip, deflate' });
    expect(encoded.headers.get('content-encoding')).toBe('gzip');
    expect(encoded.bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip's magic number: compressed on the wire
    expect(encoded.text).toBe(plain.text);
    const refused = await ocds.raw('/api/ocds/download', { 'Accept-Encoding': 'gzip;q=0' });
    expect(refused.headers.get('content-encoding')).toBeNull();
    const file = await ocds.raw('/api/ocds/download?format=json.gz');
    expect([file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual([
      'application/gzip',
      'attachment; filename="ocds-releases.json.gz"',
    ]);
    expect(JSON.parse(file.text).releases).toHaveLength(JSON.parse(plain.text).releases.length);
    const lines = await ocds.raw('/api/ocds/download?format=jsonl');
    expect(lines.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(lines.text.trim().split('\n')).toHaveLength(JSON.parse(plain.text).releases.length);
  });

  it('are documented in OpenAPI', async () => {
    const paths = (await ocds.json('/docs-json')).paths;
    for (const path of [
      '/api/ocds/releases',
      '/api/ocds/releases/{id}',
      '/api/ocds/records/{ocid}',
      '/api/ocds/download',
    ])
      expect(paths).toHaveProperty([path, 'get']);
  });

  it('are rebuilt identical from the event log', async () => {
    const db = world.api.api.app.get(DataSource);
    const rows = () =>
      db.query(
        'SELECT release_id, ocid, position::text, date, tags, release::text FROM ocds_releases ORDER BY ocds_releases.position',
      );
    const before = await rows();
    const rebuilt = await world.api.projections.rebuildProjection('ocds');
    expect(rebuilt.eventsDone).toBeGreaterThan(before.length);
    expect(await rows()).toEqual(before);
  });
});
