import type { RecordedEvent } from './event-store.port';

/**
 * Types a recorded event as the domain event its `type` names (the store keeps `data` as JSON): after
 * `isEventOf<SupplierRegistered | SupplierDataChanged>(event, 'SupplierRegistered', 'SupplierDataChanged')`,
 * `event.type` tells the two apart and `event.data` has their fields. Instead of casting the event.
 */
export function isEventOf<E extends { type: string; data: object }>(
  event: RecordedEvent,
  ...types: Array<E['type']>
): event is RecordedEvent & E {
  return (types as string[]).includes(event.type);
}
