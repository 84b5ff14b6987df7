import { DomainError, type Decider, type DomainEvent } from '@licita/shared';

/** The party a document belongs to: the uploader's account and the supplier or buying unit it acts for. */
export type DocumentOwner = { accountId: string; role: string; supplierId?: string; buyingUnitId?: string };

export type DocumentUploadedData = {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
  uploadedBy: DocumentOwner;
};

export type DocumentUploaded = DomainEvent<'DocumentUploaded', DocumentUploadedData>;
export type DocumentEvent = DocumentUploaded;

export type UploadDocument = { type: 'UploadDocument' } & DocumentUploadedData;

export type DocumentState = { uploaded?: DocumentUploadedData };

export const documentStream = (documentId: string) => `document-${documentId}`;

/**
 * A document is recorded once: the same upload again (a retry with its Idempotency-Key) changes nothing; other
 * bytes under a taken id are refused.
 */
export const documentDecider: Decider<UploadDocument, DocumentEvent, DocumentState> = {
  initialState: () => ({}),
  decide: (command, state) => {
    const { type: _type, ...data } = command;
    if (!state.uploaded) return [{ type: 'DocumentUploaded', data }];
    if (state.uploaded.sha256 === data.sha256) return [];
    throw new DomainError('document.already_exists', 'another document has this id', 'conflict');
  },
  evolve: (state, event) => (event.type === 'DocumentUploaded' ? { uploaded: event.data } : state),
};
