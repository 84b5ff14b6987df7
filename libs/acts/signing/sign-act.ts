import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import forge from 'node-forge';
import type { ActSigningKey } from './signing-key';

export type SignatureDetails = { reason: string; signingTime: Date; location?: string };

/**
 * Signs a PDF with the platform's key as `adbe.pkcs7.detached` (what PAdES basic readers check): a placeholder
 * signature dictionary is appended, then the PKCS#7 over the bytes around it is written into it. The signing
 * time is the act's, never the clock's, and RSA PKCS#1 v1.5 is deterministic: the same act signs to the same bytes.
 */
export async function signActPdf(pdf: Buffer, key: ActSigningKey, details: SignatureDetails): Promise<Buffer> {
  const prepared = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: details.reason,
    contactInfo: 'https://github.com/licita',
    name: key.signer,
    location: details.location ?? 'México',
    signingTime: details.signingTime,
    signatureLength: 16_384,
  });
  return new SignPdf().sign(prepared, new ActSigner(key), details.signingTime);
}

/**
 * P12Signer's PKCS#7, with the signer's issuer written as the certificate writes it. node-forge reads a UTF8String
 * name (`Licita — firma de actas`, or an institution's `SECRETARÍA …`) as its UTF-8 bytes and encodes them again
 * when it writes the SignerInfo, so readers (OpenSSL, Acrobat) could not find the signer's certificate.
 *
 * forge builds the SignedData; the RSA operation is node:crypto's (OpenSSL): forge's own, in JavaScript, took about
 * 100 ms of CPU per act with a 3072-bit key, blocking the event loop, and the PKCS#12 (a 3DES and PBKDF unwrap) was
 * opened again for every act. It is now opened once per key. PKCS#1 v1.5 is deterministic, so the signature is
 * byte for byte the one forge made (sign-act.spec checks it).
 */
class ActSigner extends P12Signer {
  constructor(private readonly key: ActSigningKey) {
    super(key.p12, { passphrase: key.password });
  }

  override sign(pdf: Buffer, signingTime: Date | undefined): Promise<Buffer> {
    const { rsa, certificate, certificates } = openedP12(this.key);
    const message = forge.pkcs7.createSignedData();
    message.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const each of certificates) message.addCertificate(each);
    message.addSigner({
      key: rsa as unknown as forge.pki.rsa.PrivateKey,
      certificate,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    message.sign({ detached: true });
    return Promise.resolve(Buffer.from(forge.asn1.toDer(message.toAsn1()).getBytes(), 'binary'));
  }
}

type OpenedP12 = {
  /** What forge's PKCS#7 calls on a signer's key: `sign(md)`, RSASSA-PKCS1-v1_5 over md's DigestInfo. */
  rsa: { sign(md: forge.md.MessageDigest): string };
  /** The key's certificate, its issuer decoded (see withDecodedIssuer). */
  certificate: forge.pki.Certificate;
  certificates: forge.pki.Certificate[];
};

const opened = new WeakMap<ActSigningKey, OpenedP12>();

function openedP12(key: ActSigningKey): OpenedP12 {
  let found = opened.get(key);
  if (found) return found;
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(key.p12.toString('binary')), false, key.password);
  const keyBag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
  const certificates = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).flatMap(
    (bag) => (bag.cert ? [bag.cert] : []),
  );
  const privateKey = keyBag?.key;
  const certificate = certificates.find(
    (c) => privateKey && (c.publicKey as forge.pki.rsa.PublicKey).n.equals(privateKey.n),
  );
  if (!privateKey || !certificate) throw new Error('the PKCS#12 holds no key with its certificate');
  const nodeKey = createPrivateKey(forge.pki.privateKeyToPem(privateKey));
  found = {
    rsa: { sign: (md) => rsaPkcs1v15(nodeKey, md) },
    certificate: withDecodedIssuer(certificate),
    certificates,
  };
  opened.set(key, found);
  return found;
}

/** RSASSA-PKCS1-v1_5 of a forge digest: its DigestInfo (RFC 8017 §9.2), padded as block type 1 and signed. */
export function rsaPkcs1v15(key: KeyObject, md: forge.md.MessageDigest): string {
  const digestInfo = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
      forge.asn1.create(
        forge.asn1.Class.UNIVERSAL,
        forge.asn1.Type.OID,
        false,
        forge.asn1.oidToDer(forge.pki.oids[md.algorithm]).getBytes(),
      ),
      forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''),
    ]),
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
  ]);
  const encoded = Buffer.from(forge.asn1.toDer(digestInfo).getBytes(), 'binary');
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, encoded).toString('binary');
}

/** A copy whose UTF8String issuer values are text again, so forge writes them once (the copy keeps the DER). */
function withDecodedIssuer(certificate: forge.pki.Certificate): forge.pki.Certificate {
  const attributes = certificate.issuer.attributes.map((attribute) =>
    (attribute as { valueTagClass?: number }).valueTagClass === forge.asn1.Type.UTF8
      ? { ...attribute, value: forge.util.decodeUtf8(attribute.value as string) }
      : attribute,
  );
  return { ...certificate, issuer: { ...certificate.issuer, attributes } };
}
