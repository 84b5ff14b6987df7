import { deciderSpec, thrownBy } from '../../../test/support/decider-spec';
import { STALE_RESERVATION_MS } from '@licita/shared';
import { claimsOf } from '../../../test/support/reservation-spec';
import { emailReservation } from './account-email-reservation';
import { accountDecider } from './account.decider';
import { A_HASH, ACCOUNT_ID, accountCreated, createAccount } from './account.scenarios';

const given = deciderSpec(accountDecider);
const accountId = ACCOUNT_ID;
const disabled = { type: 'AccountDisabled', data: { accountId, reason: 'left the company' } } as const;

describe('creating an account', () => {
  it('records a supplier account bound to its supplier, with the email normalized', () =>
    given()
      .when(createAccount({ email: '  Ana@Kemper.Example.MX ' }))
      .then(accountCreated()));

  it('binds a buyer to its buying unit and staff to nothing', () => {
    given()
      .when(createAccount({ role: 'buyer', supplierId: undefined, buyingUnitId: 'unit-1' }))
      .then(accountCreated({ role: 'buyer', supplierId: undefined, buyingUnitId: 'unit-1' }));
    given()
      .when(createAccount({ role: 'auditor', supplierId: undefined }))
      .then(accountCreated({ role: 'auditor', supplierId: undefined }));
  });

  it.each([
    ['supplier', { supplierId: undefined }],
    ['supplier', { buyingUnitId: 'unit-1' }],
    ['buyer', { supplierId: undefined }],
    ['registrar', {}],
  ] as const)('refuses a %s account bound wrongly (%o)', (role, binding) =>
    given()
      .when(createAccount({ role, ...binding }))
      .thenThrows('account.invalid_binding', { role }),
  );

  it("binds a state administrator to its state's INEGI key, and no other role to a state", () => {
    const admin = {
      role: 'state_admin' as const,
      origin: 'registrar' as const,
      supplierId: undefined,
      stateCode: '14',
    };
    given().when(createAccount(admin)).then(accountCreated(admin));
    for (const stateCode of [undefined, '33', '1', 'JAL'])
      given()
        .when(createAccount({ ...admin, stateCode }))
        .thenThrows('account.invalid_binding', { role: 'state_admin', field: 'stateCode' });
    given()
      .when(createAccount({ role: 'buyer', supplierId: undefined, buyingUnitId: 'unit-1', stateCode: '14' }))
      .thenThrows('account.invalid_binding', { role: 'buyer' });
  });

  it('makes a follower account only from its own sign-up, and a sign-up nothing but a follower', () => {
    const follower = { role: 'follower' as const, origin: 'follower_signup' as const, supplierId: undefined };
    given().when(createAccount(follower)).then(accountCreated(follower));
    given()
      .when(createAccount({ ...follower, origin: 'registrar' }))
      .thenThrows('account.follower_self_signup_only', { origin: 'registrar' });
    given()
      .when(createAccount({ role: 'registrar', origin: 'follower_signup', supplierId: undefined }))
      .thenThrows('account.follower_self_signup_only', { role: 'registrar' });
  });

  it('makes a supplier account only from the supplier’s own registration (#16: no role mints another’s login)', () => {
    given()
      .when(createAccount({ origin: 'registrar' }))
      .thenThrows('account.supplier_self_registration_only', { origin: 'registrar' });
    given()
      .when(createAccount({ origin: 'first_start' }))
      .thenThrows('account.supplier_self_registration_only');
    given()
      .when(createAccount({ origin: 'somewhere' as never }))
      .thenThrows('account.invalid_origin');
    given()
      .when(createAccount({ role: 'buyer', origin: 'registrar', supplierId: undefined, buyingUnitId: 'unit-1' }))
      .then(accountCreated({ role: 'buyer', supplierId: undefined, buyingUnitId: 'unit-1' }));
  });

  it('refuses an email that is not an address and a role that does not exist', () => {
    given()
      .when(createAccount({ email: 'ana.kemper' }))
      .thenThrows('account.invalid_email');
    given()
      .when(createAccount({ role: 'admin' as never }))
      .thenThrows('account.invalid_role');
  });

  it('marks a one-time password so that it must be changed', () =>
    expect(
      given()
        .when(createAccount({ role: 'registrar', supplierId: undefined, mustChangePassword: true }))
        .thenState(),
    ).toMatchObject({ mustChangePassword: true }));

  it('refuses the same account twice', () =>
    given(accountCreated()).when(createAccount()).thenThrows('account.already_exists'));
});

describe('passwords and access', () => {
  it('records a new password hash and ends older sessions', () => {
    given(accountCreated())
      .when({ type: 'ChangePassword', accountId, passwordHash: '$scrypt$new' })
      .then({ type: 'PasswordChanged', data: { accountId, passwordHash: '$scrypt$new' } });
    const state = given(accountCreated({ mustChangePassword: true }))
      .when({ type: 'ChangePassword', accountId, passwordHash: '$scrypt$new' })
      .thenState();
    expect(state).toMatchObject({ passwordHash: '$scrypt$new', mustChangePassword: false, sessionVersion: 1 });
  });

  it('disables an account (ending its sessions) and enables it again; repeats change nothing', () => {
    expect(
      given(accountCreated()).when({ type: 'DisableAccount', accountId, reason: 'left the company' }).thenState(),
    ).toMatchObject({ status: 'disabled', sessionVersion: 1 });
    given(accountCreated(), disabled).when({ type: 'DisableAccount', accountId, reason: 'again' }).thenNothing();
    given(accountCreated(), disabled)
      .when({ type: 'EnableAccount', accountId, reason: 'came back' })
      .then({ type: 'AccountEnabled', data: { accountId, reason: 'came back' } });
    given(accountCreated()).when({ type: 'EnableAccount', accountId, reason: 'x' }).thenNothing();
  });

  it('revokes every session (a supplier suspended or sanctioned): the session version goes up, a reason is required', () => {
    expect(
      given(accountCreated())
        .when({ type: 'RevokeSessions', accountId, reason: 'SuspendSupplier: RFC falso' })
        .thenState(),
    ).toMatchObject({ status: 'active', sessionVersion: 1 });
    given(accountCreated())
      .when({ type: 'RevokeSessions', accountId, reason: ' ' })
      .thenThrows('account.reason_required');
    given().when({ type: 'RevokeSessions', accountId, reason: 'x' }).thenThrows('account.not_found');
  });

  it('refuses a password change for a disabled or unknown account', () => {
    given(accountCreated(), disabled)
      .when({ type: 'ChangePassword', accountId, passwordHash: A_HASH })
      .thenThrows('account.disabled');
    given().when({ type: 'ChangePassword', accountId, passwordHash: A_HASH }).thenThrows('account.not_found');
  });
});

describe('the email reservation', () => {
  const { evolve: evolveReservation, initialState: initialReservation } = emailReservation;
  const decideEmailClaim = claimsOf(emailReservation, { value: 'email', holder: 'accountId', uses: 'holderUsesEmail' });
  const now = new Date('2026-03-01T12:00:00.000Z');
  const heldBy = (holder: string, msAgo: number) =>
    evolveReservation(initialReservation(), {
      type: 'AccountEmailReserved',
      data: { email: 'a@b.mx', accountId: holder, reservedAt: new Date(now.getTime() - msAgo).toISOString() },
    });

  it('reserves a free email; the holder claiming again appends nothing', () => {
    expect(
      decideEmailClaim(initialReservation(), { email: 'a@b.mx', accountId: 'A', holderUsesEmail: false }, now),
    ).toHaveLength(1);
    expect(decideEmailClaim(heldBy('A', 0), { email: 'a@b.mx', accountId: 'A', holderUsesEmail: false }, now)).toEqual(
      [],
    );
  });

  it('refuses an email in use with account.email_taken (409), and takes over only a stale claim', () => {
    expect(
      thrownBy(() =>
        decideEmailClaim(
          heldBy('A', STALE_RESERVATION_MS * 9),
          { email: 'a@b.mx', accountId: 'B', holderUsesEmail: true },
          now,
        ),
      ),
    ).toMatchObject({
      code: 'account.email_taken',
      kind: 'conflict',
    });
    expect(
      thrownBy(() =>
        decideEmailClaim(
          heldBy('A', STALE_RESERVATION_MS - 1),
          { email: 'a@b.mx', accountId: 'B', holderUsesEmail: false },
          now,
        ),
      ),
    ).toMatchObject({
      code: 'account.email_taken',
    });
    expect(
      decideEmailClaim(
        heldBy('A', STALE_RESERVATION_MS),
        { email: 'a@b.mx', accountId: 'B', holderUsesEmail: false },
        now,
      )[0].data,
    ).toMatchObject({ accountId: 'B', replaces: 'A' });
  });
});
