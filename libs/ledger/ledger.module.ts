import { Module } from '@nestjs/common';
import { LedgerCheckpoints } from './application/ledger-checkpoints';
import { LedgerKey } from './application/ledger-key';
import { LedgerQueries } from './application/ledger-queries';
import { LedgerSealer } from './application/ledger-sealer.projection';
import { LEDGER_QUERY_HANDLERS } from './application/queries/ledger-query.handlers';
import { LedgerController } from './http/ledger.controller';

/**
 * The public ledger: the sealer (a projection chaining every event of the log), checkpoints signed with
 * LICITA_LEDGER_KEY every N events or M minutes, and the public endpoints under /api/ledger.
 */
@Module({
  controllers: [LedgerController],
  providers: [LedgerKey, LedgerSealer, LedgerCheckpoints, LedgerQueries, ...LEDGER_QUERY_HANDLERS],
  exports: [LedgerCheckpoints],
})
export class LedgerModule {}
