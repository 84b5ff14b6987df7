import { randomUUID } from 'node:crypto';
import type { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { appendsMeetFirst } from '../../../test/support/appends-meet-first';
import { contextOf, useEventStore } from '../../../test/support/event-store-spec';
import { buyingUnitCodeStream } from '../domain/buying-unit-code-reservation';
import { buyingUnitStream } from '../domain/buying-unit.events';
import { registerBuyingUnit } from '../domain/buying-unit.scenarios';
import { BuyingUnitRegistry } from './buying-unit-registry';

const db = useEventStore('buying_units');
let store: PostgresEventStore;
let registry: BuyingUnitRegistry;
beforeAll(() => {
  store = db.store;
  registry = new BuyingUnitRegistry(store);
});

const context = contextOf('account-registrar', new Date('2026-03-02T15:00:00.000Z'));
const aUnit = (code: string) => registerBuyingUnit({ buyingUnitId: randomUUID(), code });

it('registers a unit, recording the registrar who did it', async () => {
  const unit = aUnit('UC-0001');
  await expect(registry.register(unit, context())).resolves.toEqual({
    buyingUnitId: unit.buyingUnitId,
    code: 'UC-0001',
    alreadyRegistered: false,
  });
  expect(await store.readStream(buyingUnitStream(unit.buyingUnitId))).toMatchObject([
    { type: 'BuyingUnitRegistered', metadata: { actor: 'account-registrar' } },
  ]);
  expect(await registry.load(unit.buyingUnitId)).toMatchObject({ registered: true, level: 'federal' });
});

it.each([
  ['as they come', 'UC-0002', () => registry],
  [
    'when all have read the code as free before any writes',
    'UC-0005',
    () => new BuyingUnitRegistry(appendsMeetFirst(store, 'buying-unit-code-', 12)),
  ],
])(
  'lets exactly one of 12 parallel registrations of one code through, %s; the others get buying_unit.code_taken',
  async (_how, code, registryUnderTest) => {
    const units = Array.from({ length: 12 }, (_, i) => aUnit(i % 2 ? code.toLowerCase() : code));
    const underTest = registryUnderTest();
    const outcomes = await Promise.allSettled(units.map((unit) => underTest.register(unit, context())));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'buying_unit.code_taken', kind: 'conflict' });
    const written = await Promise.all(units.map((u) => store.readStream(buyingUnitStream(u.buyingUnitId))));
    expect(written.filter((events) => events.length > 0)).toHaveLength(1);
    expect(await store.readStream(buyingUnitCodeStream(code))).toHaveLength(1);
  },
);

it('answers a repeated registration with the one it made', async () => {
  const unit = aUnit('UC-0003');
  await registry.register(unit, context());
  await expect(registry.register(unit, context())).resolves.toMatchObject({ alreadyRegistered: true });
  await expect(registry.register({ ...unit, code: 'UC-0004' }, context())).rejects.toMatchObject({
    code: 'buying_unit.already_registered',
  });
});
