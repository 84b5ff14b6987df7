import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { SupplierRegistry } from '@licita/suppliers/application/supplier-registry';
import {
  aKeyFile,
  aSignerCertificate,
  aTestCa,
  type TestCa,
  type TestSignerCertificate,
} from '@licita/tendering/testing/efirma-test-ca';
import { signProposal, type TenderLots } from '../../../apps/web/src/efirma';
import { aProposal, at, DAY, eventually, HOUR, type Party, scheduleFrom, TenderingApi } from './tendering-api';

/**
 * Proposals signed with e.firma, end to end: suppliers sign in "the browser" (apps/web/src/efirma.ts, the portal's
 * own code, under Node's WebCrypto) with certificates of a test CA made here; the API, configured with that CA in
 * EFIRMA_CA_CERTS, accepts them on a tender that requires signatures, refuses each kind of bad signature without
 * appending anything, and the opening act lists who signed each proposal.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const PASSWORD = 'contraseña de la llave 12345678';
const PRICES = { 'lot-1': { 'item-1': 2_400_000, 'item-2': 100_000 } };

let world: TenderingApi;
let buyer: Party;
let bidder: Party;
let rival: Party;
let ca: TestCa;
let otherCa: TestCa;
let tenderId: string;
let tenderLots: TenderLots;
const rfc: Record<string, string> = {};

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([aTestCa(), aTestCa('AC desconocida')]);
  const dir = mkdtempSync(join(tmpdir(), 'efirma-e2e-'));
  writeFileSync(join(dir, 'ac.pem'), ca.pem);
  world = await TenderingApi.start(undefined, undefined, { env: { EFIRMA_CA_CERTS: join(dir, 'ac.pem') } });
  buyer = await world.buyer(await world.buyingUnit());
  bidder = await world.supplier('Proveedora Firmante');
  rival = await world.supplier('Proveedora Rival');
  for (const party of [bidder, rival]) rfc[party.supplierId] = await rfcOf(party);
  tenderId = await world.publishedTender(buyer, P, { requireProposalSignature: true });
  tenderLots = (await world.view(tenderId, () => true, buyer)).lots;
  world.clock.set(at(S.questionsDeadline, HOUR));
}, 180_000);

afterAll(() => world?.close());

async function rfcOf(party: Party): Promise<string> {
  const supplier = await world.api.api.app.get(SupplierRegistry).load(party.supplierId);
  return supplier.data?.rfc as string;
}

/** The portal's signing step: the proposal body with `proposalId`, `salt` and `efirma` as the browser adds them. */
async function signed(
  party: Party,
  certificate: TestSignerCertificate,
  options: { scheme?: 'pbes2' | '3des'; proposalId?: string } = {},
) {
  const body = aProposal(PRICES);
  const signature = await signProposal({
    proposal: {
      tenderId,
      proposalId: options.proposalId ?? crypto.randomUUID(),
      supplierId: party.supplierId,
      currency: 'MXN',
      lots: body.lots,
      documents: body.documents,
    },
    tenderLots,
    certificate: certificate.der,
    keyFile: await aKeyFile(certificate.keys, PASSWORD, options.scheme),
    password: PASSWORD,
  });
  const { commitment, ...fields } = signature;
  return { body: { ...body, ...fields }, commitment };
}

/** The events of the tender no party wrote: the clock's, which the scheduler may record at any moment of a test. */
const CLOCK_EVENTS = ['EnquiryPeriodEnded', 'SubmissionPeriodEnded'];
const eventCount = async () =>
  (await world.events(`tender-${tenderId}`)).filter((event) => !CLOCK_EVENTS.includes(event.type)).length;

describe('a tender that requires proposals signed with e.firma', () => {
  it('records the requirement the buyer set when drafting', async () => {
    expect((await world.view(tenderId, () => true, buyer)).requireProposalSignature).toBe(true);
  });

  it('refuses an unsigned proposal with efirma.required, appending nothing', async () => {
    const before = await eventCount();
    const reply = await bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(PRICES));
    expect([reply.status, reply.body.code]).toEqual([422, 'efirma.required']);
    expect(await eventCount()).toBe(before);
  });

  it.each([
    ['another RFC', 'efirma.rfc_mismatch', () => aSignerCertificate(ca, { rfc: 'AAA010101AAA' })],
    ['an expired certificate', 'efirma.certificate_expired', async () => expired()],
    ['a certificate not valid yet', 'efirma.certificate_not_yet_valid', async () => notYetValid()],
    ['a certificate of an unknown CA', 'efirma.untrusted_certificate', async () => foreign()],
    ['a certificate that may not sign', 'efirma.invalid_key_usage', async () => encipherOnly()],
  ])('refuses a proposal signed with %s (%s), appending nothing', async (_what, code, certificateOf) => {
    const before = await eventCount();
    const { body } = await signed(bidder, await certificateOf());
    const reply = await bidder.post(`/api/tenders/${tenderId}/proposals`, body);
    expect([reply.status, reply.body.code]).toEqual([422, code]);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a signature of other content (the salt changed after signing) and a malformed certificate', async () => {
    const before = await eventCount();
    const certificate = await aSignerCertificate(ca, { rfc: rfc[bidder.supplierId] });
    const { body } = await signed(bidder, certificate);
    const tampered = await bidder.post(`/api/tenders/${tenderId}/proposals`, { ...body, salt: 'f'.repeat(32) });
    expect([tampered.status, tampered.body.code]).toEqual([422, 'efirma.invalid_signature']);
    const malformed = await bidder.post(`/api/tenders/${tenderId}/proposals`, {
      ...body,
      efirma: { ...body.efirma, certificate: Buffer.from('no es un certificado').toString('base64') },
    });
    expect([malformed.status, malformed.body.code]).toEqual([422, 'efirma.malformed_certificate']);
    expect(await eventCount()).toBe(before);
  });

  it('accepts proposals signed in the browser with PBES2 and 3DES keys, and records signer and verification', async () => {
    const receipts: Record<string, string> = {};
    for (const [party, scheme] of [
      [bidder, 'pbes2'],
      [rival, '3des'],
    ] as const) {
      const certificate = await aSignerCertificate(ca, { rfc: rfc[party.supplierId], name: `FIRMANTE ${scheme}` });
      const { body, commitment } = await signed(party, certificate, { scheme });
      const reply = await party.post(`/api/tenders/${tenderId}/proposals`, body);
      expect(reply.status).toBe(201);
      expect(reply.body.commitment).toBe(commitment); // the browser computed the server's commitment
      receipts[party.supplierId] = reply.body.proposalId;
    }
    const events = await world.events(`tender-${tenderId}`);
    const submitted = events.filter((e) => e.type === 'ProposalSubmitted').map((e) => e.data as any);
    expect(submitted).toHaveLength(2);
    expect(submitted[0].signature).toMatchObject({
      algorithm: 'RSASSA-PKCS1-v1_5/SHA-256',
      message: `licita|proposal|${tenderId}|${receipts[bidder.supplierId]}|${submitted[0].commitment}`,
      signer: { name: 'FIRMANTE pbes2', rfc: rfc[bidder.supplierId], issuer: ca.certificate.subject },
      verification: {
        outcome: 'valid',
        verifiedAt: at(S.questionsDeadline, HOUR),
        trustedIssuer: ca.certificate.subject,
      },
    });
  });

  it('requires the replacement of a proposal to be signed too', async () => {
    const proposalId = (await world.events(`tender-${tenderId}`)).find(
      (e) => e.type === 'ProposalSubmitted' && (e.data as any).supplierId === bidder.supplierId,
    )?.data.proposalId as string;
    const path = `/api/tenders/${tenderId}/proposals/${proposalId}`;
    const unsigned = await bidder.call('PUT', path, aProposal(PRICES, 'Propuesta técnica corregida'));
    expect([unsigned.status, unsigned.body.code]).toEqual([422, 'efirma.required']);
    const certificate = await aSignerCertificate(ca, { rfc: rfc[bidder.supplierId], name: 'FIRMANTE pbes2' });
    const { body, commitment } = await signed(bidder, certificate, { proposalId });
    const { proposalId: _sameId, ...replacement } = body;
    const replaced = await bidder.call('PUT', path, replacement);
    expect([replaced.status, replaced.body.commitment]).toEqual([200, commitment]);
  });

  it('lists the signer of each proposal at the opening act', async () => {
    world.clock.set(S.openingDate);
    expect((await buyer.post(`/api/tenders/${tenderId}/open`)).status).toBe(200);
    const view = await world.view(tenderId, (v) => v.opening !== null, buyer);
    const signers = view.opening.proposals.map((p: any) => [p.supplierId, p.signer?.rfc, p.signer?.name]);
    expect(signers).toEqual(
      expect.arrayContaining([
        [bidder.supplierId, rfc[bidder.supplierId], 'FIRMANTE pbes2'],
        [rival.supplierId, rfc[rival.supplierId], 'FIRMANTE 3des'],
      ]),
    );
    expect(view.opening.proposals[0].signer.serialNumber).toMatch(/^[0-9a-f]+$/);
  });

  it('shows the public who signed each opened proposal: name, RFC and certificate serial', async () => {
    const opening = await eventually('the public opening act', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
      return reply.status === 200 && reply.body.opening?.proposals.length === 2 && reply.body.opening;
    });
    expect(opening.proposals.map((p: any) => p.signer)).toEqual(
      expect.arrayContaining([
        { name: 'FIRMANTE pbes2', rfc: rfc[bidder.supplierId], serialNumber: expect.stringMatching(/^[0-9a-f]+$/) },
        { name: 'FIRMANTE 3des', rfc: rfc[rival.supplierId], serialNumber: expect.stringMatching(/^[0-9a-f]+$/) },
      ]),
    );
  });
});

const expired = () => aSignerCertificate(ca, { rfc: rfc[bidder.supplierId], notAfter: at(S.questionsDeadline, -DAY) });
const notYetValid = () => aSignerCertificate(ca, { rfc: rfc[bidder.supplierId], notBefore: at(S.openingDate, DAY) });
const foreign = () => aSignerCertificate(otherCa, { rfc: rfc[bidder.supplierId] });
const encipherOnly = () =>
  aSignerCertificate(ca, { rfc: rfc[bidder.supplierId], usages: x509.KeyUsageFlags.keyEncipherment });

describe('an API without EFIRMA_CA_CERTS', () => {
  let bare: TenderingApi;
  afterAll(() => bare?.close());

  it('refuses every proposal to a tender that requires signatures with efirma.not_configured', async () => {
    bare = await TenderingApi.start();
    const unitBuyer = await bare.buyer(await bare.buyingUnit());
    const supplier = await bare.supplier('Proveedora sin AC');
    const required = await bare.publishedTender(unitBuyer, P, { requireProposalSignature: true });
    bare.clock.set(at(S.questionsDeadline, HOUR));
    const reply = await supplier.post(`/api/tenders/${required}/proposals`, aProposal(PRICES));
    expect([reply.status, reply.body.code]).toEqual([409, 'efirma.not_configured']);
    const optional = await bare.publishedTender(unitBuyer, at(P, HOUR));
    bare.clock.set(at(S.questionsDeadline, 2 * HOUR));
    expect((await supplier.post(`/api/tenders/${optional}/proposals`, aProposal(PRICES))).status).toBe(201);
  }, 120_000);
});
