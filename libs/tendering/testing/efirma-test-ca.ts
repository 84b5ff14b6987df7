import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';

/**
 * A certification authority made up for tests, never a real one: a root that issues e.firma-like certificates
 * (the RFC in x500UniqueIdentifier 2.5.4.45 as "RFC / CURP", as the SAT writes it) and the supplier's `.key`
 * (PKCS#8 encrypted with a password, PBES2 or the older pbeWithSHAAnd3-KeyTripleDES-CBC).
 */
const { subtle } = webcrypto;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export type TestCa = { certificate: x509.X509Certificate; keys: CryptoKeyPair; pem: string };

export type TestSignerCertificate = {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  /** The `.cer` as the SAT delivers it: DER. */
  der: Buffer;
  base64: string;
};

export async function aTestCa(name = 'AC de pruebas de Licita'): Promise<TestCa> {
  const keys = await subtle.generateKey(RSA, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name}, O=Licita pruebas, C=MX`,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { certificate, keys, pem: certificate.toString('pem') };
}

export type SignerOptions = {
  rfc: string;
  name?: string;
  notBefore?: string;
  notAfter?: string;
  /** Default: digitalSignature and nonRepudiation, as on an e.firma. */
  usages?: number;
  serialNumber?: string;
  /** Where the subject names the RFC: x500UniqueIdentifier (default, with the CURP) or serialNumber. */
  rfcIn?: 'x500UniqueIdentifier' | 'serialNumber';
};

/** An e.firma-like certificate issued by `ca` for the holder of `rfc`. */
export async function aSignerCertificate(ca: TestCa, options: SignerOptions): Promise<TestSignerCertificate> {
  const keys = await subtle.generateKey(RSA, true, ['sign', 'verify']);
  const name = options.name ?? 'PROVEEDORA DE PRUEBA SA DE CV';
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? '3330303031303030303030353030303031323334',
    subject: new x509.Name([
      { CN: [name] },
      { '2.5.4.41': [name] },
      { O: [name] },
      options.rfcIn === 'serialNumber'
        ? { '2.5.4.5': [options.rfc] }
        : { '2.5.4.45': [`${options.rfc} / HEGT761003S21`] },
    ]),
    issuer: ca.certificate.subject,
    notBefore: new Date(options.notBefore ?? '2025-01-01T00:00:00Z'),
    notAfter: new Date(options.notAfter ?? '2029-01-01T00:00:00Z'),
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    extensions: [
      new x509.KeyUsagesExtension(
        options.usages ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
    ],
  });
  const der = Buffer.from(certificate.rawData);
  return { certificate, keys, der, base64: der.toString('base64') };
}

/** The `.key` file of a certificate's private key: PKCS#8 DER encrypted with `password`. */
export async function aKeyFile(
  keys: CryptoKeyPair,
  password: string,
  scheme: 'pbes2' | '3des' = 'pbes2',
): Promise<Buffer> {
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey));
  const info = forge.asn1.fromDer(forge.util.createBuffer(pkcs8.toString('binary')));
  const encrypted = forge.pki.encryptPrivateKeyInfo(info, password, {
    algorithm: scheme === 'pbes2' ? 'aes256' : '3des',
    count: 2048,
  });
  return Buffer.from(forge.asn1.toDer(encrypted).getBytes(), 'binary');
}

/** RSASSA-PKCS1-v1_5 with SHA-256 of `message` in UTF-8, base64: what a supplier's browser sends. */
export async function signWith(keys: CryptoKeyPair, message: string): Promise<string> {
  const signature = await subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, new TextEncoder().encode(message));
  return Buffer.from(signature).toString('base64');
}
