import { createHash, verify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** What `verifyActPdf` found: `valid` only when every byte is covered, unchanged and signed by the trusted key. */
export type ActVerification = {
  valid: boolean;
  /** The signing certificate's common name. */
  signer: string | null;
  /** The signing time of the signature (the act's time), ISO 8601. */
  signedAt: string | null;
  /** The signature dictionary's reason (which act). */
  reason: string | null;
  /** Why it is not valid. */
  problem?: string;
  /** SHA-256 of the signing certificate (DER), hex: compare it with the platform's. */
  certificateSha256?: string;
};

export type VerifyOptions = {
  /** When given, a signature by any other certificate is not valid (another key signed it). */
  trustedCertificatePem?: string;
};

const OIDS = { messageDigest: forge.pki.oids.messageDigest, signingTime: forge.pki.oids.signingTime };
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/**
 * Checks a signed act without trusting anything in it but the certificate it carries (or the one given): the
 * ByteRange must cover the whole file but the signature's hex, the PKCS#7's message digest must be the SHA-256
 * of those bytes, and its signature over the signed attributes must check with the certificate's key.
 */
export function verifyActPdf(pdf: Buffer, options: VerifyOptions = {}): ActVerification {
  const unsigned = { valid: false, signer: null, signedAt: null, reason: null };
  const ranges = [...pdf.toString('latin1').matchAll(BYTE_RANGE)];
  if (ranges.length === 0) return { ...unsigned, problem: 'the PDF has no signature' };
  if (ranges.length > 1) return { ...unsigned, problem: 'the PDF has more than one signature' };
  const [a, b, c, d] = ranges[0].slice(1).map(Number);
  if (a !== 0 || b >= c || c + d !== pdf.length)
    return { ...unsigned, problem: 'the signature does not cover the whole file (something was added or cut)' };
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  try {
    return {
      reason: reasonOf(signed.toString('latin1')),
      ...checkPkcs7(pdf.subarray(b, c), signed, options),
    };
  } catch (error) {
    return { ...unsigned, problem: `the signature cannot be read: ${(error as Error).message}` };
  }
}

function checkPkcs7(contents: Buffer, signed: Buffer, options: VerifyOptions): Omit<ActVerification, 'reason'> {
  const der = signatureDer(contents.toString('latin1'));
  const message = forge.pkcs7.messageFromAsn1(
    forge.asn1.fromDer(der.toString('binary')),
  ) as forge.pkcs7.PkcsSignedData & { rawCapture: RawCapture };
  const { authenticatedAttributes, signature } = message.rawCapture;
  const attributes = attributeValues(authenticatedAttributes);
  const certificate = message.certificates[0];
  const certificateDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  const common = {
    signer: (certificate.subject.getField('CN') as { value: string } | null)?.value ?? null,
    signedAt: attributes.signingTime?.toISOString() ?? null,
    certificateSha256: createHash('sha256').update(certificateDer).digest('hex'),
  };
  if (common.signer) common.signer = forge.util.decodeUtf8(common.signer);
  const digest = createHash('sha256').update(signed).digest();
  if (!attributes.messageDigest?.equals(digest))
    return { ...common, valid: false, problem: 'the signed bytes were changed (their digest does not match)' };
  const signedAttributes = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.SET,
    true,
    authenticatedAttributes,
  );
  const attributesDer = Buffer.from(forge.asn1.toDer(signedAttributes).getBytes(), 'binary');
  const publicKey = new X509Certificate(certificateDer).publicKey;
  if (!verify('sha256', attributesDer, publicKey, Buffer.from(signature, 'binary')))
    return { ...common, valid: false, problem: 'the signature does not match the certificate' };
  if (options.trustedCertificatePem && !sameCertificate(options.trustedCertificatePem, certificateDer))
    return { ...common, valid: false, problem: 'signed by a certificate other than the platform’s' };
  return { ...common, valid: true };
}

/** The PKCS#7 in the `<hex>` of /Contents; the padding after it must be zeros, or a byte outside the signature changed. */
function signatureDer(contents: string): Buffer {
  if (!/^<[0-9a-fA-F]*>$/.test(contents)) throw new Error('/Contents is not a hex string');
  const bytes = Buffer.from(contents.slice(1, -1), 'hex');
  const length = derLength(bytes);
  if (bytes.subarray(length).some((byte) => byte !== 0)) throw new Error('bytes after the PKCS#7 were changed');
  return bytes.subarray(0, length);
}

/** The whole length of the DER element at the start of `bytes` (tag, length octets, content). */
function derLength(bytes: Buffer): number {
  const first = bytes[1];
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  if (octets < 1 || octets > 4) throw new Error('the PKCS#7 has an impossible length');
  return 2 + octets + bytes.subarray(2, 2 + octets).reduce((length, byte) => length * 256 + byte, 0);
}

type RawCapture = { authenticatedAttributes: forge.asn1.Asn1[]; signature: string };

function attributeValues(attributes: forge.asn1.Asn1[]): { messageDigest?: Buffer; signingTime?: Date } {
  const found: { messageDigest?: Buffer; signingTime?: Date } = {};
  for (const attribute of attributes) {
    const [oid, set] = attribute.value as forge.asn1.Asn1[];
    const type = forge.asn1.derToOid(oid.value as string);
    const value = (set.value as forge.asn1.Asn1[])[0];
    if (type === OIDS.messageDigest) found.messageDigest = Buffer.from(value.value as string, 'binary');
    if (type === OIDS.signingTime)
      found.signingTime =
        value.type === forge.asn1.Type.UTCTIME
          ? forge.asn1.utcTimeToDate(value.value as string)
          : forge.asn1.generalizedTimeToDate(value.value as string);
  }
  return found;
}

const sameCertificate = (pem: string, der: Buffer): boolean => new X509Certificate(pem).raw.equals(der);

/** The last `/Reason (…)` of the signed bytes (the signature dictionary's): a PDF literal string, UTF-16BE when it starts with a BOM. */
function reasonOf(head: string): string | null {
  const at = head.lastIndexOf('/Reason');
  if (at < 0) return null;
  const literal = /^\/Reason\s*\(((?:\\.|[^\\)])*)\)/s.exec(head.slice(at));
  if (!literal) return null;
  const raw = literal[1].replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, escaped: string) => unescape(escaped));
  const bytes = Buffer.from(raw, 'latin1');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
  return raw;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
const unescape = (escaped: string): string => ESCAPES[escaped] ?? String.fromCharCode(parseInt(escaped, 8));
