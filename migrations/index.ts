import { CreateGovernmentTree1796659142100 } from './1796659142100-CreateGovernmentTree';
import { CreateEventStore1763856000000 } from './1763856000000-CreateEventStore';
import { CreateContractExecution1796650704652 } from './1796650704652-CreateContractExecution';
import { CreateContractExecutionTerms1796659214279 } from './1796659214279-CreateContractExecutionTerms';
import { RecordTheDeploymentMode1796619271834 } from './1796619271834-RecordTheDeploymentMode';
import { CreateProjectionCheckpoints1763856000100 } from './1763856000100-CreateProjectionCheckpoints';
import { CreateSocketIoAttachments1763856000200 } from './1763856000200-CreateSocketIoAttachments';
import { CreateClassifierReadModel1763856100000 } from './1763856100000-CreateClassifierReadModel';
import { CreateIdempotencyKeys1763856200000 } from './1763856200000-CreateIdempotencyKeys';
import { CreateScheduledCommands1763856210000 } from './1763856210000-CreateScheduledCommands';
import { CreateBuyingUnitsReadModel1763856220000 } from './1763856220000-CreateBuyingUnitsReadModel';
import { CreateSupplierRegisterReadModels1763856230000 } from './1763856230000-CreateSupplierRegisterReadModels';
import { CreateTenderingTables1763856300000 } from './1763856300000-CreateTenderingTables';
import { CreateLedger1763856600000 } from './1763856600000-CreateLedger';
import { CreateOcdsReleases1763856500000 } from './1763856500000-CreateOcdsReleases';
import { CreateTransparencyReadModels1763856400000 } from './1763856400000-CreateTransparencyReadModels';
import { CreateClassifierTenderUsage1763856410000 } from './1763856410000-CreateClassifierTenderUsage';
import { SplitTransparencyTimelineAndOpenings1763856420000 } from './1763856420000-SplitTransparencyTimelineAndOpenings';
import { LeaveRoomForClassifierUsageUpdates1763856430000 } from './1763856430000-LeaveRoomForClassifierUsageUpdates';
import { SplitTransparencyTenderContent1763856440000 } from './1763856440000-SplitTransparencyTenderContent';
import { CountClassifierUsageByDeltas1763856650000 } from './1763856650000-CountClassifierUsageByDeltas';
import { StoreTenderViewsAsJson1763856660000 } from './1763856660000-StoreTenderViewsAsJson';
import { StoreOcdsProcessStateAsJson1763856670000 } from './1763856670000-StoreOcdsProcessStateAsJson';
import { IndexTransparencySearchByStatusAndWords1763856680000 } from './1763856680000-IndexTransparencySearchByStatusAndWords';
import { StoreTransparencyItemCodes1763856690000 } from './1763856690000-StoreTransparencyItemCodes';
import { CreateProjectionDeferredIndexes1763856700000 } from './1763856700000-CreateProjectionDeferredIndexes';
import { StoreTransparencyDocumentsAsJson1763856710000 } from './1763856710000-StoreTransparencyDocumentsAsJson';
import { GateTheFrontierOnAppendsOnly1763856720000 } from './1763856720000-GateTheFrontierOnAppendsOnly';
import { CreateRateLimitCounters1763856730000 } from './1763856730000-CreateRateLimitCounters';
import { CreateLoginFailuresAndSecurityEvents1764900100000 } from './1764900100000-CreateLoginFailuresAndSecurityEvents';
import { AppendThroughTheOwnersFunction1764900300000 } from './1764900300000-AppendThroughTheOwnersFunction';
import { StoreTimelineStepsInEnglish1764900400000 } from './1764900400000-StoreTimelineStepsInEnglish';
import { CreateSupplierProposals1765000100000 } from './1765000100000-CreateSupplierProposals';
import { CreateAccounts1765000200000 } from './1765000200000-CreateAccounts';
import { CreateCalendarDates1796608519098 } from './1796608519098-CreateCalendarDates';
import { CreateAlerts1796608580599 } from './1796608580599-CreateAlerts';
import { CreateMarketResearch1796648529439 } from './1796648529439-CreateMarketResearch';
import { IndexPendingScheduledCommandsByKeyPrefix1796700512000 } from './1796700512000-IndexPendingScheduledCommandsByKeyPrefix';

import { SearchClassifierInSpanish1796609249297 } from './1796609249297-SearchClassifierInSpanish';

import { IndexTransparencySearchFilters1796608516831 } from './1796608516831-IndexTransparencySearchFilters';
import { IndexTransparencyTendersByType1796613317928 } from './1796613317928-IndexTransparencyTendersByType';
import { ShowImportedHistoryInTransparency1796619279057 } from './1796619279057-ShowImportedHistoryInTransparency';
import { AppendSeveralStreamsInOneStatement1796623247565 } from './1796623247565-AppendSeveralStreamsInOneStatement';
import { CreatePlanningReadModels1796648439024 } from './1796648439024-CreatePlanningReadModels';
import { CountMultiYearContractsPerFiscalYear1796661156642 } from './1796661156642-CountMultiYearContractsPerFiscalYear';
import { FilterProceduresByFeature1796661648423 } from './1796661648423-FilterProceduresByFeature';
import { NotifyProjectionCheckpoints1796669238136 } from './1796669238136-NotifyProjectionCheckpoints';
import { CheaperAppendGuarantees1796671510923 } from './1796671510923-CheaperAppendGuarantees';
import { CreateQuotationReadModels1796648550673 } from './1796648550673-CreateQuotationReadModels';
import { CreateFrameworkAgreements1796648653392 } from './1796648653392-CreateFrameworkAgreements';

/**
 * Every migration, oldest first. Add yours at the end: `<timestamp>-<WhatItDoes>.ts` exporting a class
 * `<WhatItDoes><timestamp>` with a `name` equal to the class name. Applied at start-up and by
 * `npm run migrations:run`, one process at a time.
 */
export const ALL_MIGRATIONS = [
  CreateEventStore1763856000000,
  CreateProjectionCheckpoints1763856000100,
  CreateSocketIoAttachments1763856000200,
  CreateClassifierReadModel1763856100000,
  CreateIdempotencyKeys1763856200000,
  CreateScheduledCommands1763856210000,
  CreateBuyingUnitsReadModel1763856220000,
  CreateSupplierRegisterReadModels1763856230000,
  CreateTenderingTables1763856300000,
  CreateTransparencyReadModels1763856400000,
  CreateClassifierTenderUsage1763856410000,
  SplitTransparencyTimelineAndOpenings1763856420000,
  LeaveRoomForClassifierUsageUpdates1763856430000,
  SplitTransparencyTenderContent1763856440000,
  CreateOcdsReleases1763856500000,
  CreateLedger1763856600000,
  CountClassifierUsageByDeltas1763856650000,
  StoreTenderViewsAsJson1763856660000,
  StoreOcdsProcessStateAsJson1763856670000,
  IndexTransparencySearchByStatusAndWords1763856680000,
  StoreTransparencyItemCodes1763856690000,
  CreateProjectionDeferredIndexes1763856700000,
  StoreTransparencyDocumentsAsJson1763856710000,
  GateTheFrontierOnAppendsOnly1763856720000,
  CreateRateLimitCounters1763856730000,
  CreateLoginFailuresAndSecurityEvents1764900100000,
  AppendThroughTheOwnersFunction1764900300000,
  StoreTimelineStepsInEnglish1764900400000,
  CreateSupplierProposals1765000100000,
  CreateAccounts1765000200000,
  CreateCalendarDates1796608519098,
  CreateAlerts1796608580599,

  SearchClassifierInSpanish1796609249297,

  IndexTransparencySearchFilters1796608516831,
  IndexTransparencyTendersByType1796613317928,
  ShowImportedHistoryInTransparency1796619279057,
  RecordTheDeploymentMode1796619271834,
  AppendSeveralStreamsInOneStatement1796623247565,
  CreatePlanningReadModels1796648439024,
  CreateMarketResearch1796648529439,
  CreateQuotationReadModels1796648550673,
  CreateFrameworkAgreements1796648653392,
  CreateContractExecution1796650704652,
  CreateGovernmentTree1796659142100,
  CreateContractExecutionTerms1796659214279,
  CountMultiYearContractsPerFiscalYear1796661156642,
  FilterProceduresByFeature1796661648423,
  NotifyProjectionCheckpoints1796669238136,
  CheaperAppendGuarantees1796671510923,
  IndexPendingScheduledCommandsByKeyPrefix1796700512000,
];
