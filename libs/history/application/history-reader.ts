import { Inject, Injectable } from '@nestjs/common';
import { CommandExecutor, EVENT_STORE, type CommandContext, type EventStore } from '@licita/event-store';
import { DomainError } from '@licita/shared';
import { historicalPartyDecider, type ReviewHistoricalParty } from '../domain/party-review.decider';
import { historicalPartyStream } from '../domain/history.events';
import { historicalParties, type HistoricalPartyView } from './history-queries';
import { importReportCsv, importRowOutcomes, listImportRuns, type ImportRunView } from './import-report';

/** The import runs, their reports and the parties awaiting review, read from the log; and the review itself. */
@Injectable()
export class HistoryDesk {
  private readonly executor: CommandExecutor;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.executor = new CommandExecutor(store);
  }

  runs(): Promise<ImportRunView[]> {
    return listImportRuns(this.store);
  }

  /** The per-row report as CSV; `import.not_found` (404) for an unknown run. */
  async reportCsv(importId: string): Promise<string> {
    const rows = await importRowOutcomes(this.store, importId);
    if (!rows) throw new DomainError('import.not_found', `no import ${importId}`, 'not_found');
    return importReportCsv(rows);
  }

  parties(status: 'pending' | 'reviewed' | 'all'): Promise<HistoricalPartyView[]> {
    return historicalParties(this.store, status);
  }

  async review(command: ReviewHistoricalParty, context: CommandContext): Promise<{ changed: boolean }> {
    const outcome = await this.executor.execute(
      historicalPartyStream(command.partyId),
      historicalPartyDecider,
      command,
      context,
    );
    return { changed: outcome.events.length > 0 };
  }
}
