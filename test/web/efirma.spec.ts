import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EfirmaVerifier } from '@licita/tendering/application/efirma-verifier';
import { proposalSigningMessage } from '@licita/tendering/domain/efirma';
import { checkProposalContent } from '@licita/tendering/domain/proposal-content';
import { commitmentOf } from '@licita/tendering/domain/sealing';
import { aTenderContent, twoLots } from '@licita/tendering/domain/tender.scenarios';
import { checkTenderContent } from '@licita/tendering/domain/tender-content';
import { DEFAULT_TENDER_POLICY } from '@licita/tendering/domain/tender.policy';
import { aKeyFile, aSignerCertificate, aTestCa, type TestCa } from '@licita/tendering/testing/efirma-test-ca';
import { noteContentHash } from '@licita/works-log/domain/works-log.decider';
import { noteSigningMessage } from '@licita/works-log/domain/works-log.signing';
import {
  EfirmaError,
  importKeyFile,
  sealedContent,
  signProposal,
  signWorksLogNote,
  signingMessage,
} from '../../apps/web/src/efirma';

/**
 * The portal's e.firma module (apps/web/src/efirma.ts) under Node's WebCrypto: it opens SAT-style `.key` files,
 * computes the server's commitment for the proposal it signs, and its signatures pass the server's verifier.
 */
const RFC = 'PPR010101AB1';
const PASSWORD = 'llave de prueba';
const tender = checkTenderContent(aTenderContent(twoLots()), DEFAULT_TENDER_POLICY);
const proposal = {
  tenderId: 'LA-2026-0001',
  proposalId: 'prop-1',
  supplierId: 'sup-1',
  currency: 'MXN',
  // Items out of the lot's order, a document with spaces and an uppercase hash: the server normalizes them.
  lots: [{ lotId: 'lot-2', amount: 3_200_000, items: [{ itemId: 'item-3', unitPrice: 800_000 }] }],
  documents: [
    {
      documentId: 'doc-1',
      kind: 'technical',
      title: ' Propuesta técnica ',
      fileName: 'tecnica.pdf',
      mediaType: 'application/pdf',
      sha256: 'AB'.repeat(32),
    },
  ],
};

let ca: TestCa;
beforeAll(async () => {
  ca = await aTestCa();
}, 30_000);

describe('the portal’s e.firma module', () => {
  it('computes the commitment the server computes for the same proposal and salt', async () => {
    const salt = '0123456789abcdef'.repeat(2);
    const server = commitmentOf(
      checkProposalContent({ ...proposal, salt } as never, { tenderId: proposal.tenderId, content: tender }),
    );
    const browser = await import('../../apps/web/src/efirma').then((m) =>
      m.commitmentOf(sealedContent({ ...proposal, salt }, tender.lots)),
    );
    expect(browser).toBe(server);
  });

  it.each(['pbes2', '3des'] as const)('opens a %s-encrypted .key as a non-extractable signing key', async (scheme) => {
    const signer = await aSignerCertificate(ca, { rfc: RFC });
    const key = await importKeyFile(await aKeyFile(signer.keys, PASSWORD, scheme), PASSWORD);
    expect([key.type, key.extractable, key.usages]).toEqual(['private', false, ['sign']]);
  });

  it('says when the password does not open the key or the files are not e.firma files', async () => {
    const signer = await aSignerCertificate(ca, { rfc: RFC });
    const keyFile = await aKeyFile(signer.keys, PASSWORD);
    await expect(importKeyFile(keyFile, 'otra')).rejects.toEqual(new EfirmaError('wrong_password'));
    await expect(
      signProposal({
        proposal,
        tenderLots: tender.lots,
        certificate: new Uint8Array([1, 2]),
        keyFile,
        password: PASSWORD,
      }),
    ).rejects.toEqual(new EfirmaError('unreadable_certificate'));
  });

  it('signs what the server’s verifier accepts', async () => {
    const signer = await aSignerCertificate(ca, { rfc: RFC });
    const signed = await signProposal({
      proposal,
      tenderLots: tender.lots,
      certificate: signer.der,
      keyFile: await aKeyFile(signer.keys, PASSWORD, '3des'),
      password: PASSWORD,
    });
    expect(signed.salt).toMatch(/^[0-9a-f]{32}$/);
    const message = proposalSigningMessage(proposal.tenderId, proposal.proposalId, signed.commitment);
    expect(signingMessage(proposal.tenderId, proposal.proposalId, signed.commitment)).toBe(message);
    const dir = mkdtempSync(join(tmpdir(), 'efirma-web-'));
    writeFileSync(join(dir, 'ca.pem'), ca.pem);
    const verifier = new EfirmaVerifier({ efirmaCaCerts: [join(dir, 'ca.pem')] });
    const verified = await verifier.verify({
      ...signed.efirma,
      message,
      supplierRfc: RFC,
      now: new Date('2026-03-10T12:00:00Z'),
    });
    expect(verified.signer.rfc).toBe(RFC);
  });

  it('signs a works-log note over the content the server stores (trimmed) at the head read', async () => {
    const signer = await aSignerCertificate(ca, { rfc: 'PEGJ800101AB1' });
    const note = {
      contractId: 'contract-1',
      kind: 'progress',
      text: '  Avance de la semana 2 ',
      progress: { physicalBp: 4_000, financialBp: 3_000 },
      attachments: [
        { documentId: 'd1', title: ' Colado ', fileName: 'c.jpg', mediaType: 'image/jpeg', sha256: 'ab'.repeat(32) },
      ],
    };
    const efirma = await signWorksLogNote({
      note,
      number: 5,
      previousHash: 'cd'.repeat(32),
      certificate: signer.der,
      keyFile: await aKeyFile(signer.keys, PASSWORD, '3des'),
      password: PASSWORD,
    });
    const server = { ...note, text: note.text.trim(), refersTo: null, confidential: null };
    const message = noteSigningMessage('contract-1', 5, 'cd'.repeat(32), noteContentHash(server));
    const dir = mkdtempSync(join(tmpdir(), 'efirma-web-'));
    writeFileSync(join(dir, 'ca.pem'), ca.pem);
    const verifier = new EfirmaVerifier({ efirmaCaCerts: [join(dir, 'ca.pem')] });
    const verified = await verifier.verify({ ...efirma, message, now: new Date('2026-03-10T12:00:00Z') });
    expect([efirma.number, efirma.previousHash, verified.signer.rfc]).toEqual([5, 'cd'.repeat(32), 'PEGJ800101AB1']);
  });
});
