import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { UploadedDocument } from '@licita/documents';
import { CommandExecutor, type CommandContext, type CommandOutcome } from '@licita/event-store';
import { AccountById, assertAuthorized, type AccountView, type Principal } from '@licita/identity';
import { DomainError, invalid, notFound } from '@licita/shared';
import { supplierDecider, supplierStream } from '@licita/suppliers';
import {
  contractDecider,
  contractStream,
  EfirmaVerifier,
  evolveTender,
  initialTenderState,
  tenderStream,
  type TenderEvent,
} from '@licita/tendering';
import type { CloseWorksLog, OpenWorksLog, WriteWorksLogNote } from '../domain/works-log.commands';
import { noteContentHash, worksLogDecider, type WorksLogState } from '../domain/works-log.decider';
import type { WorksLogEvent } from '../domain/works-log.events';
import { noteSigningMessage, type NoteEfirmaInput, type NoteSignature } from '../domain/works-log.signing';
import {
  worksLogStream,
  type ContractFacts,
  type NamedAccount,
  type NoteAttachment,
  type WorksLogParty,
} from '../domain/works-log.types';

export type WorksLogOutcome = CommandOutcome<WorksLogEvent, WorksLogState>;

/** What a works-log command answers: the note written (the log position is in `Licita-Position`). */
export type WorksLogAnswer = { contractId: string; number: number; kind: string; hash: string; writtenAt: string };

/**
 * Notes are the one stream many people write at once (both parties, several devices): a concurrent note is
 * decided again on the new log (its number is the next one) rather than refused. Each round lets at least one
 * writer through, so 20 rounds settle twenty simultaneous notes.
 */
const NOTE_RETRIES = 20;

abstract class WorksLogMessage<P> extends Command<WorksLogAnswer> {
  constructor(
    readonly command: P,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

type Input<C> = Omit<C, 'type' | 'authorAccountId'>;
/** A note as a client sends it: the e.firma signature unverified (`efirma`), verified here into `signature`. */
type SignedInput<C> = Omit<Input<C>, 'signature'> & { efirma?: NoteEfirmaInput | null };
export class OpenWorksLogMessage extends WorksLogMessage<
  Omit<Input<OpenWorksLog>, 'contract' | 'resident' | 'superintendent'> & {
    residentAccountId: string;
    superintendentAccountId: string;
  }
> {}
export class WriteWorksLogNoteMessage extends WorksLogMessage<SignedInput<WriteWorksLogNote>> {}
export class CloseWorksLogMessage extends WorksLogMessage<SignedInput<CloseWorksLog>> {}

const answer = ({ events }: WorksLogOutcome): WorksLogAnswer => {
  const { contractId, number, kind, hash, writtenAt } = events[0].data;
  return { contractId, number, kind, hash, writtenAt };
};

const accountIdOf = (principal: Principal): string => (principal.kind === 'account' ? principal.accountId : '');

/**
 * Before anything is loaded: may this principal send the command for some contract at all (its own unit or
 * supplier)? The public hears 401 and a registrar 403 rather than whether a log exists.
 */
function assertMaySend(type: string, principal: Principal): void {
  const own =
    principal.kind === 'account' ? { buyingUnitId: principal.buyingUnitId, supplierId: principal.supplierId } : {};
  assertAuthorized({ type, ...own }, principal);
}

/** Reads the facts the log needs from the contract's and its tender's own streams. */
@Injectable()
export class WorksContracts {
  constructor(private readonly executor: CommandExecutor) {}

  async factsOf(contractId: string): Promise<ContractFacts> {
    const { state: contract } = await this.executor.load(contractStream(contractId), contractDecider);
    if (contract.original === null) throw notFound('contract.not_found', `there is no contract ${contractId}`);
    const { tenderId, buyingUnitId, supplierId } = contract.original;
    const { state: tender } = await this.executor.load<TenderEvent, ReturnType<typeof initialTenderState>>(
      tenderStream(tenderId),
      { initialState: initialTenderState, evolve: evolveTender },
    );
    return { tenderId, buyingUnitId, supplierId, category: tender.content?.category ?? 'unknown' };
  }
}

/**
 * The attachments a note names were uploaded (POST /api/documents) by the author's party — the resident's
 * buying unit or the superintendent's supplier — and agree with what was stored (hash, media type).
 */
async function assertAttachmentsFit(
  queries: QueryBus,
  attachments: NoteAttachment[] | undefined,
  party: WorksLogParty,
  owner: { buyingUnitId: string; supplierId: string },
): Promise<void> {
  for (const attachment of attachments ?? []) {
    const stored = await queries.execute(new UploadedDocument(String(attachment?.documentId)));
    if (!stored || stored.sealedFor)
      throw invalid('works_log.attachment_not_uploaded', 'upload the file first (POST /api/documents)', {
        documentId: attachment?.documentId,
      });
    const ours =
      party === 'resident'
        ? stored.uploadedBy.buyingUnitId === owner.buyingUnitId
        : stored.uploadedBy.supplierId === owner.supplierId;
    if (!ours)
      throw new DomainError(
        'works_log.attachment_not_owned',
        "the file was not uploaded by the author's party",
        'forbidden',
        {
          documentId: attachment.documentId,
        },
      );
    if (stored.sha256 !== attachment.sha256 || stored.mediaType !== attachment.mediaType)
      throw invalid('works_log.attachment_mismatch', 'the hash or media type is not that of the uploaded file', {
        documentId: attachment.documentId,
        sha256: stored.sha256,
        mediaType: stored.mediaType,
      });
  }
}

function partyOf(state: WorksLogState, principal: Principal): WorksLogParty | null {
  const accountId = accountIdOf(principal);
  if (state.opening?.residentAccountId === accountId) return 'resident';
  if (state.opening?.superintendentAccountId === accountId) return 'superintendent';
  return null;
}

@CommandHandler(OpenWorksLogMessage)
export class OpenWorksLogHandler implements ICommandHandler<OpenWorksLogMessage> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly contracts: WorksContracts,
    private readonly queries: QueryBus,
    private readonly efirma: EfirmaVerifier,
  ) {}

  async execute({ command, principal, context }: OpenWorksLogMessage): Promise<WorksLogAnswer> {
    assertMaySend('OpenWorksLog', principal);
    const contract = await this.contracts.factsOf(command.contractId);
    assertAuthorized({ type: 'OpenWorksLog', buyingUnitId: contract.buyingUnitId }, principal);
    const resident = await this.account(command.residentAccountId, 'residentAccountId');
    const superintendent = await this.account(command.superintendentAccountId, 'superintendentAccountId');
    await assertAttachmentsFit(this.queries, command.attachments, 'resident', contract);
    if (command.requireSignature === true) this.efirma.assertConfigured();
    const { residentAccountId: _r, superintendentAccountId: _s, ...rest } = command;
    const outcome = await this.executor.execute(
      worksLogStream(command.contractId),
      worksLogDecider,
      { type: 'OpenWorksLog', ...rest, contract, resident, superintendent, authorAccountId: accountIdOf(principal) },
      context,
    );
    return answer(outcome);
  }

  private async account(accountId: unknown, field: string): Promise<NamedAccount> {
    const view: AccountView | undefined =
      typeof accountId === 'string'
        ? await this.queries.execute(new AccountById(accountId)).catch(() => undefined)
        : undefined;
    if (!view || view.status !== 'active')
      throw invalid('works_log.account_not_found', 'the log names an active account of the platform', { field });
    return { accountId: view.accountId, role: view.role, buyingUnitId: view.buyingUnitId, supplierId: view.supplierId };
  }
}

/** Loads the log, authorizes the writer as the contract's buyer or supplier, checks the attachments, appends. */
@Injectable()
export class WorksLogNotes {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly queries: QueryBus,
    private readonly efirma: EfirmaVerifier,
  ) {}

  async write(
    { efirma, ...command }: (WriteWorksLogNote | CloseWorksLog) & { efirma?: NoteEfirmaInput | null },
    principal: Principal,
    context: CommandContext,
  ): Promise<WorksLogAnswer> {
    assertMaySend(command.type, principal);
    const outcome = await this.executor.decideWith(
      worksLogStream(command.contractId),
      worksLogDecider,
      async (state) => {
        const opening = state.opening;
        if (opening === null) throw notFound('works_log.not_found', 'the contract has no works log yet');
        const fields = { buyingUnitId: opening.buyingUnitId, supplierId: opening.supplierId };
        assertAuthorized({ type: command.type, ...fields }, principal);
        const party = partyOf(state, principal);
        if (party) await assertAttachmentsFit(this.queries, command.attachments, party, opening);
        const signature = party && efirma ? await this.verified(efirma, command, party, opening, context.now) : null;
        return worksLogDecider.decide({ ...command, signature }, state, { now: context.now, actor: context.actor });
      },
      context,
      { retries: NOTE_RETRIES },
    );
    return answer(outcome);
  }

  /**
   * The e.firma signature checked against the configured CAs at `now` over the message of this note's content at
   * the place the client signed it (the decider then holds that place to be the log's head). The
   * superintendent's certificate names the contractor's RFC in the register; the resident's names its holder.
   */
  private async verified(
    efirma: NoteEfirmaInput,
    command: WriteWorksLogNote | CloseWorksLog,
    party: WorksLogParty,
    opening: { supplierId: string },
    now: Date,
  ): Promise<NoteSignature> {
    const content = command.type === 'CloseWorksLog' ? { ...command, kind: 'closing' } : command;
    const number = Number(efirma.number);
    if (!Number.isInteger(number) || !(efirma.previousHash === null || typeof efirma.previousHash === 'string'))
      throw invalid('works_log.invalid_signature_place', 'efirma names the number and previous hash it signed over', {
        field: 'efirma',
      });
    const message = noteSigningMessage(command.contractId, number, efirma.previousHash, noteContentHash(content));
    const supplierRfc = party === 'superintendent' ? await this.rfcOf(opening.supplierId) : undefined;
    return this.efirma.verify({
      certificate: efirma.certificate,
      signature: efirma.signature,
      message,
      now,
      ...(party === 'superintendent' ? { supplierRfc: supplierRfc ?? '' } : {}),
    });
  }

  private async rfcOf(supplierId: string): Promise<string | undefined> {
    const { state } = await this.executor.load(supplierStream(supplierId), supplierDecider);
    return state.data?.rfc;
  }
}

@CommandHandler(WriteWorksLogNoteMessage)
export class WriteWorksLogNoteHandler implements ICommandHandler<WriteWorksLogNoteMessage> {
  constructor(private readonly notes: WorksLogNotes) {}

  execute({ command, principal, context }: WriteWorksLogNoteMessage): Promise<WorksLogAnswer> {
    const note = { type: 'WriteWorksLogNote' as const, ...command, authorAccountId: accountIdOf(principal) };
    return this.notes.write(note, principal, context);
  }
}

@CommandHandler(CloseWorksLogMessage)
export class CloseWorksLogHandler implements ICommandHandler<CloseWorksLogMessage> {
  constructor(private readonly notes: WorksLogNotes) {}

  execute({ command, principal, context }: CloseWorksLogMessage): Promise<WorksLogAnswer> {
    const note = { type: 'CloseWorksLog' as const, ...command, authorAccountId: accountIdOf(principal) };
    return this.notes.write(note, principal, context);
  }
}
