import { invalid } from '@licita/shared';
import type { IsoDateTime } from './tender.types';

/**
 * e.firma (the SAT's advanced electronic signature) on sealed proposals, as pure rules: the message a supplier
 * signs, where the RFC is in a SAT certificate's subject, and the certificate's validity at `now`. The crypto
 * (signature, chain to the configured CAs) is in application/efirma-verifier.ts.
 *
 * The supplier signs the proposal's commitment, not its content: `licita|proposal|<tenderId>|<proposalId>|<commitment>`
 * in UTF-8, RSASSA-PKCS1-v1_5 with SHA-256. The commitment is public from the receipt on, so anyone can check
 * the recorded signature; and since the commitment binds the content revealed at the opening act, the signature
 * binds it too. The browser computes the same commitment because it chooses the salt (and the proposal id).
 */
export const EFIRMA_ALGORITHM = 'RSASSA-PKCS1-v1_5/SHA-256';

export const proposalSigningMessage = (tenderId: string, proposalId: string, commitment: string): string =>
  `licita|proposal|${tenderId}|${proposalId}|${commitment}`;

/** Who signed, as the certificate says: what the opening act lists. `serialNumber` is the certificate's, in hex. */
export type ProposalSigner = {
  name: string;
  rfc: string;
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: IsoDateTime;
  notAfter: IsoDateTime;
  /** Lowercase hex SHA-256 of the certificate's DER bytes. */
  certificateSha256: string;
};

/**
 * A verified e.firma signature on a proposal, as the event records it: the message, the signature and the
 * certificate (base64 DER) so anyone can verify it again, the signer, and what was checked when (`verifiedAt`:
 * the submission's time). Refused signatures are never recorded: the submission is refused with the reason.
 */
export type ProposalSignature = {
  algorithm: typeof EFIRMA_ALGORITHM;
  message: string;
  signature: string;
  certificate: string;
  signer: ProposalSigner;
  verification: {
    outcome: 'valid';
    verifiedAt: IsoDateTime;
    /** The subject of the configured CA certificate that issued the signer's certificate. */
    trustedIssuer: string;
    checks: ReadonlyArray<'signature' | 'chain' | 'validity' | 'key_usage' | 'rfc'>;
  };
};

/** OIDs of the subject attributes where the SAT writes the RFC ("RFC / CURP" or "RFC empresa / RFC representante"). */
export const X500_UNIQUE_IDENTIFIER = '2.5.4.45';
export const SERIAL_NUMBER_ATTRIBUTE = '2.5.4.5';

/**
 * The RFCs a certificate's subject names: the first part (before any " / ") of each x500UniqueIdentifier, then of
 * each serialNumber attribute, uppercased. The second part is a representative's RFC or a CURP, not the holder's.
 */
export function rfcsInSubject(attributes: { uniqueIdentifiers: string[]; serialNumbers: string[] }): string[] {
  return [...attributes.uniqueIdentifiers, ...attributes.serialNumbers]
    .map((value) => value.split('/')[0].trim().toUpperCase())
    .filter((rfc) => rfc.length > 0);
}

/** The holder's RFC if it is the supplier's, or `efirma.rfc_mismatch`. */
export function checkSignerRfc(rfcs: string[], supplierRfc: string): string {
  const expected = supplierRfc.trim().toUpperCase();
  if (rfcs.includes(expected)) return expected;
  throw invalid('efirma.rfc_mismatch', "the certificate is not the supplier's: its RFC is not the supplier's RFC", {
    certificateRfcs: rfcs,
  });
}

/** `efirma.certificate_not_yet_valid` or `efirma.certificate_expired` unless `now` is within the certificate's validity. */
export function checkCertificateValidity(validity: { notBefore: Date; notAfter: Date }, now: Date): void {
  const details = { notBefore: validity.notBefore.toISOString(), notAfter: validity.notAfter.toISOString() };
  if (now.getTime() < validity.notBefore.getTime())
    throw invalid('efirma.certificate_not_yet_valid', 'the certificate is not valid yet', details);
  if (now.getTime() > validity.notAfter.getTime())
    throw invalid('efirma.certificate_expired', 'the certificate has expired', details);
}

/**
 * Whether a proposal's recorded signature signs this very proposal: the decider's check that the handler
 * verified the message of this tender, proposal and commitment.
 */
export function signsProposal(
  signature: ProposalSignature,
  proposal: { tenderId: string; proposalId: string; commitment: string },
): boolean {
  return signature.message === proposalSigningMessage(proposal.tenderId, proposal.proposalId, proposal.commitment);
}
