import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PublishedKey } from '../ledger-key';
import {
  LedgerQueries,
  type CheckpointedConsistencyProof,
  type CheckpointPage,
  type ExportPage,
  type InclusionProof,
  type StreamEntries,
} from '../ledger-queries';
import {
  LedgerCheckpointPage,
  LedgerConsistencyProof,
  LedgerExport,
  LedgerInclusionProof,
  LedgerSigningKey,
  LedgerStreamEntries,
} from './ledger.queries';

@QueryHandler(LedgerSigningKey)
export class LedgerSigningKeyHandler implements IQueryHandler<LedgerSigningKey> {
  constructor(private readonly ledger: LedgerQueries) {}

  execute(): Promise<PublishedKey> {
    return Promise.resolve().then(() => this.ledger.publicKey());
  }
}

@QueryHandler(LedgerCheckpointPage)
export class LedgerCheckpointPageHandler implements IQueryHandler<LedgerCheckpointPage> {
  constructor(private readonly ledger: LedgerQueries) {}

  execute({ after, limit }: LedgerCheckpointPage): Promise<CheckpointPage> {
    return this.ledger.checkpoints(after, limit);
  }
}

@QueryHandler(LedgerInclusionProof)
export class LedgerInclusionProofHandler implements IQueryHandler<LedgerInclusionProof> {
  constructor(private readonly ledger: LedgerQueries) {}

  execute({ position, treeSize }: LedgerInclusionProof): Promise<InclusionProof> {
    return this.ledger.inclusionProof(position, treeSize);
  }
}

@QueryHandler(LedgerConsistencyProof)
export class LedgerConsistencyProofHandler implements IQueryHandler<LedgerConsistencyProof> {
  constructor(private readonly ledger: LedgerQueries) {}

  execute({ from, to }: LedgerConsistencyProof): Promise<CheckpointedConsistencyProof> {
    return this.ledger.consistencyProof(from, to);
  }
}

@QueryHandler(LedgerExport)
export class LedgerExportHandler implements IQueryHandler<LedgerExport> {
  constructor(private readonly ledger: LedgerQueries) {}

  execute({ after, limit }: LedgerExport): Promise<ExportPage> {
    return this.ledger.export(after, limit);
  }
}

@QueryHandler(LedgerStreamEntries)
export class LedgerStreamEntriesHandler implements IQueryHandler<LedgerStreamEntries> {
  constructor(private readonly ledger: LedgerQueries) {}

  execute({ streamId }: LedgerStreamEntries): Promise<StreamEntries> {
    return this.ledger.streamEntries(streamId);
  }
}

export const LEDGER_QUERY_HANDLERS = [
  LedgerSigningKeyHandler,
  LedgerCheckpointPageHandler,
  LedgerInclusionProofHandler,
  LedgerConsistencyProofHandler,
  LedgerExportHandler,
  LedgerStreamEntriesHandler,
];
