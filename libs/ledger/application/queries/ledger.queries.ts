import { Query } from '@nestjs/cqrs';
import type { PublishedKey } from '../ledger-key';
import type {
  CheckpointedConsistencyProof,
  CheckpointPage,
  ExportPage,
  InclusionProof,
  StreamEntries,
} from '../ledger-queries';

/** The Ed25519 public key that signs checkpoints (`ledger.no_signing_key` when none is configured). */
export class LedgerSigningKey extends Query<PublishedKey> {}

/** Signed checkpoints by increasing tree size, after `after`. */
export class LedgerCheckpointPage extends Query<CheckpointPage> {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

/** That the event at `position` is in the tree a checkpoint signed (the latest unless `treeSize` says which). */
export class LedgerInclusionProof extends Query<InclusionProof> {
  constructor(
    readonly position: bigint,
    readonly treeSize?: number,
  ) {
    super();
  }
}

/** That checkpoint `to` extends checkpoint `from` (RFC 9162 §2.1.4). */
export class LedgerConsistencyProof extends Query<CheckpointedConsistencyProof> {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}

/** Sealed events after a global position, with public form, leaf and chain hash. */
export class LedgerExport extends Query<ExportPage> {
  constructor(
    readonly after: bigint,
    readonly limit: number,
  ) {
    super();
  }
}

/** The sealed events of one public stream (`ledger.stream_not_found`). */
export class LedgerStreamEntries extends Query<StreamEntries> {
  constructor(readonly streamId: string) {
    super();
  }
}
