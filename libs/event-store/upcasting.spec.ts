import type { RecordedEvent } from './event-store.port';
import { UpcasterRegistry } from './upcasting';

const recorded = (data: RecordedEvent['data'], schemaVersion?: number): RecordedEvent => ({
  id: 'e-1',
  type: 'SupplierRegistered',
  streamId: 'supplier-1',
  data,
  metadata: { actor: 'system', correlationId: 'c', occurredAt: '2026-01-01T00:00:00Z', schemaVersion },
  streamRevision: 0n,
  globalPosition: 1n,
  recordedAt: new Date(0),
});

describe('upcasters', () => {
  const registry = new UpcasterRegistry();
  registry.register(
    { type: 'SupplierRegistered', fromVersion: 1, upcast: (d) => ({ size: 'unknown', ...d }) },
    {
      type: 'SupplierRegistered',
      fromVersion: 2,
      toVersion: 4,
      upcast: ({ name, ...d }) => ({ ...d, legalName: name }),
    },
  );

  it('climbs the chain from the recorded version to the current one', () => {
    const upcast = registry.upcast(recorded({ name: 'Acme' }));
    expect(upcast.data).toEqual({ size: 'unknown', legalName: 'Acme' });
    expect(upcast.metadata.schemaVersion).toBe(4);
    expect(registry.upcast(recorded({ name: 'Acme', size: 'small' }, 2)).data).toEqual({
      size: 'small',
      legalName: 'Acme',
    });
  });

  it('leaves an event in the current shape, or of a type without upcasters, as it is', () => {
    const current = recorded({ legalName: 'Acme', size: 'small' }, 4);
    expect(registry.upcast(current)).toBe(current);
    const other = { ...recorded({ x: 1 }), type: 'Other' };
    expect(registry.upcast(other)).toBe(other);
  });

  it('stamps the current version at append, keeping one given explicitly', () => {
    const event = { id: 'e', type: 'SupplierRegistered', data: {}, metadata: recorded({}).metadata };
    expect(
      registry.stamp({ ...event, metadata: { ...event.metadata, schemaVersion: undefined } }).metadata.schemaVersion,
    ).toBe(4);
    expect(registry.stamp(event).metadata.schemaVersion).toBe(4);
    expect(registry.stamp({ ...event, metadata: { ...event.metadata, schemaVersion: 1 } }).metadata.schemaVersion).toBe(
      1,
    );
    expect(registry.stamp({ ...event, type: 'Other' })).toEqual({ ...event, type: 'Other' });
  });

  it('refuses two upcasters from the same version, and one that does not go up', () => {
    expect(() => registry.register({ type: 'SupplierRegistered', fromVersion: 1, upcast: (d) => d })).toThrow(
      /two upcasters/,
    );
    expect(() => registry.register({ type: 'X', fromVersion: 2, toVersion: 2, upcast: (d) => d })).toThrow(RangeError);
  });
});
