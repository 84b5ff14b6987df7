import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
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
  const signer = new P12Signer(key.p12, { passphrase: key.password });
  return new SignPdf().sign(prepared, signer, details.signingTime);
}
