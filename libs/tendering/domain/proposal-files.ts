import { conflict, DomainError, notFound } from '@licita/shared';
import type { TenderState } from './tender.state';

/** Who asks for a proposal's file, as much as the rule needs to know. */
export type FileReader =
  { kind: 'anonymous' | 'system' } | { kind: 'account'; role: string; supplierId?: string; buyingUnitId?: string };

/**
 * Who may read a sealed proposal file, and when (issue #17). `own`: the supplier who sealed it, at any time (it
 * reads back what it sent). `opened`: the buying unit that runs the procedure and the auditors, only once the
 * opening act has revealed the proposal, and only a file the opened proposal names. Before the act nobody else
 * reads it (`proposal.still_sealed`); the public reads what the act publishes (names and hashes), not the files.
 */
export function proposalFileAccess(
  state: TenderState,
  proposalId: string,
  documentId: string,
  reader: FileReader,
): 'own' | 'opened' {
  const proposal = Object.hasOwn(state.proposals, proposalId) ? state.proposals[proposalId] : undefined;
  if (!proposal || !state.content) throw notFound('proposal.not_found', `there is no proposal ${proposalId}`);
  if (reader.kind === 'anonymous')
    throw new DomainError('auth.unauthenticated', 'log in as a party of the procedure', 'unauthorized');
  if (reader.kind !== 'account') throw forbidden('auth.forbidden', 'not a party of the procedure');
  if (reader.role === 'supplier' && reader.supplierId === proposal.supplierId) return 'own';
  const unitsBuyer = reader.role === 'buyer' && reader.buyingUnitId === state.content.buyingUnitId;
  if (!unitsBuyer && reader.role !== 'auditor') throw forbidden('auth.forbidden', 'not a party that may read it');
  if (state.openedAt === null || proposal.content === null)
    throw conflict('proposal.still_sealed', 'proposal files are read after the opening act', {
      openingDate: state.content.schedule?.openingDate,
    });
  if (!proposal.content.documents.some((document) => document.documentId === documentId))
    throw notFound('document.not_found', 'the opened proposal names no such document');
  return 'opened';
}

const forbidden = (code: string, message: string) => new DomainError(code, message, 'forbidden');
