import { Module } from '@nestjs/common';
import { ActSigning } from './application/act-signing';
import { ActSources } from './application/act-sources';
import { Acts, ACT_QUERY_HANDLERS } from './application/acts';
import { IssueActHandler, IssueActJob } from './application/issue-act';
import { ActIssuanceSchedule } from './projections/act-issuance.schedule';
import { ActsController } from './http/acts.controller';

/**
 * The signed acts (opening, ruling, auction result) and their verification, under /api; and their issuance as
 * documents of the procedure (ActIssuanceSchedule → IssueAct jobs → IssueActDocument).
 */
@Module({
  controllers: [ActsController],
  providers: [ActSigning, ActSources, Acts, ...ACT_QUERY_HANDLERS, ActIssuanceSchedule, IssueActJob, IssueActHandler],
})
export class ActsModule {}
