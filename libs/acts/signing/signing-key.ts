import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import forge from 'node-forge';

/** The platform's key and certificate for acts: a PKCS#12 file and its password. */
export type ActSigningKey = { p12: Buffer; password: string; certificatePem: string; signer: string };

export const GENERATED_SIGNER = 'Licita — firma de actas';
const GENERATED_YEARS = 10;

/**
 * Reads the PKCS#12 at `path`; when it does not exist and `generate` allows, makes one first: an RSA 3072 key
 * (by node:crypto, fast) and a self-signed certificate for ten years (by node-forge), written 0600 and reused
 * from then on. A configured file is never generated: a missing production key is an error, not a new key.
 */
export function loadActSigningKey(path: string, password: string, generate: boolean, now = new Date()): ActSigningKey {
  if (!existsSync(path)) {
    if (!generate) throw new Error(`ACTS_SIGNING_P12 ${path} does not exist`);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(path, selfSignedP12(password, now), { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (error) {
      // Another process of the same data folder wrote it first: theirs is the key.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return actSigningKeyOf(readFileSync(path), password);
}

/** The certificate and the signer's name of a PKCS#12 (its first certificate that matches its key). */
export function actSigningKeyOf(p12: Buffer, password: string): ActSigningKey {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, password);
  const certificate = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0]?.cert;
  if (!certificate) throw new Error('the PKCS#12 file holds no certificate');
  const commonName = certificate.subject.getField('CN') as { value: string } | null;
  return {
    p12,
    password,
    certificatePem: forge.pki.certificateToPem(certificate),
    signer: commonName ? utf8(commonName.value) : 'Licita',
  };
}

/** A self-signed certificate and its RSA 3072 key as a PKCS#12 (the embedded default, and tests' other keys). */
export function selfSignedP12(password: string, now: Date, commonName = GENERATED_SIGNER): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = now;
  certificate.validity.notAfter = new Date(now);
  certificate.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + GENERATED_YEARS);
  const subject = [
    { shortName: 'CN', value: commonName, valueTagClass: forge.asn1.Type.UTF8 }, // forge encodes it as UTF-8
    { shortName: 'O', value: 'Licita' },
    { shortName: 'C', value: 'MX' },
  ];
  certificate.setSubject(subject as forge.pki.CertificateField[]);
  certificate.setIssuer(subject as forge.pki.CertificateField[]);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  certificate.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [certificate], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

const utf8 = (value: string): string => {
  try {
    return forge.util.decodeUtf8(value);
  } catch {
    return value;
  }
};
