import { authorize, authorizeRead, COMMAND_POLICY } from './authorization.policy';
import { ANONYMOUS, SYSTEM, type AccountPrincipal, type Principal } from './roles';

const supplier: AccountPrincipal = {
  kind: 'account',
  accountId: 'acc-supplier',
  role: 'supplier',
  supplierId: 'sup-1',
};
const PRINCIPALS: Record<string, Principal> = {
  anonymous: ANONYMOUS,
  system: SYSTEM,
  supplier,
  otherSupplier: { kind: 'account', accountId: 'acc-other', role: 'supplier', supplierId: 'sup-2' },
  buyer: { kind: 'account', accountId: 'acc-buyer', role: 'buyer', buyingUnitId: 'unit-1' },
  registrar: { kind: 'account', accountId: 'acc-registrar', role: 'registrar' },
  auditor: { kind: 'account', accountId: 'acc-auditor', role: 'auditor' },
  follower: { kind: 'account', accountId: 'acc-follower', role: 'follower' },
  stateAdmin: { kind: 'account', accountId: 'acc-jalisco', role: 'state_admin', stateCode: '14' },
};

/**
 * Every command against every principal, written out by hand (not derived from the policy). Each command
 * targets supplier `sup-1` and account `acc-supplier`, which belong to the `supplier` column, and buying
 * unit `unit-1`, the `buyer` column's.
 *   ok: allowed   401: auth.unauthenticated   403: auth.forbidden
 */
const MATRIX = `
  command               anonymous system supplier otherSupplier buyer registrar auditor follower stateAdmin
  RegisterSupplier      ok        403    403      403           403   403       403  403    403
  VerifySupplier        401       403    403      403           403   ok        403  403    403
  RejectSupplier        401       403    403      403           403   ok        403  403    403
  SuspendSupplier       401       403    403      403           403   ok        403  403    403
  ReinstateSupplier     401       403    403      403           403   ok        403  403    403
  UpdateSupplierData    401       403    ok       403           403   403       403  403    403
  AttachSupplierDocuments 401     403    ok       403           403   403       403  403    403
  ImposeSanction        401       403    403      403           403   403       ok  403    403
  LiftSanction          401       403    403      403           403   403       ok  403    403
  LiftExpiredSanctions  401       ok     403      403           403   403       403  403    403
  RegisterBuyingUnit    401       403    403      403           403   ok        403  403    ok
  SetBuyingUnitLocation 401       403    403      403           403   ok        403  403    ok
  RegisterOrganisation  401       403    403      403           403   ok        403  403      ok
  AssignBuyingUnitOrganisation 401 403   403      403           403   ok        403  403      ok
  ScheduleAuction       401       403    403      403           ok    403       403  403    403
  PlaceBid              401       403    ok       403           403   403       403  403    403
  UploadDocument        401       403    ok       ok            ok    403       403  403    403
  CreateAccount         401       403    403      403           403   ok        403  403    ok
  ChangePassword        401       403    ok       403           403   403       403  403    403
  DisableAccount        401       403    403      403           403   ok        403  403    403
  EnableAccount         401       403    403      403           403   ok        403  403    403
  CreateTender          401       403    403      403           ok    403       403  403    403
  UpdateTenderDraft     401       403    403      403           ok    403       403  403    403
  PublishTender         401       403    403      403           ok    403       403  403    403
  AskQuestion           401       403    ok       403           403   403       403  403    403
  AnswerQuestion        401       403    403      403           ok    403       403  403    403
  PublishClarificationMinutes 401 403  403      403           ok    403       403  403    403
  AmendTender           401       403    403      403           ok    403       403  403    403
  SubmitProposal        401       403    ok       403           403   403       403  403    403
  UploadProposalFile    401       403    ok       ok            403   403       403  403    403
  ReplaceProposal       401       403    ok       403           403   403       403  403    403
  WithdrawProposal      401       403    ok       403           403   403       403  403    403
  OpenProposals         401       403    403      403           ok    403       403  403    403
  EvaluateProposal      401       403    403      403           ok    403       403  403    403
  CompleteEvaluation    401       403    403      403           ok    403       403  403    403
  AwardTender           401       403    403      403           ok    403       403  403    403
  AwardDirectly         401       403    403      403           ok    403       403  403    403
  ChallengeAward        401       403    ok       403           403   403       403  403    403
  ResolveChallenge      401       403    403      403           403   403       ok  403    403
  CancelTender          401       403    403      403           ok    403       403  403    403
  AdvanceTenderClock    401       ok     403      403           403   403       403  403    403
  SignContract          401       403    403      403           ok    403       403  403    403
  AmendContract         401       403    403      403           ok    403       403  403    403
  CompleteContract      401       403    403      403           ok    403       403  403    403
  TerminateContract     401       403    403      403           ok    403       403  403    403
  IssueDeskCalendarFeed  401    403    ok     403    403    403    403    403    403
  SignUpFollower         ok     403    403    403    403    403    403    403    403
  SaveSearch             401    403    ok     403    403    403    403    403    403
  RemoveSearch           401    403    ok     403    403    403    403    403    403
  StartFollowing         401    403    ok     403    403    403    403    403    403
  StopFollowing          401    403    ok     403    403    403    403    403    403
  ChangeDeliveryPreference 401    403    ok     403    403    403    403    403    403
  RequestAlertConfirmation 401    403    ok     403    403    403    403    403    403
  ConfirmAlertEmail      ok     403    ok     ok     ok     ok     ok     ok    ok
  Unsubscribe            ok     403    ok     ok     ok     ok     ok     ok    ok
  ReviewHistoricalParty  401    403    403    403    403    ok     403    403    403
  RequestMarketResearch  401    403    403    403    ok     403    403    403    403
  AnswerMarketResearch   401    403    ok     403    403    403    403    403    403
  AttachMarketResearch   401    403    403    403    ok     403    403    403    403
  PublishPlanRevision    401    403    403    403    ok     403    403    403    403
  LinkProcedure          401    403    403    403    ok     403    403    403    403
  DesignateCentralPurchasingBody 401 403 403  403    403    ok     403    403    403
  EstablishFrameworkAgreement 401 403  403    403    ok     403    403    403    403
  PlaceFrameworkOrder    401    403    403    403    ok     403    403    403    403
  AnswerFrameworkOrder   401    403    ok     ok     403    403    403    403    403
  PublishQuotationRequest 401   403    403    403    ok     403    403    403    403
  SubmitQuotation        401    403    ok     403    403    403    403    403    403
  OpenQuotations         401    ok     403    403    ok     403    403    403    403
  MarkQuotationNonCompliant 401 403    403    403    ok     403    403    403    403
  IssuePurchaseOrder     401    403    403    403    ok     403    403    403    403
  OpenWorksLog           401    403    403    403    ok     403    403    403    403
  WriteWorksLogNote      401    403    ok     403    ok     403    403    403    403
  CloseWorksLog          401    403    403    403    ok     403    403    403    403
  ScheduleDelivery       401    403    403    403    ok     403    403    403    403
  RecordReceipt          401    403    403    403    ok     403    403    403    403
  ReviewInvoice          401    403    403    403    ok     403    403    403    403
  RecordPayment          401    403    403    403    ok     403    403    403    403
  SetPenaltyCap          401    403    403    403    ok     403    403    403    403
  ApplyPenalty           401    403    403    403    ok     403    403    403    403
  RecordGuarantee        401    403    403    403    ok     403    403    403    403
  ReleaseGuarantee       401    403    403    403    ok     403    403    403    403
  RegisterInvoice        401    403    ok     403    403    403    403    403    403
`;

const [header, ...rows] = MATRIX.trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/));
const columns = header.slice(1);
const cases = rows.flatMap(([command, ...verdicts]) =>
  verdicts.map((verdict, i) => [command, columns[i], verdict] as const),
);
const CODES: Record<string, string> = { '401': 'auth.unauthenticated', '403': 'auth.forbidden' };

const commandNamed = (type: string) => ({
  type,
  supplierId: 'sup-1',
  accountId: 'acc-supplier',
  buyingUnitId: 'unit-1',
  /** The state of the organisation or unit acted on: the `stateAdmin` column's; a buyer account for CreateAccount. */
  stateCode: '14',
  role: 'buyer',
  sanctionId: 's-1',
  reason: 'r',
});

describe('authorization matrix', () => {
  it('has a row for every command in the policy and a column for every kind of principal', () => {
    expect(rows.map(([command]) => command).sort()).toEqual(Object.keys(COMMAND_POLICY).sort());
    expect(columns.sort()).toEqual(Object.keys(PRINCIPALS).sort());
  });

  it.each(cases)('%s by %s: %s', (command, principal, verdict) => {
    const decision = authorize(commandNamed(command), PRINCIPALS[principal]);
    if (verdict === 'ok') return expect(decision).toEqual({ allowed: true });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.error).toMatchObject({
        code: CODES[verdict],
        kind: verdict === '401' ? 'unauthorized' : 'forbidden',
      });
    }
  });
});

describe('read policy', () => {
  it('lets registrars and auditors read import runs and reports, refuses everyone else', () => {
    const verdicts = Object.entries(PRINCIPALS).map(([name, principal]) => {
      const decision = authorizeRead('HistoricalImports', principal);
      return [name, decision.allowed ? 'ok' : decision.error.code];
    });
    expect(Object.fromEntries(verdicts)).toEqual({
      anonymous: 'auth.unauthenticated',
      system: 'auth.forbidden',
      supplier: 'auth.forbidden',
      otherSupplier: 'auth.forbidden',
      buyer: 'auth.forbidden',
      registrar: 'ok',
      auditor: 'ok',
      follower: 'auth.forbidden',
      stateAdmin: 'auth.forbidden',
    });
  });
});

describe('rules beyond the role', () => {
  it('keeps a state administrator inside its state, and to buyer accounts', () => {
    const jalisco = PRINCIPALS.stateAdmin;
    for (const type of [
      'RegisterOrganisation',
      'RegisterBuyingUnit',
      'SetBuyingUnitLocation',
      'AssignBuyingUnitOrganisation',
    ]) {
      expect(authorize({ type, stateCode: '14' }, jalisco)).toEqual({ allowed: true });
      for (const stateCode of ['09', null, undefined])
        expect(authorize({ type, stateCode }, jalisco)).toMatchObject({
          allowed: false,
          error: { code: 'auth.forbidden' },
        });
    }
    expect(authorize({ type: 'CreateAccount', role: 'buyer', stateCode: '14' }, jalisco)).toEqual({ allowed: true });
    expect(authorize({ type: 'CreateAccount', role: 'buyer', stateCode: '09' }, jalisco).allowed).toBe(false);
    expect(authorize({ type: 'CreateAccount', role: 'state_admin', stateCode: '14' }, jalisco).allowed).toBe(false);
    expect(authorize({ type: 'CreateAccount', role: 'registrar', stateCode: '14' }, jalisco).allowed).toBe(false);
  });

  it('lets every role change its own password, and only its own', () => {
    for (const name of ['supplier', 'buyer', 'registrar', 'auditor']) {
      const principal = PRINCIPALS[name] as AccountPrincipal;
      expect(authorize({ type: 'ChangePassword', accountId: principal.accountId }, principal)).toEqual({
        allowed: true,
      });
      expect(authorize({ type: 'ChangePassword', accountId: 'someone-else' }, principal)).toMatchObject({
        allowed: false,
        error: { code: 'auth.forbidden' },
      });
    }
  });

  it('lets a follower save searches and follow for itself, and nothing else but its password', () => {
    const follower = PRINCIPALS.follower as AccountPrincipal;
    const allowed = Object.keys(COMMAND_POLICY).filter(
      (type) => authorize({ type, accountId: follower.accountId }, follower).allowed,
    );
    expect(allowed.sort()).toEqual(
      [
        'ChangePassword',
        'SaveSearch',
        'RemoveSearch',
        'StartFollowing',
        'StopFollowing',
        'ChangeDeliveryPreference',
        'RequestAlertConfirmation',
        'ConfirmAlertEmail',
        'Unsubscribe',
      ].sort(),
    );
  });

  it("lets a buyer act on its own unit's procedures only, and never a buyer bound to no unit", () => {
    const buyer = PRINCIPALS.buyer as AccountPrincipal;
    expect(authorize({ type: 'PublishTender', buyingUnitId: 'unit-1' }, buyer)).toEqual({ allowed: true });
    expect(authorize({ type: 'PublishTender', buyingUnitId: 'unit-2' }, buyer)).toMatchObject({
      allowed: false,
      error: { code: 'auth.forbidden' },
    });
    const unbound: AccountPrincipal = { kind: 'account', accountId: 'acc-y', role: 'buyer' };
    expect(authorize({ type: 'PublishTender', buyingUnitId: undefined }, unbound)).toMatchObject({ allowed: false });
  });

  it('refuses a supplier account that names no supplier', () => {
    const unbound: AccountPrincipal = { kind: 'account', accountId: 'acc-x', role: 'supplier' };
    expect(authorize({ type: 'UpdateSupplierData', supplierId: undefined }, unbound)).toMatchObject({ allowed: false });
  });

  it('allows only a password change while a one-time password is in use', () => {
    const fresh: AccountPrincipal = {
      kind: 'account',
      accountId: 'acc-registrar',
      role: 'registrar',
      mustChangePassword: true,
    };
    expect(authorize({ type: 'VerifySupplier', supplierId: 'sup-1' }, fresh)).toMatchObject({
      allowed: false,
      error: { code: 'auth.password_change_required', kind: 'forbidden' },
    });
    expect(authorize({ type: 'ChangePassword', accountId: 'acc-registrar' }, fresh)).toEqual({ allowed: true });
  });

  it('refuses a command the policy does not know, to everyone', () => {
    for (const principal of Object.values(PRINCIPALS)) {
      expect(authorize({ type: 'DropAllTables' }, principal)).toMatchObject({
        allowed: false,
        error: { code: 'auth.forbidden' },
      });
    }
  });

  it('does not mistake inherited object keys for commands', () => {
    for (const principal of Object.values(PRINCIPALS)) {
      expect(authorize({ type: 'toString' }, principal)).toMatchObject({
        allowed: false,
        error: { code: 'auth.forbidden' },
      });
    }
  });
});
