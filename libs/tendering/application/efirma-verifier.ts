import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first, even outside Nest
import { constants, createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type * as X509 from '@peculiar/x509';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { conflict, invalid } from '@licita/shared';
import {
  checkCertificateValidity,
  checkSignerRfc,
  EFIRMA_ALGORITHM,
  rfcsInSubject,
  SERIAL_NUMBER_ATTRIBUTE,
  X500_UNIQUE_IDENTIFIER,
  type ProposalSignature,
} from '../domain/efirma';

/** What a supplier's browser sends with a signed proposal: both base64. */
export type EfirmaInput = { certificate: string; signature: string };

/** `supplierRfc`: the RFC the certificate must name; absent, the holder's RFC is recorded as the certificate names it. */
export type EfirmaCheck = EfirmaInput & { message: string; supplierRfc?: string; now: Date };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
let loaded: typeof X509 | undefined;

/**
 * @peculiar/x509 (with its ASN.1 schemas, about half a second of start-up), required when a certificate is first
 * read: at start only where EFIRMA_CA_CERTS is set, else at the first signed proposal.
 */
function x509(): typeof X509 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('@peculiar/x509') as typeof X509;
  return loaded;
}

/**
 * Verifies e.firma signatures against the CA certificates of EFIRMA_CA_CERTS (read once, at start): the
 * certificate parses, was issued (and signed) by one of them, is valid at the submission's `now` (the injected
 * clock), may sign (key usage digitalSignature or nonRepudiation), names the supplier's RFC, and its RSA key
 * verifies the signature of the message. Each refusal has its own code (422); no CA configured: 409
 * `efirma.not_configured`. Every configured certificate is a trust anchor (the SAT's roots and its issuing
 * ACs alike). Revocation (OCSP) is not checked.
 */
@Injectable()
export class EfirmaVerifier {
  private readonly authorities: X509.X509Certificate[];

  constructor(@Inject(LICITA_CONFIG) config: Pick<LicitaConfig, 'efirmaCaCerts'>) {
    this.authorities = (config.efirmaCaCerts ?? []).flatMap((path) => certificatesIn(readFileSync(path), path));
  }

  get configured(): boolean {
    return this.authorities.length > 0;
  }

  /** `efirma.not_configured` unless signatures can be verified here. */
  assertConfigured(): void {
    if (!this.configured)
      throw conflict('efirma.not_configured', 'e.firma signatures cannot be verified: no CA certificate is configured');
  }

  async verify(check: EfirmaCheck): Promise<ProposalSignature> {
    this.assertConfigured();
    const certificate = parseCertificate(check.certificate);
    const issuer = await this.issuerOf(certificate);
    checkCertificateValidity(certificate, check.now);
    checkKeyUsage(certificate);
    const rfcs = rfcsInSubject({
      uniqueIdentifiers: certificate.subjectName.getField(X500_UNIQUE_IDENTIFIER),
      serialNumbers: certificate.subjectName.getField(SERIAL_NUMBER_ATTRIBUTE),
    });
    const rfc = check.supplierRfc === undefined ? holderRfc(rfcs) : checkSignerRfc(rfcs, check.supplierRfc);
    checkSignature(rsaKeyOf(certificate), check.message, check.signature);
    const der = Buffer.from(certificate.rawData);
    return {
      algorithm: EFIRMA_ALGORITHM,
      message: check.message,
      signature: check.signature,
      certificate: der.toString('base64'),
      signer: {
        name: holderName(certificate),
        rfc,
        serialNumber: certificate.serialNumber.toLowerCase(),
        subject: certificate.subject,
        issuer: certificate.issuer,
        notBefore: certificate.notBefore.toISOString(),
        notAfter: certificate.notAfter.toISOString(),
        certificateSha256: createHash('sha256').update(der).digest('hex'),
      },
      verification: {
        outcome: 'valid',
        verifiedAt: check.now.toISOString(),
        trustedIssuer: issuer.subject,
        checks: [
          'chain',
          'validity',
          'key_usage',
          ...(check.supplierRfc === undefined ? [] : ['rfc' as const]),
          'signature',
        ],
      },
    };
  }

  /** The configured CA certificate that issued and signed `certificate`, or `efirma.untrusted_certificate`. */
  private async issuerOf(certificate: X509.X509Certificate): Promise<X509.X509Certificate> {
    for (const authority of this.authorities) {
      if (authority.subject !== certificate.issuer) continue;
      if (await certificate.verify({ publicKey: authority, signatureOnly: true }).catch(() => false)) return authority;
    }
    throw invalid(
      'efirma.untrusted_certificate',
      'the certificate was not issued by a configured certification authority',
      {
        issuer: certificate.issuer,
      },
    );
  }
}

/** Every certificate of a PEM file (one or more blocks) or the one of a DER file; a start-up error otherwise. */
export function certificatesIn(bytes: Buffer, source: string): X509.X509Certificate[] {
  const text = bytes.toString('latin1');
  try {
    if (!text.includes('-----BEGIN CERTIFICATE-----')) return [new (x509().X509Certificate)(new Uint8Array(bytes))];
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((pem) => new (x509().X509Certificate)(pem));
  } catch (error) {
    throw new Error(`EFIRMA_CA_CERTS: ${source} holds no readable X.509 certificate (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function parseCertificate(base64: string): X509.X509Certificate {
  const malformed = (reason: string) =>
    invalid('efirma.malformed_certificate', `the certificate is not a DER X.509 certificate in base64 (${reason})`);
  if (typeof base64 !== 'string' || !BASE64.test(base64)) throw malformed('not base64');
  try {
    return new (x509().X509Certificate)(Buffer.from(base64, 'base64'));
  } catch (error) {
    throw malformed((error as Error).message);
  }
}

/** The RFC the certificate's subject names first (its holder's), when no particular RFC is expected. */
function holderRfc(rfcs: string[]): string {
  if (rfcs.length > 0) return rfcs[0];
  throw invalid('efirma.rfc_mismatch', 'the certificate names no RFC', { certificateRfcs: rfcs });
}

function rsaKeyOf(certificate: X509.X509Certificate): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType === 'rsa') return key;
  } catch {
    // an unreadable key is refused below like a key of another kind
  }
  throw invalid('efirma.malformed_certificate', 'an e.firma certificate holds an RSA public key');
}

function checkKeyUsage(certificate: X509.X509Certificate): void {
  const usage = certificate.getExtension(x509().KeyUsagesExtension);
  const { KeyUsageFlags } = x509();
  if (usage === null || (usage.usages & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)) === 0)
    throw invalid(
      'efirma.invalid_key_usage',
      'the certificate may not sign (key usage digitalSignature or nonRepudiation)',
    );
}

function checkSignature(key: KeyObject, message: string, signature: string): void {
  if (!(typeof signature === 'string' && BASE64.test(signature) && verifies(key, message, signature)))
    throw invalid('efirma.invalid_signature', 'the signature does not verify for this proposal and certificate');
}

/** Whether the RSA key verifies the PKCS#1 v1.5 SHA-256 signature; bytes OpenSSL cannot even parse do not. */
function verifies(key: KeyObject, message: string, signature: string): boolean {
  try {
    const options = { key, padding: constants.RSA_PKCS1_PADDING };
    return verifySignature('sha256', Buffer.from(message, 'utf8'), options, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The holder's name: the subject's name (2.5.4.41) or common name, as the SAT writes them. */
function holderName(certificate: X509.X509Certificate): string {
  const [name] = [...certificate.subjectName.getField('2.5.4.41'), ...certificate.subjectName.getField('CN')];
  return name ?? certificate.subject;
}
