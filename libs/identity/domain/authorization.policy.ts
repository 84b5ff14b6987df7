import { DomainError } from '@licita/shared';
import type { AccountPrincipal, Principal, Role } from './roles';

/**
 * Who may send which command: the one place authorization is decided. A command not in the table is
 * refused for everyone. Each entry lists the principals allowed and, where it matters, the rule that ties
 * the command to the principal (a supplier acts only for its own supplier, an account changes only its
 * own password). Contexts add their commands here (PublishTender for buyers of the unit, SubmitProposal
 * and PlaceBid for suppliers acting for themselves...).
 */
type Who = Role | 'anonymous' | 'system';
type Ownership = (command: CommandFields, principal: AccountPrincipal) => boolean;
type Rule = 'always' | Ownership;
type CommandFields = { type: string; [field: string]: unknown };

const ownSupplier: Ownership = (command, principal) =>
  principal.supplierId !== undefined && command.supplierId === principal.supplierId;
const ownAccount: Ownership = (command, principal) => command.accountId === principal.accountId;
/** A buyer acts on its own unit's procedures: `buyingUnitId` is the tender's (or contract's), as loaded by the handler. */
const ownBuyingUnit: Ownership = (command, principal) =>
  principal.buyingUnitId !== undefined && command.buyingUnitId === principal.buyingUnitId;

/**
 * A state administrator acts inside its state's part of the government tree: `stateCode` is the state of the
 * organisation or unit acted on, as loaded by the handler (the guard checks the role with the principal's own).
 */
const ownState: Ownership = (command, principal) =>
  principal.stateCode !== undefined && command.stateCode === principal.stateCode;
/** A state administrator creates buyer accounts, and only for units of its state. */
const buyerInOwnState: Ownership = (command, principal) => command.role === 'buyer' && ownState(command, principal);

const EVERY_ACCOUNT_ITSELF: Partial<Record<Who, Rule>> = {
  supplier: ownAccount,
  buyer: ownAccount,
  registrar: ownAccount,
  auditor: ownAccount,
  follower: ownAccount,
  state_admin: ownAccount,
};
const ANYONE: Partial<Record<Who, Rule>> = {
  anonymous: 'always',
  supplier: 'always',
  buyer: 'always',
  registrar: 'always',
  auditor: 'always',
  follower: 'always',
  state_admin: 'always',
};

export const COMMAND_POLICY: Readonly<Record<string, Partial<Record<Who, Rule>>>> = {
  // Supplier register (libs/suppliers)
  // Only the supplier itself (not logged in): whoever registers sets the password, so a registrar registering
  // on a supplier's behalf would hold that supplier's login (issue #16).
  RegisterSupplier: { anonymous: 'always' },
  VerifySupplier: { registrar: 'always' },
  RejectSupplier: { registrar: 'always' },
  SuspendSupplier: { registrar: 'always' },
  ReinstateSupplier: { registrar: 'always' },
  UpdateSupplierData: { supplier: ownSupplier },
  AttachSupplierDocuments: { supplier: ownSupplier },
  ImposeSanction: { auditor: 'always' },
  LiftSanction: { auditor: 'always' },
  LiftExpiredSanctions: { system: 'always' },
  // Buying units (libs/buying-units)
  // The government tree (libs/buying-units): a state administrator registers municipalities of its state and
  // places units inside it
  RegisterOrganisation: { registrar: 'always', state_admin: ownState },
  RegisterBuyingUnit: { registrar: 'always', state_admin: ownState },
  SetBuyingUnitLocation: { registrar: 'always', state_admin: ownState },
  AssignBuyingUnitOrganisation: { registrar: 'always', state_admin: ownState },
  // Auctions (libs/auctions): a buyer schedules its own unit's tender lot; a supplier bids only for itself (the
  // auction admits only its participants)
  ScheduleAuction: { buyer: ownBuyingUnit },
  PlaceBid: { supplier: ownSupplier },
  // Documents (libs/documents): any buyer or supplier uploads; reading is decided by the document's party
  UploadDocument: { buyer: 'always', supplier: 'always' },
  // Accounts (libs/identity)
  CreateAccount: { registrar: 'always', state_admin: buyerInOwnState },
  ChangePassword: EVERY_ACCOUNT_ITSELF,
  DisableAccount: { registrar: 'always' },
  EnableAccount: { registrar: 'always' },
  // Desk calendars (libs/transparency/feeds): a buyer or a supplier issues its own account's secret calendar address
  IssueDeskCalendarFeed: { buyer: ownAccount, supplier: ownAccount },
  // Procurement procedures (libs/tendering). The tender's records of its contracts (RecordContractSigned,
  // RecordContractClosed) follow from the contract commands and are not sent on their own.
  CreateTender: { buyer: ownBuyingUnit },
  UpdateTenderDraft: { buyer: ownBuyingUnit },
  PublishTender: { buyer: ownBuyingUnit },
  AskQuestion: { supplier: ownSupplier },
  AnswerQuestion: { buyer: ownBuyingUnit },
  PublishClarificationMinutes: { buyer: ownBuyingUnit },
  AmendTender: { buyer: ownBuyingUnit },
  SubmitProposal: { supplier: ownSupplier },
  // A proposal's file, sealed as it arrives; the handler checks the supplier acts for itself as SubmitProposal does
  UploadProposalFile: { supplier: 'always' },
  ReplaceProposal: { supplier: ownSupplier },
  WithdrawProposal: { supplier: ownSupplier },
  OpenProposals: { buyer: ownBuyingUnit },
  EvaluateProposal: { buyer: ownBuyingUnit },
  CompleteEvaluation: { buyer: ownBuyingUnit },
  AwardTender: { buyer: ownBuyingUnit },
  AwardDirectly: { buyer: ownBuyingUnit },
  ChallengeAward: { supplier: ownSupplier },
  ResolveChallenge: { auditor: 'always' },
  CancelTender: { buyer: ownBuyingUnit },
  AdvanceTenderClock: { system: 'always' },
  SignContract: { buyer: ownBuyingUnit },
  AmendContract: { buyer: ownBuyingUnit },
  CompleteContract: { buyer: ownBuyingUnit },
  TerminateContract: { buyer: ownBuyingUnit },
  // Alerts (libs/alerts): any account subscribes for itself; anyone signs up as a follower; the links of the
  // e-mails carry a signed token instead of a login.
  SignUpFollower: { anonymous: 'always' },
  SaveSearch: EVERY_ACCOUNT_ITSELF,
  RemoveSearch: EVERY_ACCOUNT_ITSELF,
  StartFollowing: EVERY_ACCOUNT_ITSELF,
  StopFollowing: EVERY_ACCOUNT_ITSELF,
  ChangeDeliveryPreference: EVERY_ACCOUNT_ITSELF,
  RequestAlertConfirmation: EVERY_ACCOUNT_ITSELF,
  ConfirmAlertEmail: ANYONE,
  Unsubscribe: ANYONE,
  // Quick quotations and mini-competitions (libs/quotations): a buyer for its own unit's requests; a supplier
  // quotes for itself; the scheduler opens at the deadline (the buyer may too, after it)
  PublishQuotationRequest: { buyer: ownBuyingUnit },
  SubmitQuotation: { supplier: ownSupplier },
  OpenQuotations: { buyer: ownBuyingUnit, system: 'always' },
  MarkQuotationNonCompliant: { buyer: ownBuyingUnit },
  IssuePurchaseOrder: { buyer: ownBuyingUnit },
  // Imported history (libs/history): a registrar reviews the parties an import met
  ReviewHistoricalParty: { registrar: 'always' },
  // Market research (libs/market-research): a buyer asks for and attaches its own unit's research; a supplier
  // answers as itself (the research admits only the suppliers it was addressed to)
  RequestMarketResearch: { buyer: ownBuyingUnit },
  AnswerMarketResearch: { supplier: ownSupplier },
  AttachMarketResearch: { buyer: ownBuyingUnit },
  // Annual procurement plans (libs/planning): a buyer writes and revises its own unit's plan and links its procedures
  PublishPlanRevision: { buyer: ownBuyingUnit },
  LinkProcedure: { buyer: ownBuyingUnit },
  // Framework agreements (libs/frameworks): the registrar designates central purchasing bodies; a central body's
  // buyer establishes agreements, an authorised unit's buyer orders; the order's supplier answers it (the
  // decider checks the order is addressed to the principal's supplier)
  DesignateCentralPurchasingBody: { registrar: 'always' },
  EstablishFrameworkAgreement: { buyer: ownBuyingUnit },
  PlaceFrameworkOrder: { buyer: ownBuyingUnit },
  AnswerFrameworkOrder: { supplier: 'always' },
  // Works logs (libs/works-log): a buyer of the contract's unit opens and closes, a buyer of the unit or an account
  // of the contract's supplier writes; the handler then admits only the resident and superintendent the log names
  OpenWorksLog: { buyer: ownBuyingUnit },
  WriteWorksLogNote: { buyer: ownBuyingUnit, supplier: ownSupplier },
  CloseWorksLog: { buyer: ownBuyingUnit },
  // Contract execution (libs/execution): the contracting unit's buyers record the schedule, receipts, payments,
  // penalties and guarantees and review invoices; the contract's supplier registers its invoices
  ScheduleDelivery: { buyer: ownBuyingUnit },
  RecordReceipt: { buyer: ownBuyingUnit },
  RegisterInvoice: { supplier: ownSupplier },
  ReviewInvoice: { buyer: ownBuyingUnit },
  RecordPayment: { buyer: ownBuyingUnit },
  SetPenaltyCap: { buyer: ownBuyingUnit },
  ApplyPenalty: { buyer: ownBuyingUnit },
  RecordGuarantee: { buyer: ownBuyingUnit },
  ReleaseGuarantee: { buyer: ownBuyingUnit },
};

/** Staff-only reads and who may make them (public reads need no entry). */
export const READ_POLICY: Readonly<Record<string, readonly Role[]>> = {
  // Import runs, their per-row reports and the review list of parties (libs/history)
  HistoricalImports: ['registrar', 'auditor'],
};

/** `auth.unauthenticated` for the public, `auth.forbidden` for a role the read policy does not name. */
export function authorizeRead(resource: string, principal: Principal): Authorization {
  const roles = Object.hasOwn(READ_POLICY, resource) ? READ_POLICY[resource] : [];
  if (principal.kind === 'account' && roles.includes(principal.role)) return { allowed: true };
  if (principal.kind === 'anonymous')
    return { allowed: false, error: new DomainError('auth.unauthenticated', 'log in to read this', 'unauthorized') };
  return refuse(
    'auth.forbidden',
    `${principal.kind === 'account' ? principal.role : principal.kind} may not read ${resource}`,
    resource,
  );
}

export type Authorization = { allowed: true } | { allowed: false; error: DomainError };

/**
 * `auth.unauthenticated` (401) when an anonymous caller needs to log in, `auth.forbidden` (403) when the
 * principal's role or ownership does not allow the command, `auth.password_change_required` (403) while a
 * one-time password is in use.
 */
export function authorize(command: CommandFields, principal: Principal): Authorization {
  const rules = Object.hasOwn(COMMAND_POLICY, command.type) ? COMMAND_POLICY[command.type] : undefined;
  const who: Who = principal.kind === 'account' ? principal.role : principal.kind;
  const rule = rules && Object.hasOwn(rules, who) ? rules[who] : undefined;

  if (principal.kind === 'account' && principal.mustChangePassword && command.type !== 'ChangePassword') {
    return refuse('auth.password_change_required', 'choose a new password before anything else', command.type);
  }
  if (rule === 'always') return { allowed: true };
  if (rule !== undefined && principal.kind === 'account' && rule(command, principal)) return { allowed: true };
  if (principal.kind === 'anonymous' && rules !== undefined) {
    return {
      allowed: false,
      error: new DomainError('auth.unauthenticated', 'log in to do this', 'unauthorized', { command: command.type }),
    };
  }
  return refuse('auth.forbidden', `${who} may not ${command.type}${rule ? ' for someone else' : ''}`, command.type);
}

/** Throws the refusal; for command handlers that prefer exceptions. */
export function assertAuthorized(command: CommandFields, principal: Principal): void {
  const decision = authorize(command, principal);
  if (!decision.allowed) throw decision.error;
}

function refuse(code: string, message: string, command: string): Authorization {
  return { allowed: false, error: new DomainError(code, message, 'forbidden', { command }) };
}
