import { Module } from '@nestjs/common';
import { ActSigning } from './application/act-signing';
import { ActSources } from './application/act-sources';
import { Acts, ACT_QUERY_HANDLERS } from './application/acts';
import { ActsController } from './http/acts.controller';

/** The signed acts (opening, ruling, auction result) and their verification, under /api. */
@Module({
  controllers: [ActsController],
  providers: [ActSigning, ActSources, Acts, ...ACT_QUERY_HANDLERS],
})
export class ActsModule {}
