import { aBuyingUnit, aSupplierRegistration, aUniqueRfc, eventually, RegisterApi } from './register-api';

/** The lifecycle of a registration over HTTP, what each reader sees of it, and paging through the directories. */
let register: RegisterApi;
let registrar: string;

beforeAll(async () => {
  register = await RegisterApi.start();
  registrar = (await register.account('registrar')).token;
}, 120_000);

afterAll(() => register?.close());

/** Registers through the API; returns the supplier id and a token of its account. */
async function aRegisteredSupplier(
  overrides: Record<string, unknown> = {},
): Promise<{ supplierId: string; token: string }> {
  const body = aSupplierRegistration({ rfc: aUniqueRfc(), ...overrides });
  const reply = await register.call('POST', '/api/suppliers', { body });
  if (reply.status !== 201) throw new Error(`registration failed: ${JSON.stringify(reply.body)}`);
  return { supplierId: reply.body.supplierId, token: await register.login(body.account.email) };
}

const asStaff = (path: string) => register.call('GET', path, { token: registrar });
const untilStatus = (supplierId: string, status: string) =>
  eventually(`supplier ${supplierId} is ${status}`, async () => {
    const reply = await asStaff(`/api/suppliers/${supplierId}`);
    return reply.body?.status === status && reply.body;
  });

describe('the registrar’s decisions', () => {
  it('rejects a pending supplier with a reason the supplier and staff can read; correcting the data sends it back as pending', async () => {
    const { supplierId, token } = await aRegisteredSupplier();
    const rejected = await register.call('POST', `/api/suppliers/${supplierId}/reject`, {
      token: registrar,
      body: { reason: 'El acta constitutiva es ilegible' },
    });
    expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect(await untilStatus(supplierId, 'rejected')).toMatchObject({
      statusReason: 'El acta constitutiva es ilegible',
    });

    const corrected = await register.call('PATCH', `/api/suppliers/${supplierId}`, {
      token,
      body: { legalName: 'Kemper Urgate Escuela, S.C.' },
    });
    expect(corrected).toMatchObject({ status: 200, body: { status: 'pending', changedFields: ['legalName'] } });
    expect(await untilStatus(supplierId, 'pending')).toMatchObject({ legalName: 'Kemper Urgate Escuela, S.C.' });
  });

  it('refuses decisions that do not fit the status, with the status in the problem', async () => {
    const { supplierId } = await aRegisteredSupplier();
    expect(
      await register.call('POST', `/api/suppliers/${supplierId}/suspend`, { token: registrar, body: { reason: 'x' } }),
    ).toMatchObject({
      status: 409,
      body: { code: 'supplier.not_verified', details: { status: 'pending' } },
    });
    expect(
      await register.call('POST', `/api/suppliers/${supplierId}/reinstate`, {
        token: registrar,
        body: { reason: 'x' },
      }),
    ).toMatchObject({
      status: 409,
      body: { code: 'supplier.not_suspended' },
    });
    expect(
      await register.call('POST', '/api/suppliers/00000000-0000-4000-8000-000000000000/verify', { token: registrar }),
    ).toMatchObject({
      status: 404,
      body: { code: 'supplier.not_found' },
    });
  });

  it('suspends a verified supplier (still public, not eligible) and reinstates it', async () => {
    const { supplierId } = await aRegisteredSupplier();
    await register.call('POST', `/api/suppliers/${supplierId}/verify`, { token: registrar });
    expect(
      (
        await register.call('POST', `/api/suppliers/${supplierId}/suspend`, {
          token: registrar,
          body: { reason: 'Falsedad en una propuesta' },
        })
      ).body,
    ).toEqual({
      supplierId,
      status: 'suspended',
    });
    await untilStatus(supplierId, 'suspended');
    expect((await register.call('GET', `/api/suppliers/${supplierId}`)).body).toMatchObject({
      status: 'suspended',
      eligible: false,
    });

    await register.call('POST', `/api/suppliers/${supplierId}/reinstate`, {
      token: registrar,
      body: { reason: 'Aclarado' },
    });
    expect(await untilStatus(supplierId, 'verified')).toMatchObject({ eligible: true, statusReason: null });
  });
});

describe('registration by a registrar on the supplier’s behalf', () => {
  it('is refused: whoever registers chooses the password, so only the supplier registers itself', async () => {
    const body = aSupplierRegistration({ rfc: aUniqueRfc() });
    const reply = await register.call('POST', '/api/suppliers', { token: registrar, body });
    expect(reply).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(
      (
        await register.call('POST', '/api/auth/login', {
          body: { email: body.account.email, password: 'x'.repeat(12) },
        })
      ).status,
    ).toBe(401);
  });
});

describe('changes by the supplier', () => {
  it('needs verification again after an RFC change, and frees the old RFC for someone else', async () => {
    const oldRfc = aUniqueRfc();
    const newRfc = aUniqueRfc();
    const { supplierId, token } = await aRegisteredSupplier({ rfc: oldRfc });
    await register.call('POST', `/api/suppliers/${supplierId}/verify`, { token: registrar });

    const changed = await register.call('PATCH', `/api/suppliers/${supplierId}`, {
      token,
      body: { rfc: newRfc, size: 'medium' },
    });
    expect(changed).toMatchObject({ status: 200, body: { status: 'pending' } });
    expect(changed.body.changedFields.sort()).toEqual(['rfc', 'size']);
    // The read model may still show the registration's own `pending` (before the verification): wait for the change.
    const projected = await eventually(`supplier ${supplierId} shows the new RFC`, async () => {
      const reply = await asStaff(`/api/suppliers/${supplierId}`);
      return reply.body?.rfc === newRfc && reply.body;
    });
    expect(projected).toMatchObject({ status: 'pending', rfc: newRfc, size: 'medium' });

    expect(
      (await register.call('POST', '/api/suppliers', { body: aSupplierRegistration({ rfc: oldRfc }) })).status,
    ).toBe(201);
    expect(
      await register.call('POST', '/api/suppliers', { body: aSupplierRegistration({ rfc: newRfc }) }),
    ).toMatchObject({ status: 409, body: { code: 'supplier.rfc_taken' } });
  });

  it('keeps a verified supplier verified when only its contact, address or codes change', async () => {
    const { supplierId, token } = await aRegisteredSupplier();
    await register.call('POST', `/api/suppliers/${supplierId}/verify`, { token: registrar });
    const changed = await register.call('PATCH', `/api/suppliers/${supplierId}`, {
      token,
      body: {
        classifierCodes: ['72000000-5'],
        address: { street: 'Calle 60 No. 500', municipality: 'Mérida', state: 'MX-YUC', postalCode: '97000' },
      },
    });
    expect(changed).toMatchObject({ status: 200, body: { status: 'verified' } });
    await eventually(
      'the directory follows',
      async () => (await register.call('GET', '/api/suppliers?code=72000000-5&state=MX-YUC')).body.items.length === 1,
    );
  });

  it('refuses codes outside the catalog and malformed fields', async () => {
    const { supplierId, token } = await aRegisteredSupplier();
    expect(
      await register.call('PATCH', `/api/suppliers/${supplierId}`, {
        token,
        body: { classifierCodes: ['00000000-0'] },
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'classifier.unknown_code' },
    });
    expect(
      await register.call('PATCH', `/api/suppliers/${supplierId}`, { token, body: { rfc: 'SAT970701NN4' } }),
    ).toMatchObject({
      status: 422,
      body: { code: 'rfc.invalid', details: { part: 'check_digit' } },
    });
    expect(
      await register.call('PATCH', `/api/suppliers/${supplierId}`, { token, body: { personType: 'individual' } }),
    ).toMatchObject({
      status: 400,
      body: { code: 'request.invalid' },
    });
  });
});

describe('what each reader sees', () => {
  it('shows the public a legal entity’s business address and contact, but of an individual only municipality and state', async () => {
    const company = await aRegisteredSupplier();
    const person = await aRegisteredSupplier({
      rfc: 'GODE561231GR8',
      personType: 'individual',
      legalName: 'Ernesto Gómez Díaz',
    });
    for (const { supplierId } of [company, person])
      await register.call('POST', `/api/suppliers/${supplierId}/verify`, { token: registrar });
    await untilStatus(person.supplierId, 'verified');
    await untilStatus(company.supplierId, 'verified');

    const publicCompany = (await register.call('GET', `/api/suppliers/${company.supplierId}`)).body;
    expect(publicCompany).toMatchObject({
      address: { street: 'Av. Juárez 100', postalCode: '44100' },
      contact: { name: 'Ana Pérez' },
    });
    const publicPerson = (await register.call('GET', `/api/suppliers/${person.supplierId}`)).body;
    expect(publicPerson.address).toEqual({ municipality: 'Guadalajara', state: 'MX-JAL' });
    expect(publicPerson.contact).toBeNull();
    expect(publicPerson).not.toHaveProperty('statusReason');

    for (const token of [registrar, person.token]) {
      expect((await register.call('GET', `/api/suppliers/${person.supplierId}`, { token })).body).toMatchObject({
        address: { street: 'Av. Juárez 100' },
        contact: { name: 'Ana Pérez', phone: '+52 33 1234 5678' },
        statusReason: null,
      });
    }
  });

  it('hides pending and rejected suppliers from the public and from other suppliers, but not from auditors', async () => {
    const { supplierId } = await aRegisteredSupplier();
    const other = await aRegisteredSupplier();
    const auditor = (await register.account('auditor')).token;
    await untilStatus(supplierId, 'pending');
    expect((await register.call('GET', `/api/suppliers/${supplierId}`)).status).toBe(404);
    expect((await register.call('GET', `/api/suppliers/${supplierId}`, { token: other.token })).status).toBe(404);
    expect((await register.call('GET', `/api/suppliers/${supplierId}`, { token: auditor })).status).toBe(200);
    expect((await register.call('GET', '/api/suppliers?status=pending')).body.items).toEqual([]);
    const pending = (await register.call('GET', '/api/suppliers?status=pending&limit=100', { token: auditor })).body
      .items;
    expect(pending.map((item: { supplierId: string }) => item.supplierId)).toContain(supplierId);
  });
});

describe('paging', () => {
  it('walks the supplier directory page by page in name order without repeats', async () => {
    await register.caughtUp();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const reply = await asStaff(`/api/suppliers?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(reply.body.items.length).toBeLessThanOrEqual(3);
      all.push(
        ...reply.body.items.map(
          (item: { legalName: string; supplierId: string }) => `${item.legalName}|${item.supplierId}`,
        ),
      );
      cursor = reply.body.nextCursor;
    } while (cursor);
    const everything = (await asStaff('/api/suppliers?limit=100')).body.items.map(
      (item: { legalName: string; supplierId: string }) => `${item.legalName}|${item.supplierId}`,
    );
    expect(all).toEqual(everything);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(3);
  });

  it('refuses a cursor it did not issue, and a page size over 100', async () => {
    for (const [path, status, code] of [
      ['/api/suppliers?cursor=bm90LWEtY3Vyc29y', 422, 'request.invalid_cursor'],
      ['/api/sanctions?cursor=bm90LWEtY3Vyc29y', 422, 'request.invalid_cursor'],
      ['/api/suppliers?limit=101', 400, 'request.invalid'],
      ['/api/sanctions?current=maybe', 400, 'request.invalid'],
    ] as const)
      expect(await register.call('GET', path)).toMatchObject({ status, body: { code } });
  });

  it('lists buying units by code, filtered by level, page by page', async () => {
    for (const [code, level] of [
      ['BU-A1', 'federal'],
      ['BU-A2', 'state'],
      ['BU-A3', 'state'],
      ['BU-A4', 'municipal'],
    ]) {
      expect(
        (await register.call('POST', '/api/buying-units', { token: registrar, body: aBuyingUnit({ code, level }) }))
          .status,
      ).toBe(201);
    }
    await eventually(
      'units listed',
      async () => (await register.call('GET', '/api/buying-units?q=bu-a')).body.items.length === 4,
    );
    const first = (await register.call('GET', '/api/buying-units?level=state&limit=1')).body;
    expect(first.items.map((unit: { code: string }) => unit.code)).toEqual(['BU-A2']);
    const second = await register.call('GET', `/api/buying-units?level=state&limit=1&cursor=${first.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ code: 'BU-A3' }], nextCursor: null });
  });
});
