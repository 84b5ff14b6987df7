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
  /**
   * A proposal file sealed for this tender (libs/documents/sealed): `sha256` and `size` are then those of the
   * ciphertext stored, and the clear file's name, type and hash are sealed inside it.
   */
  sealedFor?: { tenderId: string };
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
