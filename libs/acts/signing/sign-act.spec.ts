import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import forge from 'node-forge';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAct } from '../domain/render-act';
import { anOpeningAct } from '../testing/act.fixtures';
import { rsaPkcs1v15, signActPdf } from './sign-act';
import { actSigningKeyOf, GENERATED_SIGNER, loadActSigningKey, selfSignedP12 } from './signing-key';
import { verifyActPdf } from './verify-act';

const NOW = new Date('2026-03-02T15:00:00.000Z');
const folder = mkdtempSync(join(tmpdir(), 'licita-acts-'));
const key = loadActSigningKey(join(folder, 'acts-signing.p12'), '', true, NOW);
const details = { reason: 'Acta de apertura de proposiciones', signingTime: new Date('2026-03-20T17:00:00.000Z') };
let signed: Buffer;

beforeAll(async () => {
  signed = await signActPdf(await renderAct(anOpeningAct()), key, details);
});

describe('the platform’s key for acts', () => {
  it('is generated once, 0600, and reused afterwards', () => {
    const path = join(folder, 'acts-signing.p12');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadActSigningKey(path, '', true).certificatePem).toBe(key.certificatePem);
    expect(key.signer).toBe(GENERATED_SIGNER);
  });

  it('is never generated in place of a configured file that is missing', () =>
    expect(() => loadActSigningKey(join(folder, 'missing.p12'), 'x', false)).toThrow('does not exist'));
});

describe('signed acts', () => {
  it('verify with the signer, the act’s time and the reason', () =>
    expect(verifyActPdf(signed, { trustedCertificatePem: key.certificatePem })).toEqual({
      valid: true,
      signer: GENERATED_SIGNER,
      signedAt: '2026-03-20T17:00:00.000Z',
      reason: 'Acta de apertura de proposiciones',
      certificateSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    }));

  it('sign to the same bytes every time', async () =>
    expect((await signActPdf(await renderAct(anOpeningAct()), key, details)).equals(signed)).toBe(true));

  it('are invalid once any signed byte changes', () => {
    for (const at of [10, Math.floor(signed.length / 3), signed.length - 5]) {
      const changed = Buffer.from(signed);
      changed[at] ^= 0x01;
      expect(verifyActPdf(changed)).toMatchObject({ valid: false });
    }
  });

  it('are invalid with something appended after the signature', () =>
    expect(verifyActPdf(Buffer.concat([signed, Buffer.from('\n% más\n')]))).toMatchObject({
      valid: false,
      problem: expect.stringContaining('whole file'),
    }));

  it('are invalid when signed by another certificate than the platform’s', async () => {
    const other = actSigningKeyOf(selfSignedP12('otra', NOW, 'Alguien más'), 'otra');
    const forged = await signActPdf(await renderAct(anOpeningAct()), other, details);
    expect(verifyActPdf(forged)).toMatchObject({ valid: true, signer: 'Alguien más' });
    expect(verifyActPdf(forged, { trustedCertificatePem: key.certificatePem })).toMatchObject({
      valid: false,
      problem: expect.stringContaining('other than'),
    });
  });

  it('are invalid when the signature is checked against a swapped certificate', async () => {
    const other = actSigningKeyOf(selfSignedP12('otra', NOW, 'Alguien más'), 'otra');
    const theirs = await signActPdf(await renderAct(anOpeningAct()), other, details);
    const ours = Buffer.from(signed);
    // Our signature's bytes with their PKCS#7: same length, the digest matches nothing of ours.
    const [, start, end] = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(ours.toString('latin1'))!.map(Number);
    const [, theirStart] = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(theirs.toString('latin1'))!.map(Number);
    theirs.copy(ours, start, theirStart, theirStart + (end - start));
    expect(verifyActPdf(ours)).toMatchObject({ valid: false });
  });

  it('name the signer’s certificate by its issuer exactly as the certificate writes it (how readers find it)', () => {
    const [, start, end] = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(signed.toString('latin1'))!.map(Number);
    const der = Buffer.from(signed.subarray(start + 1, end - 1).toString('latin1'), 'hex');
    const pkcs7 = forge.asn1.fromDer(der.toString('binary'), { parseAllBytes: false } as never); // then the zero padding
    const signedData = ((pkcs7.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
    const [certificate] = (signedData[3].value as forge.asn1.Asn1[]) ?? [];
    const signerInfo = (signedData.at(-1)!.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
    const signerIssuer = (signerInfo[1].value as forge.asn1.Asn1[])[0];
    const certificateIssuer = ((certificate.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[3];
    const toHex = (node: forge.asn1.Asn1) => forge.util.bytesToHex(forge.asn1.toDer(node).getBytes());
    expect(toHex(signerIssuer)).toBe(toHex(certificateIssuer));
  });

  it('reports an unsigned PDF as such', async () =>
    expect(verifyActPdf(await renderAct(anOpeningAct()))).toMatchObject({
      valid: false,
      problem: 'the PDF has no signature',
    }));
});

describe('the RSA signature of an act', () => {
  // node:crypto signs in place of node-forge's JavaScript RSA (about 100 ms of CPU an act): the bytes must not change.
  it('is byte for byte the one node-forge makes with the same key, for SHA-256 and SHA-1 digests', () => {
    const pem = forge.pki.privateKeyToPem(
      forge.pkcs12
        .pkcs12FromAsn1(forge.asn1.fromDer(key.p12.toString('binary')), false, key.password)
        .getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]![0]
        .key as forge.pki.rsa.PrivateKey,
    );
    const forgeKey = forge.pki.privateKeyFromPem(pem);
    for (const [create, content] of [
      [() => forge.md.sha256.create(), 'acta'],
      [() => forge.md.sha256.create(), ''],
      [() => forge.md.sha1.create(), 'acta de fallo'],
    ] as const) {
      const digest = () => create().update(content, 'utf8');
      expect(forge.util.bytesToHex(rsaPkcs1v15(createPrivateKey(pem), digest()))).toBe(
        forge.util.bytesToHex(forgeKey.sign(digest())),
      );
    }
  });
});
