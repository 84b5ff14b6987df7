import { deciderSpec } from '../../../test/support/decider-spec';
import { documentDecider, PLATFORM_OWNER, type ActIssued, type IssueAct } from './document.decider';

const given = deciderSpec(documentDecider);

const act = { kind: 'opening', tenderId: 'T-1', auctionId: null, position: '42' } as const;
const issueAct = (sha256 = 'a'.repeat(64)): IssueAct => ({
  type: 'IssueAct',
  documentId: 'doc-1',
  sha256,
  size: 1234,
  mediaType: 'application/pdf',
  fileName: 'acta-apertura-T-1.pdf',
  act,
  issuedBy: 'system',
});
const actIssued = (sha256 = 'a'.repeat(64)): ActIssued => {
  const { type: _type, ...data } = issueAct(sha256);
  return { type: 'ActIssued', data };
};

describe('an act issued as a document', () => {
  it('is recorded once, by the platform', () => given().when(issueAct()).then(actIssued()));

  it('issued again (a replayed job) appends nothing', () => given(actIssued()).when(issueAct()).thenNothing());

  it('signed anew (other bytes, the same act under the same id) appends nothing either', () =>
    given(actIssued())
      .when(issueAct('b'.repeat(64)))
      .thenNothing());

  it('refuses an act under the id of an uploaded document', () =>
    given({
      type: 'DocumentUploaded',
      data: {
        documentId: 'doc-1',
        sha256: 'c'.repeat(64),
        size: 10,
        mediaType: 'application/pdf',
        fileName: 'anexo.pdf',
        uploadedBy: { accountId: 'acc-1', role: 'buyer', buyingUnitId: 'UC-1' },
      },
    })
      .when(issueAct('b'.repeat(64)))
      .thenThrows('document.already_exists'));

  it('reads as a PDF the platform owns, with its act', () =>
    expect(given().when(issueAct()).thenState().uploaded).toMatchObject({
      documentId: 'doc-1',
      mediaType: 'application/pdf',
      uploadedBy: PLATFORM_OWNER,
      act,
    }));
});
