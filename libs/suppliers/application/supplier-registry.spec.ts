import { randomUUID } from 'node:crypto';
import { EventStoreUnavailable, type CommandContext, type EventStore } from '@licita/event-store';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { DomainError, ManualClock, STALE_RESERVATION_MS } from '@licita/shared';
import { appendsMeetFirst } from '../../../test/support/appends-meet-first';
import { contextOf, useEventStore } from '../../../test/support/event-store-spec';
import { rfcCheckDigit } from '../domain/rfc';
import { supplierRfcStream } from '../domain/supplier-rfc-reservation';
import { supplierStream } from '../domain/supplier.events';
import { imposeSanction, registerSupplier } from '../domain/supplier.scenarios';
import { SupplierRegistry } from './supplier-registry';

const db = useEventStore('suppliers');
let store: PostgresEventStore;
let registry: SupplierRegistry;
beforeAll(() => {
  store = db.store;
  registry = new SupplierRegistry(store);
});

const NOW = new Date('2026-03-02T15:00:00.000Z');
const context = contextOf('anonymous', NOW);
/** Each test its own valid legal-entity RFC (TAA900101…, TAB900101…), so tests share no reservation stream. */
let nextRfc = 0;
const freshRfc = () => {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const first = `T${letters[Math.floor(nextRfc / 26)]}${letters[nextRfc++ % 26]}9001011A`;
  return first + rfcCheckDigit(first);
};
const aRegistration = (rfc: string, supplierId = randomUUID()) => ({ ...registerSupplier({ rfc }), supplierId });

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const outcome = await promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(DomainError);
  return outcome as DomainError;
}

it('registers a supplier: its RFC reservation, then its stream, with who and when', async () => {
  const rfc = freshRfc();
  const command = aRegistration(rfc);
  await expect(registry.register(command, context({ actor: 'account-7' }))).resolves.toEqual({
    supplierId: command.supplierId,
    rfc,
    alreadyRegistered: false,
  });

  const [reservation] = await store.readStream(supplierRfcStream(rfc));
  expect(reservation).toMatchObject({ type: 'SupplierRfcReserved', data: { rfc, supplierId: command.supplierId } });
  const [registered] = await store.readStream(supplierStream(command.supplierId));
  expect(registered).toMatchObject({
    type: 'SupplierRegistered',
    metadata: { actor: 'account-7', occurredAt: NOW.toISOString() },
  });
  expect((await registry.load(command.supplierId)).status).toBe('pending');
});

describe('concurrent registrations of one RFC', () => {
  const race = async (registryUnderTest: SupplierRegistry, count: number) => {
    const rfc = freshRfc();
    const attempts = Array.from({ length: count }, (_, i) => aRegistration(i % 2 ? rfc.toLowerCase() : rfc));
    const outcomes = await Promise.allSettled(
      attempts.map((command) => registryUnderTest.register(command, context())),
    );
    return { rfc, attempts, outcomes };
  };

  const expectOneWinner = async ({ rfc, attempts, outcomes }: Awaited<ReturnType<typeof race>>) => {
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'supplier.rfc_taken', kind: 'conflict', details: { rfc } });
    }
    const streams = await Promise.all(attempts.map((a) => store.readStream(supplierStream(a.supplierId))));
    expect(streams.filter((events) => events.length > 0)).toHaveLength(1);
    expect(await store.readStream(supplierRfcStream(rfc))).toHaveLength(1);
  };

  it('lets exactly one of 20 parallel registrations through; the others get supplier.rfc_taken', async () => {
    await expectOneWinner(await race(registry, 20));
  });

  it('still lets exactly one through when all 20 have read the RFC as free before any writes', async () => {
    await expectOneWinner(await race(new SupplierRegistry(appendsMeetFirst(store, 'supplier-rfc-', 20)), 20));
  });
});

it('refuses a second supplier with an RFC already registered, whenever it comes', async () => {
  const rfc = freshRfc();
  await registry.register(aRegistration(rfc), context());
  const later = context({ now: new Date(NOW.getTime() + 365 * 24 * 3_600_000) });
  expect(await rejection(registry.register(aRegistration(rfc), later))).toMatchObject({ code: 'supplier.rfc_taken' });
});

it('writes nothing for a wrong RFC', async () => {
  const command = aRegistration('EKU9003173C8');
  expect(await rejection(registry.register(command, context()))).toMatchObject({
    code: 'rfc.invalid',
    details: { part: 'check_digit' },
  });
  expect(await store.readStream(supplierRfcStream('EKU9003173C8'))).toEqual([]);
});

it('answers a repeated registration (same supplier id) with the registration it made, writing nothing new', async () => {
  const command = aRegistration(freshRfc());
  await registry.register(command, context());
  await expect(registry.register(command, context())).resolves.toMatchObject({ alreadyRegistered: true });
  expect(await store.readStream(supplierStream(command.supplierId))).toHaveLength(1);
});

describe('a crash between the reservation and the supplier stream', () => {
  const crashingOnce = (streamPrefix: string): EventStore => {
    let crashed = false;
    return Object.assign(Object.create(store) as EventStore, {
      appendToStream: (
        streamId: string,
        ...rest: Parameters<EventStore['appendToStream']> extends [string, ...infer R] ? R : never
      ) => {
        if (!crashed && streamId.startsWith(streamPrefix)) {
          crashed = true;
          return Promise.reject(new EventStoreUnavailable('connection lost'));
        }
        return store.appendToStream(streamId, ...rest);
      },
    });
  };

  it('is recovered by sending the same registration again', async () => {
    const command = aRegistration(freshRfc());
    const crashing = new SupplierRegistry(crashingOnce(supplierStream(command.supplierId)));
    await expect(crashing.register(command, context())).rejects.toBeInstanceOf(EventStoreUnavailable);
    expect(await store.readStream(supplierRfcStream(command.rfc))).toHaveLength(1);

    await expect(registry.register(command, context())).resolves.toMatchObject({ alreadyRegistered: false });
    expect((await registry.load(command.supplierId)).data?.rfc).toBe(command.rfc);
    expect(await store.readStream(supplierRfcStream(command.rfc))).toHaveLength(1);
  });

  it('leaves a reservation another supplier may take over only once it is stale', async () => {
    const abandoned = aRegistration(freshRfc());
    await expect(
      new SupplierRegistry(crashingOnce(supplierStream(abandoned.supplierId))).register(abandoned, context()),
    ).rejects.toThrow('connection lost');

    const other = aRegistration(abandoned.rfc);
    expect(
      await rejection(registry.register(other, context({ now: new Date(NOW.getTime() + STALE_RESERVATION_MS - 1) }))),
    ).toMatchObject({
      code: 'supplier.rfc_taken',
    });
    await registry.register(other, context({ now: new Date(NOW.getTime() + STALE_RESERVATION_MS) }));
    const claims = await store.readStream(supplierRfcStream(abandoned.rfc));
    expect(claims.map((e) => e.data)).toEqual([
      expect.objectContaining({ supplierId: abandoned.supplierId }),
      expect.objectContaining({ supplierId: other.supplierId, replaces: abandoned.supplierId }),
    ]);
    expect(
      await rejection(
        registry.register(abandoned, context({ now: new Date(NOW.getTime() + STALE_RESERVATION_MS + 1) })),
      ),
    ).toMatchObject({
      code: 'supplier.rfc_taken',
    });
  });
});

describe('a change of RFC', () => {
  it('claims the new RFC, releases the old one, and sends the supplier back to verification', async () => {
    const [oldRfc, newRfc] = [freshRfc(), freshRfc()];
    const supplier = aRegistration(oldRfc);
    await registry.register(supplier, context());
    await registry.handle(
      { type: 'VerifySupplier', supplierId: supplier.supplierId },
      context({ actor: 'account-registrar' }),
    );

    await registry.handle(
      { type: 'UpdateSupplierData', supplierId: supplier.supplierId, changes: { rfc: newRfc } },
      context({ actor: 'account-7' }),
    );

    expect(await registry.load(supplier.supplierId)).toMatchObject({ status: 'pending', data: { rfc: newRfc } });
    expect((await store.readStream(supplierRfcStream(oldRfc))).map((e) => e.type)).toEqual([
      'SupplierRfcReserved',
      'SupplierRfcReleased',
    ]);
    await expect(registry.register(aRegistration(oldRfc), context())).resolves.toMatchObject({
      alreadyRegistered: false,
    });
    expect(await rejection(registry.register(aRegistration(newRfc), context()))).toMatchObject({
      code: 'supplier.rfc_taken',
    });
  });

  it('is refused when another supplier holds the new RFC, and changes nothing', async () => {
    const [mine, theirs] = [freshRfc(), freshRfc()];
    const supplier = aRegistration(mine);
    await registry.register(supplier, context());
    await registry.register(aRegistration(theirs), context());

    const change = registry.handle(
      { type: 'UpdateSupplierData', supplierId: supplier.supplierId, changes: { rfc: theirs } },
      context(),
    );
    expect(await rejection(change)).toMatchObject({ code: 'supplier.rfc_taken' });
    expect((await registry.load(supplier.supplierId)).data?.rfc).toBe(mine);
  });
});

it('refuses classifier codes the catalog does not know, on registration and on change, before writing', async () => {
  const catalog = new Set(['45210000-2', '33100000-1', '30200000-1']);
  const checked = new SupplierRegistry(store, {
    assertKnownClassifierCodes: (codes) => {
      const unknownCodes = codes.filter((code) => !catalog.has(code));
      if (!unknownCodes.length) return Promise.resolve();
      return Promise.reject(new DomainError('classifier.unknown_code', 'unknown', 'invalid', { unknownCodes }));
    },
  });
  const supplier = aRegistration(freshRfc());
  expect(await rejection(checked.register({ ...supplier, classifierCodes: ['99999999-9'] }, context()))).toMatchObject({
    code: 'classifier.unknown_code',
    details: { unknownCodes: ['99999999-9'] },
  });
  expect(await store.readStream(supplierRfcStream(supplier.rfc))).toEqual([]);

  await checked.register(supplier, context());
  const change = (classifierCodes: string[]) =>
    checked.handle(
      { type: 'UpdateSupplierData', supplierId: supplier.supplierId, changes: { classifierCodes } },
      context(),
    );
  expect(await rejection(change(['30200000-1', '12345678-0']))).toMatchObject({ code: 'classifier.unknown_code' });
  await expect(change(['30200000-1'])).resolves.toMatchObject({ events: [{ type: 'SupplierDataChanged' }] });
});

it('records the reason of a rejection in the event metadata', async () => {
  const supplier = aRegistration(freshRfc());
  await registry.register(supplier, context());
  await registry.handle(
    { type: 'RejectSupplier', supplierId: supplier.supplierId, reason: 'illegible deed' },
    context({ actor: 'account-registrar' }),
  );
  const events = await store.readStream(supplierStream(supplier.supplierId));
  expect(events[1]).toMatchObject({
    type: 'SupplierRejected',
    metadata: { actor: 'account-registrar', reason: 'illegible deed' },
  });
});

describe('a sanction over time, with an injected clock', () => {
  it('bars the supplier from its start, and the expiry run (however late, after a restart) records its end', async () => {
    const clock = new ManualClock('2026-03-02T15:00:00.000Z');
    const at = (actor: string): CommandContext => context({ actor, now: clock.now() });
    const supplier = aRegistration(freshRfc());
    await registry.register(supplier, at('anonymous'));
    await registry.handle({ type: 'VerifySupplier', supplierId: supplier.supplierId }, at('account-registrar'));
    await registry.handle(
      {
        ...imposeSanction({ startsAt: '2026-03-03T06:00:00.000Z', endsAt: '2026-06-03T06:00:00.000Z' }),
        supplierId: supplier.supplierId,
      },
      at('account-auditor'),
    );
    expect(await registry.canParticipate(supplier.supplierId, clock.now())).toBe(true);

    clock.set('2026-03-03T06:00:00.000Z');
    expect(await registry.canParticipate(supplier.supplierId, clock.now())).toBe(false);
    await expect(
      registry.handle({ type: 'LiftExpiredSanctions', supplierId: supplier.supplierId }, at('system')),
    ).resolves.toMatchObject({ events: [] });

    clock.set('2026-06-10T00:00:00.000Z'); // a week late: the scheduler was down
    expect(await registry.canParticipate(supplier.supplierId, clock.now())).toBe(true);
    await registry.handle({ type: 'LiftExpiredSanctions', supplierId: supplier.supplierId }, at('system'));
    const last = (await store.readStream(supplierStream(supplier.supplierId))).at(-1);
    expect(last).toMatchObject({
      type: 'SanctionExpired',
      data: { expiredAt: '2026-06-03T06:00:00.000Z' },
      metadata: { actor: 'system' },
    });
    await expect(
      registry.handle({ type: 'LiftExpiredSanctions', supplierId: supplier.supplierId }, at('system')),
    ).resolves.toMatchObject({ events: [] });
  });
});
