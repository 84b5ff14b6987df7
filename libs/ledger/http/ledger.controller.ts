import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import {
  LedgerCheckpointPage,
  LedgerConsistencyProof,
  LedgerExport,
  LedgerInclusionProof,
  LedgerSigningKey,
  LedgerStreamEntries,
} from '../application/queries/ledger.queries';
import { CheckpointsQuery, ConsistencyQuery, ExportQuery, ProofQuery, StreamQuery } from './ledger.dto';
import { CACHE, Cached } from '@licita/platform';

/**
 * The public ledger, for anyone and for `npm run ledger:verify`: the signing key, the signed checkpoints,
 * inclusion and consistency proofs (RFC 9162), and the export of every event's public form with its hashes.
 */
@ApiTags('ledger')
@Controller('api/ledger')
export class LedgerController {
  constructor(private readonly queries: QueryBus) {}

  @Get('key')
  @Cached(CACHE.reference)
  @ApiOkResponse({
    description:
      'The Ed25519 public key that signs checkpoints: base64 DER SubjectPublicKeyInfo, PEM, and its id (SHA-256 of the DER)',
  })
  @ApiNotFoundResponse({ description: '`ledger.no_signing_key` when LICITA_LEDGER_KEY is not configured' })
  key() {
    return this.queries.execute(new LedgerSigningKey());
  }

  @Get('checkpoints')
  @Cached(CACHE.feed)
  @ApiOkResponse({
    description:
      'Signed checkpoints by increasing tree size; `next` is the `after` of the next page (null: the last page)',
  })
  checkpoints(@Query() query: CheckpointsQuery) {
    return this.queries.execute(new LedgerCheckpointPage(query.after ?? 0, query.limit ?? 100));
  }

  @Get('proof')
  @Cached(CACHE.feed)
  @ApiOkResponse({
    description:
      'The event at `position` (its public form and leaf hash), its audit path and the signed checkpoint it leads to',
  })
  @ApiNotFoundResponse({
    description:
      '`ledger.not_sealed`, `ledger.no_checkpoint`, `ledger.checkpoint_not_found`, `ledger.not_in_checkpoint`',
  })
  proof(@Query() query: ProofQuery) {
    return this.queries.execute(new LedgerInclusionProof(BigInt(query.position), query.checkpoint));
  }

  @Get('consistency')
  @Cached(CACHE.reference) // between two given checkpoints: never changes
  @ApiOkResponse({
    description: 'The consistency proof that checkpoint `to` extends checkpoint `from`, with both checkpoints',
  })
  @ApiNotFoundResponse({ description: '`ledger.checkpoint_not_found`' })
  consistency(@Query() query: ConsistencyQuery) {
    return this.queries.execute(new LedgerConsistencyProof(query.from, query.to));
  }

  @Get('export')
  @Cached(CACHE.feed)
  @ApiOkResponse({
    description:
      'Sealed events in global order with public form, leaf and chain hash (and revealed drafts); `next` pages on (null: the end)',
  })
  export(@Query() query: ExportQuery) {
    return this.queries.execute(new LedgerExport(BigInt(query.after ?? '0'), query.limit ?? 1_000));
  }

  @Get('events')
  @Cached(CACHE.feed)
  @ApiOkResponse({
    description:
      'The sealed events of one public stream (tender-<id>), for a procedure timeline; each checkable with /proof',
  })
  @ApiNotFoundResponse({ description: '`ledger.stream_not_found` (unknown, or a private stream)' })
  events(@Query() query: StreamQuery) {
    return this.queries.execute(new LedgerStreamEntries(query.stream));
  }
}
