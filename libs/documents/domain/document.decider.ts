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
  /** An act the platform issued (`ActIssued`): which act of which procedure, at which position of the log. */
  act?: IssuedAct;
};

/**
 * An act of a procedure the platform wrote and signed (libs/acts): its kind, the tender (and, for an auction's
 * result, the auction) it belongs to, and the global position of the event that made it (the act's position).
 */
export type IssuedAct = {
  kind: 'opening' | 'ruling' | 'auction_result';
  tenderId: string;
  auctionId: string | null;
  position: string;
};

/** Who is named as a platform act's owner: the platform itself (actor `system`), no account nor party. */
export const PLATFORM_OWNER: DocumentOwner = { accountId: 'system', role: 'system' };

export type ActIssuedData = {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: 'application/pdf';
  fileName: string;
  act: IssuedAct;
  issuedBy: 'system';
};

export type DocumentUploaded = DomainEvent<'DocumentUploaded', DocumentUploadedData>;
/** The platform stored a signed act as a document of its procedure (always public: an act is). */
export type ActIssued = DomainEvent<'ActIssued', ActIssuedData>;
export type DocumentEvent = DocumentUploaded | ActIssued;

export type UploadDocument = { type: 'UploadDocument' } & DocumentUploadedData;
export type IssueAct = { type: 'IssueAct' } & ActIssuedData;
export type DocumentCommand = UploadDocument | IssueAct;

export type DocumentState = { uploaded?: DocumentUploadedData };

export const documentStream = (documentId: string) => `document-${documentId}`;

/**
 * A document is recorded once: the same upload again (a retry with its Idempotency-Key, an act issued again by a
 * replayed job, even signed anew) changes nothing; other bytes under a taken id are refused.
 */
export const documentDecider: Decider<DocumentCommand, DocumentEvent, DocumentState> = {
  initialState: () => ({}),
  decide: (command, state) => {
    if (state.uploaded?.sha256 === command.sha256) return [];
    // An act's id names what it says; signed again (another key) it is the same act, already issued.
    if (command.type === 'IssueAct' && state.uploaded?.act) return [];
    if (state.uploaded) throw new DomainError('document.already_exists', 'another document has this id', 'conflict');
    if (command.type === 'IssueAct') {
      const { type: _type, ...data } = command;
      return [{ type: 'ActIssued', data }];
    }
    const { type: _type, ...data } = command;
    return [{ type: 'DocumentUploaded', data }];
  },
  evolve: (state, event) => {
    if (event.type === 'DocumentUploaded') return { uploaded: event.data };
    if (event.type === 'ActIssued') {
      const { issuedBy: _by, ...data } = event.data;
      return { uploaded: { ...data, uploadedBy: PLATFORM_OWNER } };
    }
    return state;
  },
};
