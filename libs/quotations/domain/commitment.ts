import { createHash } from 'node:crypto';
import { canonicalJson } from '@licita/shared';

/**
 * The commitment to a quotation: lowercase hex SHA-256 of its canonical JSON, the very rule of tender proposals
 * (libs/tendering/domain/sealing.ts `commitmentOf`, whose `sealProposal` the handler uses to seal a quotation), so
 * the decider checks an opened quotation against the commitment published at submission.
 */
export const commitmentOf = (content: unknown): string =>
  createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');

export const matchesCommitment = (content: unknown, commitment: string): boolean =>
  commitmentOf(content) === commitment;
