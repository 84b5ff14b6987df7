import { at, deciderSpec, thrownBy } from '../../../test/support/decider-spec';
import {
  checkCertificateValidity,
  checkSignerRfc,
  proposalSigningMessage,
  rfcsInSubject,
  type ProposalSignature,
} from './efirma';
import { commitmentOf } from './sealing';
import { tenderDecider } from './tender.decider';
import type { OpenedProposal, ProposalSubmitted } from './tender.events';
import {
  aDirectAward,
  aDraftTender,
  aTenderOpenForProposals,
  createTender,
  DAY,
  ms,
  openProposals,
  play,
  PROPOSAL,
  stateOf,
  submitProposal,
  T,
  TENDER_ID,
} from './tender.scenarios';

const given = deciderSpec(tenderDecider);
const { A: proposalA } = PROPOSAL;
const during = ms(T.questionsDeadline, DAY);
const signed = { requireProposalSignature: true };

/** What the handler passes once EfirmaVerifier accepted the signature (the crypto is tested there). */
const aVerifiedSignature = (message: string): ProposalSignature => ({
  algorithm: 'RSASSA-PKCS1-v1_5/SHA-256',
  message,
  signature: 'c2lnbmF0dXJl',
  certificate: 'Y2VydGlmaWNhdGU=',
  signer: {
    name: 'PROVEEDORA A SA DE CV',
    rfc: 'PAA010101AB1',
    serialNumber: '30303031',
    subject: 'CN=PROVEEDORA A SA DE CV',
    issuer: 'CN=AC de pruebas',
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2029-01-01T00:00:00.000Z',
    certificateSha256: 'f'.repeat(64),
  },
  verification: {
    outcome: 'valid',
    verifiedAt: during,
    trustedIssuer: 'CN=AC de pruebas',
    checks: ['chain', 'validity', 'key_usage', 'rfc', 'signature'],
  },
});
const signatureOfA = aVerifiedSignature(
  proposalSigningMessage(TENDER_ID, proposalA.proposalId, commitmentOf(proposalA)),
);

describe('a tender that requires signed proposals', () => {
  it('is drafted with the requirement, which stays off unless the buyer sets it', () => {
    expect(stateOf(aDraftTender(signed)).content?.requireProposalSignature).toBe(true);
    expect(stateOf(aDraftTender()).content).not.toHaveProperty('requireProposalSignature');
  });

  it('cannot be a direct award', () =>
    given()
      .when(createTender({ ...aDirectAward(), ...signed }), at(T.created))
      .thenThrows('efirma.not_applicable'));

  it('refuses a proposal without a signature', () =>
    given(...aTenderOpenForProposals(signed))
      .when(submitProposal(proposalA), at(during))
      .thenThrows('efirma.required'));

  it('records the signature of a signed proposal with its signer and verification', () => {
    const [event] = tenderDecider.decide(
      submitProposal(proposalA, { signature: signatureOfA }),
      stateOf(aTenderOpenForProposals(signed)),
      at(during),
    ) as ProposalSubmitted[];
    expect(event.data.signature).toEqual(signatureOfA);
  });

  it('refuses a signature of another commitment', () => {
    const other = aVerifiedSignature(proposalSigningMessage(TENDER_ID, proposalA.proposalId, 'b'.repeat(64)));
    given(...aTenderOpenForProposals(signed))
      .when(submitProposal(proposalA, { signature: other }), at(during))
      .thenThrows('efirma.invalid_signature');
  });

  it('lists the signer of each proposal at the opening act', () => {
    const history = play(
      aTenderOpenForProposals(signed),
      submitProposal(proposalA, { signature: signatureOfA }),
      during,
    );
    const [opened] = tenderDecider.decide(openProposals([proposalA]), stateOf(history), at(T.openingDate));
    const [proposal] = (opened.data as { proposals: OpenedProposal[] }).proposals;
    expect(proposal.signer).toEqual(signatureOfA.signer);
  });
});

describe('a tender that does not require signatures', () => {
  it('accepts unsigned proposals, and records a signature when there is one', () => {
    const state = stateOf(aTenderOpenForProposals());
    const [unsigned] = tenderDecider.decide(submitProposal(proposalA), state, at(during)) as ProposalSubmitted[];
    const [withSignature] = tenderDecider.decide(
      submitProposal(proposalA, { signature: signatureOfA }),
      state,
      at(during),
    ) as ProposalSubmitted[];
    expect(unsigned.data).not.toHaveProperty('signature');
    expect(withSignature.data.signature?.signer.rfc).toBe('PAA010101AB1');
  });
});

describe('the e.firma rules', () => {
  it('reads the holder’s RFC before the " / " of x500UniqueIdentifier and serialNumber', () => {
    expect(
      rfcsInSubject({ uniqueIdentifiers: ['paa010101ab1 / HEGT761003S21'], serialNumbers: [' / HEGT761003MDFRNN09'] }),
    ).toEqual(['PAA010101AB1']);
    expect(checkSignerRfc(['PAA010101AB1'], ' paa010101ab1')).toBe('PAA010101AB1');
    expect(thrownBy(() => checkSignerRfc(['HEGT761003S21'], 'PAA010101AB1'))).toMatchObject({
      code: 'efirma.rfc_mismatch',
    });
  });

  it('takes the certificate’s validity at the submission time, both ends included', () => {
    const validity = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2029-01-01T00:00:00Z') };
    expect(() => checkCertificateValidity(validity, validity.notBefore)).not.toThrow();
    expect(() => checkCertificateValidity(validity, validity.notAfter)).not.toThrow();
    expect(thrownBy(() => checkCertificateValidity(validity, new Date('2024-12-31T23:59:59Z')))).toMatchObject({
      code: 'efirma.certificate_not_yet_valid',
    });
    expect(thrownBy(() => checkCertificateValidity(validity, new Date('2029-01-01T00:00:01Z')))).toMatchObject({
      code: 'efirma.certificate_expired',
    });
  });
});
