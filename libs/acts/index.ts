/**
 * The acts context: the acts the platform writes (the opening act, the ruling, a reverse auction's result) as
 * PDFs signed with the platform's key (`adbe.pkcs7.detached`), and their verification; each act, once held, is
 * issued as a document of its procedure by a durable process (ActIssuanceSchedule → IssueAct → the documents'
 * IssueActDocument, `ActIssued`). It reads the tender and auction it documents through the query bus and the log
 * (for the act event's position), never showing more than the public may read at that moment. Downstream of
 * tendering and auctions.
 */
export { ActsModule } from './acts.module';
export {
  AuctionResultPdf,
  OpeningActPdf,
  RulingActPdf,
  VerifyActPdf,
  type SignedAct,
} from './application/acts.queries';
export { actDocumentId, IssueAct, type ActIssuance } from './application/issue-act';
export { ActIssuanceSchedule } from './projections/act-issuance.schedule';
export type { Act, AuctionResultAct, OpeningAct, RulingAct } from './domain/act.types';
export { formatPesos } from './domain/pesos';
/** Rendering, signing and verifying (pdfkit, @signpdf, node-forge: about 1 s of start-up), loaded on first use. */
export const actPdfTools = () => import('./pdf');
export type { ActSigningKey } from './signing/signing-key';
export type { ActVerification } from './signing/verify-act';
