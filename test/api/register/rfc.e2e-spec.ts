import { randomUUID } from 'node:crypto';
import { REAL_RFCS } from '@licita/suppliers/testing/real-rfcs';
import { aSupplierRegistration, eventually, RegisterApi } from './register-api';

/** Registration over HTTP: the full RFC check with the part that is wrong, and one supplier per RFC under concurrency. */
let register: RegisterApi;

beforeAll(async () => {
  register = await RegisterApi.start();
}, 120_000);

afterAll(() => register?.close());

const registerSupplier = (overrides: Record<string, unknown>) =>
  register.call('POST', '/api/suppliers', { body: aSupplierRegistration(overrides) });

/** Real RFCs the tests below register themselves, so the first leaves them free (one supplier per RFC). */
const REGISTERED_BELOW = ['AMO000925Q31', 'EKU9003173C9', 'H&E951128469', 'HAÑ930228SM9', 'FUNK671228PH6'];
const FREE_REAL_RFCS = REAL_RFCS.filter(([rfc]) => !REGISTERED_BELOW.includes(rfc));

describe('the RFC of a registration', () => {
  it.each(FREE_REAL_RFCS)('accepts %s (%s)', async (rfc, legalName, personType) => {
    const reply = await registerSupplier({ rfc, legalName, personType });
    expect(reply).toMatchObject({ status: 201, body: { rfc } });
  });

  it.each([
    ['PEM380607P35', 'check_digit', 'the often mis-quoted PEMEX RFC'],
    ['BMN930209928', 'check_digit', 'Banco de México with its check digit changed'],
    ['CFE370814QI1', 'check_digit', 'CFE with its check digit changed'],
    ['IMS421231I46', 'check_digit', 'IMSS with its check digit changed'],
    ['SAT970230NN3', 'date', '30 February'],
    ['SAT971301NN3', 'date', 'month 13'],
    ['SAT970701N03', 'homoclave', 'a 0 in the homoclave'],
    ['S4T970701NN3', 'letters', 'a digit among the name letters'],
    ['XAXX010101000', 'generic', 'the generic RFC for the general public'],
    ['XEXX010101000', 'generic', 'the generic RFC for foreigners'],
    ['SAT970701NN', 'structure', 'one character short'],
  ])('refuses %s with 422 rfc.invalid naming the part "%s" (%s)', async (rfc, part) => {
    const reply = await registerSupplier({ rfc });
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ code: 'rfc.invalid', details: { rfc, part } });
  });

  it('normalizes case, spaces and hyphens before checking', async () => {
    const reply = await registerSupplier({ rfc: ' eku-900317-3c9 ' });
    expect(reply).toMatchObject({ status: 201, body: { rfc: 'EKU9003173C9' } });
  });

  it('refuses an RFC whose length says another person type than the one declared', async () => {
    const reply = await registerSupplier({ rfc: 'FUNK671228PH6', personType: 'legal_entity' });
    expect(reply).toMatchObject({
      status: 422,
      body: { code: 'supplier.person_type_mismatch', details: { rfcPersonType: 'individual' } },
    });
  });

  it('refuses classifier codes that are not in the catalog', async () => {
    const reply = await registerSupplier({ rfc: 'AMO000925Q31', classifierCodes: ['45210000-2', '99999999-9'] });
    expect(reply).toMatchObject({
      status: 422,
      body: { code: 'classifier.unknown_code', details: { unknownCodes: ['99999999-9'] } },
    });
  });

  it('refuses unknown fields and over-long values before the domain sees them', async () => {
    expect(await registerSupplier({ rfc: 'H&E951128469', isAdmin: true })).toMatchObject({
      status: 400,
      body: { code: 'request.invalid' },
    });
    expect(await registerSupplier({ rfc: 'H&E951128469', legalName: 'x'.repeat(301) })).toMatchObject({
      status: 400,
      body: { code: 'request.invalid' },
    });
  });
});

describe('one supplier per RFC', () => {
  it('lets exactly one of 12 concurrent registrations of the same RFC through; the others get 409 supplier.rfc_taken', async () => {
    const attempts = Array.from({ length: 12 }, (_, i) =>
      aSupplierRegistration({
        supplierId: randomUUID(),
        rfc: 'FUNK671228PH6',
        personType: 'individual',
        legalName: `Solicitante ${i}`,
      }),
    );
    const replies = await Promise.all(attempts.map((body) => register.call('POST', '/api/suppliers', { body })));

    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([201, ...Array(11).fill(409)]);
    expect(
      replies.filter((reply) => reply.status === 409).every((reply) => reply.body.code === 'supplier.rfc_taken'),
    ).toBe(true);

    const registrar = await register.account('registrar');
    const listed = await eventually('the winner is in the directory', async () => {
      const reply = await register.call('GET', '/api/suppliers?rfc=FUNK671228PH6', { token: registrar.token });
      return reply.body.items.length > 0 && reply.body.items;
    });
    const winner = replies.find((reply) => reply.status === 201)?.body.supplierId;
    expect(listed.map((item: { supplierId: string }) => item.supplierId)).toEqual([winner]);
  });

  it('refuses a later registration of an RFC already registered, whatever its spelling', async () => {
    expect((await registerSupplier({ rfc: 'H&E951128469', legalName: 'Herrería & Eléctricos' })).status).toBe(201);
    expect(await registerSupplier({ rfc: 'h&e-951128-469', legalName: 'Otra' })).toMatchObject({
      status: 409,
      body: { code: 'supplier.rfc_taken' },
    });
  });

  it('refuses an email that already has an account before claiming the RFC, so the RFC stays free', async () => {
    const first = aSupplierRegistration({ rfc: 'HAÑ930228SM9', legalName: 'Hermanos Anzures Ñarváez' });
    const sameEmail = aSupplierRegistration({
      rfc: 'KAHO641101B39',
      personType: 'individual',
      legalName: 'Oscar Kala Haak',
      account: first.account,
    });
    expect((await register.call('POST', '/api/suppliers', { body: first })).status).toBe(201);
    expect(await register.call('POST', '/api/suppliers', { body: sameEmail })).toMatchObject({
      status: 409,
      body: { code: 'account.email_taken' },
    });
    expect(
      (await registerSupplier({ rfc: 'KAHO641101B39', personType: 'individual', legalName: 'Oscar Kala Haak' })).status,
    ).toBe(201);
  });
});
