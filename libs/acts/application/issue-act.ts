import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IssueActDocument, type IssuedAct } from '@licita/documents';
import type { CommandContext } from '@licita/event-store';
import { RegisterScheduledCommandHandler, type ScheduledJob, type ScheduledJobCommand } from '@licita/scheduling';
import { DomainError } from '@licita/shared';
import { DataSource } from 'typeorm';
import { ISSUE_ACT, type ActJobPayload } from '../projections/act-issuance.schedule';
import { Acts } from './acts';
import type { SignedAct } from './acts.queries';

/** The read model the acts are rendered from (TenderById); a job waits for it to have seen the act's event. */
const TENDER_VIEWS = 'tender-views';
const READ_MODEL_WAIT_MS = 5_000;

/**
 * The id of an act's document: derived from the act (kind, procedure or auction), its event's position and what
 * it says (the SHA-256 of the PDF before signing), so issuing the same act again names the same document
 * (nothing new is appended, even if the signing key changed meanwhile), and a new version of an act (the opening
 * act once an auction makes its offers public) is a new document. UUID-shaped (version 8).
 */
export function actDocumentId(
  act: Pick<IssuedAct, 'kind' | 'tenderId' | 'auctionId' | 'position'>,
  contentSha256: string,
): string {
  const hex = createHash('sha256')
    .update(`act|${act.kind}|${act.auctionId ?? act.tenderId}|${act.position}|${contentSha256}`)
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What one IssueAct run did: the document issued (or found already issued), or nothing yet to issue. */
export type ActIssuance = { documentId: string; sha256: string; issued: boolean } | null;

/**
 * The platform issues an act as a document of its procedure: renders and signs it as the public may read it at
 * the command's time (`context.now`), then stores and records it through the documents context
 * (`IssueActDocument` → `ActIssued` in `document-<id>`). Sent by the durable scheduler (actor `system`).
 */
export class IssueAct extends Command<ActIssuance> {
  constructor(
    readonly payload: ActJobPayload,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The jobs of `ActIssuanceSchedule` as commands. */
@Injectable()
@RegisterScheduledCommandHandler()
export class IssueActJob implements ScheduledJobCommand {
  readonly kind = ISSUE_ACT;

  command(job: ScheduledJob, context: CommandContext): IssueAct {
    const payload = job.payload as unknown as ActJobPayload;
    if (typeof payload.tenderId !== 'string' || typeof payload.position !== 'string')
      throw new Error(`job ${job.key} names no act`);
    return new IssueAct(payload, context);
  }
}

@CommandHandler(IssueAct)
export class IssueActHandler implements ICommandHandler<IssueAct> {
  private readonly logger = new Logger('Acts');

  constructor(
    private readonly acts: Acts,
    private readonly commands: CommandBus,
    private readonly db: DataSource,
  ) {}

  async execute({ payload, context }: IssueAct): Promise<ActIssuance> {
    await this.readModelReached(BigInt(payload.position));
    const now = new Date(context.now);
    const signed = await this.render(payload, now);
    if (!signed) return null;
    const act: IssuedAct = {
      kind: signed.kind,
      tenderId: payload.tenderId,
      auctionId: payload.act === 'auction_result' ? payload.auctionId : null,
      position: signed.position,
    };
    const documentId = actDocumentId(act, signed.contentSha256);
    const receipt = await this.commands.execute(
      new IssueActDocument(documentId, signed.pdf, signed.fileName, act, context),
    );
    if (receipt.issued) this.logger.log(`issued the ${act.kind} act of ${payload.tenderId} as document ${documentId}`);
    return receipt;
  }

  /** The act as the public reads it now; null when it has not been held yet (a ruling with lots still open). */
  private async render(payload: ActJobPayload, now: Date): Promise<SignedAct | null> {
    try {
      if (payload.act === 'auction_result') return await this.acts.auctionResult(payload.auctionId, now);
      if (payload.act === 'opening') return await this.acts.opening(payload.tenderId, now);
      return await this.acts.ruling(payload.tenderId, now);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'act.not_yet_held') return null;
      throw error;
    }
  }

  /**
   * The acts are read from `tender_views` (eventually consistent): wait until it has applied the job's event, so
   * an act is not found "not yet held" only because its read model lags. Still behind: a plain error, retried.
   */
  private async readModelReached(position: bigint): Promise<void> {
    const until = Date.now() + READ_MODEL_WAIT_MS;
    for (;;) {
      const [row]: Array<{ position: string }> = await this.db.query(
        'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1',
        [TENDER_VIEWS],
      );
      if (row && BigInt(row.position) >= position) return;
      if (Date.now() > until) throw new Error(`the tender views have not reached position ${position} yet`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
