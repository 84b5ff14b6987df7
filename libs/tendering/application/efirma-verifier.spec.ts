import 'reflect-metadata'; // before @peculiar/x509
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { DomainError } from '@licita/shared';
import { proposalSigningMessage } from '../domain/efirma';
import {
  aSignerCertificate,
  aTestCa,
  signWith,
  type TestCa,
  type TestSignerCertificate,
} from '../testing/efirma-test-ca';
import { EfirmaVerifier } from './efirma-verifier';

const RFC = 'PPR010101AB1';
const NOW = new Date('2026-03-10T17:00:00.000Z');
const COMMITMENT = 'a'.repeat(64);
const MESSAGE = proposalSigningMessage('tender-1', 'proposal-1', COMMITMENT);

let ca: TestCa;
let otherCa: TestCa;
let signer: TestSignerCertificate;
let verifier: EfirmaVerifier;

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([aTestCa(), aTestCa('AC ajena')]);
  signer = await aSignerCertificate(ca, { rfc: RFC });
  const dir = mkdtempSync(join(tmpdir(), 'efirma-'));
  writeFileSync(join(dir, 'ca.pem'), ca.pem);
  verifier = new EfirmaVerifier({ efirmaCaCerts: [join(dir, 'ca.pem')] });
}, 60_000);

const check = async (overrides: Partial<Parameters<EfirmaVerifier['verify']>[0]> = {}) =>
  verifier.verify({
    certificate: signer.base64,
    signature: await signWith(signer.keys, MESSAGE),
    message: MESSAGE,
    supplierRfc: RFC,
    now: NOW,
    ...overrides,
  });

const refusal = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof DomainError ? `${error.code} (${error.kind})` : String(error)),
  );

describe('an e.firma signature on a proposal', () => {
  it('records the holder’s RFC, without checking it, when no RFC is expected (a works-log resident)', async () => {
    const signature = await check({ supplierRfc: undefined });
    expect(signature.signer.rfc).toBe(RFC);
    expect(signature.verification.checks).toEqual(['chain', 'validity', 'key_usage', 'signature']);
    expect((await check()).verification.checks).toContain('rfc');
  });

  it('is accepted from a certificate of a configured CA, valid now, naming the supplier’s RFC', async () => {
    const signature = await check();
    expect(signature).toMatchObject({
      algorithm: 'RSASSA-PKCS1-v1_5/SHA-256',
      message: MESSAGE,
      certificate: signer.base64,
      signer: {
        name: 'PROVEEDORA DE PRUEBA SA DE CV',
        rfc: RFC,
        serialNumber: '3330303031303030303030353030303031323334',
        issuer: ca.certificate.subject,
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2029-01-01T00:00:00.000Z',
        certificateSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      verification: { outcome: 'valid', verifiedAt: NOW.toISOString(), trustedIssuer: ca.certificate.subject },
    });
  });

  it('matches the RFC case-insensitively and also in the serialNumber attribute', async () => {
    const bySerial = await aSignerCertificate(ca, { rfc: RFC, rfcIn: 'serialNumber' });
    const signature = await signWith(bySerial.keys, MESSAGE);
    await expect(check({ supplierRfc: RFC.toLowerCase() })).resolves.toBeDefined();
    await expect(check({ certificate: bySerial.base64, signature })).resolves.toMatchObject({ signer: { rfc: RFC } });
  });

  it('is refused when the certificate names another RFC', async () => {
    expect(await refusal(check({ supplierRfc: 'OTR020202XY9' }))).toBe('efirma.rfc_mismatch (invalid)');
  });

  it('is refused when the certificate expired before the submission', async () => {
    const expired = await aSignerCertificate(ca, { rfc: RFC, notAfter: '2026-03-01T00:00:00Z' });
    const signature = await signWith(expired.keys, MESSAGE);
    expect(await refusal(check({ certificate: expired.base64, signature }))).toBe(
      'efirma.certificate_expired (invalid)',
    );
  });

  it('is refused when the certificate is not valid yet at the submission', async () => {
    const future = await aSignerCertificate(ca, { rfc: RFC, notBefore: '2026-04-01T00:00:00Z' });
    const signature = await signWith(future.keys, MESSAGE);
    expect(await refusal(check({ certificate: future.base64, signature }))).toBe(
      'efirma.certificate_not_yet_valid (invalid)',
    );
  });

  it('is refused when it signs another commitment (a tampered proposal)', async () => {
    const tampered = proposalSigningMessage('tender-1', 'proposal-1', 'b'.repeat(64));
    expect(await refusal(check({ message: tampered }))).toBe('efirma.invalid_signature (invalid)');
  });

  it('is refused when the signature is not base64 or made with another key', async () => {
    const stranger = await aSignerCertificate(ca, { rfc: RFC });
    expect(await refusal(check({ signature: 'not base64!' }))).toBe('efirma.invalid_signature (invalid)');
    expect(await refusal(check({ signature: await signWith(stranger.keys, MESSAGE) }))).toBe(
      'efirma.invalid_signature (invalid)',
    );
  });

  it('is refused when another CA issued the certificate, even under the same name', async () => {
    const foreign = await aSignerCertificate(otherCa, { rfc: RFC });
    const impostorCa = await aTestCa('AC de pruebas de Licita');
    const impostor = await aSignerCertificate(impostorCa, { rfc: RFC });
    for (const certificate of [foreign, impostor]) {
      const signature = await signWith(certificate.keys, MESSAGE);
      expect(await refusal(check({ certificate: certificate.base64, signature }))).toBe(
        'efirma.untrusted_certificate (invalid)',
      );
    }
  });

  it('is refused when the certificate is not a certificate', async () => {
    expect(await refusal(check({ certificate: 'bm90IGEgY2VydGlmaWNhdGU=' }))).toBe(
      'efirma.malformed_certificate (invalid)',
    );
    expect(await refusal(check({ certificate: '<cer>' }))).toBe('efirma.malformed_certificate (invalid)');
  });

  it('is refused when the certificate may not sign (key usage)', async () => {
    const encipherOnly = await aSignerCertificate(ca, { rfc: RFC, usages: x509.KeyUsageFlags.keyEncipherment });
    const signature = await signWith(encipherOnly.keys, MESSAGE);
    expect(await refusal(check({ certificate: encipherOnly.base64, signature }))).toBe(
      'efirma.invalid_key_usage (invalid)',
    );
  });

  it('cannot be verified without configured CAs', async () => {
    const unconfigured = new EfirmaVerifier({ efirmaCaCerts: [] });
    expect(unconfigured.configured).toBe(false);
    expect(await refusal(unconfigured.verify({ ...(await validCheck()) }))).toBe('efirma.not_configured (conflict)');
  });

  it('reads CA files in DER as well as PEM bundles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'efirma-'));
    writeFileSync(join(dir, 'root.cer'), Buffer.from(otherCa.certificate.rawData));
    writeFileSync(join(dir, 'bundle.pem'), `${otherCa.pem}\n${ca.pem}\n`);
    for (const file of ['root.cer', 'bundle.pem']) {
      const both = new EfirmaVerifier({ efirmaCaCerts: [join(dir, file)] });
      const foreign = await aSignerCertificate(otherCa, { rfc: RFC });
      const signature = await signWith(foreign.keys, MESSAGE);
      await expect(
        both.verify({ ...(await validCheck()), certificate: foreign.base64, signature }),
      ).resolves.toBeDefined();
    }
  });
});

async function validCheck() {
  return {
    certificate: signer.base64,
    signature: await signWith(signer.keys, MESSAGE),
    message: MESSAGE,
    supplierRfc: RFC,
    now: NOW,
  };
}
