import type { QueryBus } from '@nestjs/cqrs';
import { UploadedDocument } from '@licita/documents';
import { DomainError, invalid } from '@licita/shared';
import type { DocumentRef } from '../domain/tender.types';

/** The codes of each area, written out so that they can be found. */
const CODES = {
  tender: { notOwned: 'tender.document_not_owned', mismatch: 'tender.document_mismatch' },
  contract: { notOwned: 'contract.document_not_owned', mismatch: 'contract.document_mismatch' },
} as const;

/**
 * A document a tender, an answer, clarification minutes or a contract names that was uploaded
 * (POST /api/documents) must be its buying unit's (`<area>.document_not_owned`) and agree with what was stored:
 * hash and media type (`<area>.document_mismatch`). One never uploaded is kept by its metadata and hash alone.
 * Without a query bus (unit tests of a handler) nothing is checked.
 */
export async function assertUploadedDocumentsFit(
  queries: QueryBus | undefined,
  documents: DocumentRef[],
  buyingUnitId: string | undefined,
  area: keyof typeof CODES,
): Promise<void> {
  if (!queries) return;
  const codes = CODES[area];
  for (const document of documents) {
    const stored = await queries.execute(new UploadedDocument(document.documentId));
    if (!stored) continue;
    if (stored.uploadedBy.buyingUnitId === undefined || stored.uploadedBy.buyingUnitId !== buyingUnitId)
      throw new DomainError(codes.notOwned, 'the document was not uploaded by this buying unit', 'forbidden', {
        documentId: document.documentId,
      });
    if (stored.sha256 !== document.sha256 || stored.mediaType !== document.mediaType)
      throw invalid(codes.mismatch, 'the hash or media type is not that of the uploaded document', {
        documentId: document.documentId,
        sha256: stored.sha256,
        mediaType: stored.mediaType,
        size: stored.size,
      });
  }
}
