import { randomUUID } from 'node:crypto';
import type { EventToAppend, JsonObject, RecordedEvent } from '../event-store.port';
import { registerUpcasters } from '../upcasting';
import { anEvent, collect, type Scope } from './event-store.conformance';

/**
 * A test event type with three shapes: v1 `{ name }`; v2 renamed it (`{ title }`); v3 added `{ language }`,
 * 'es' for events written before it existed. Registered once, in the registry the adapters read through.
 */
export const UPCAST_TEST_TYPE = 'ConformanceTitled';

registerUpcasters(
  { type: UPCAST_TEST_TYPE, fromVersion: 1, upcast: ({ name, ...rest }) => ({ ...rest, title: name ?? null }) },
  { type: UPCAST_TEST_TYPE, fromVersion: 2, toVersion: 3, upcast: (data) => ({ language: 'es', ...data }) },
);

/**
 * An event as an older version of the code wrote it. Appended with no `schemaVersion` it would be stamped with
 * the current one, so the old version is explicit here (rows with none at all: postgres-event-store.upcasting.spec).
 */
export function oldEvent(data: JsonObject, schemaVersion: number): EventToAppend {
  const event = anEvent(UPCAST_TEST_TYPE, data);
  event.metadata.schemaVersion = schemaVersion;
  return event;
}

const shapes = (events: RecordedEvent[]) => events.map((e) => ({ data: e.data, version: e.metadata.schemaVersion }));
const CURRENT = [
  { data: { title: 'Papelería', language: 'es' }, version: 3 },
  { data: { title: 'Cemento', language: 'es' }, version: 3 },
  { data: { title: 'Pupitres', language: 'en' }, version: 3 },
];

/** Every read of the port gives the current shape, whichever shape the event was written in. */
export function describeUpcasting(scope: Scope): void {
  describe('reading events written in an older shape', () => {
    const appendThreeShapes = async () => {
      const { store, stream } = scope;
      const start = await store.headPosition();
      await store.appendToStream(
        stream(`old-${randomUUID()}`),
        [
          oldEvent({ name: 'Papelería' }, 1),
          oldEvent({ title: 'Cemento' }, 2),
          anEvent(UPCAST_TEST_TYPE, { title: 'Pupitres', language: 'en' }),
        ],
        { expectedRevision: 'no_stream' },
      );
      return start;
    };

    it('stamps the current schema version on a new event and keeps an older one given explicitly', async () => {
      const { store, stream } = scope;
      const id = stream('stamp');
      await store.appendToStream(id, [anEvent(UPCAST_TEST_TYPE, { title: 'x', language: 'es' })], {
        expectedRevision: 'no_stream',
      });
      expect((await store.readStream(id))[0].metadata.schemaVersion).toBe(3);
    });

    it('upcasts through readStream', async () => {
      const { store, stream } = scope;
      await appendThreeShapes();
      const [streamId] = (await store.readAll({ filter: { streamPrefixes: [stream('old-')] } })).map((e) => e.streamId);
      expect(shapes(await store.readStream(streamId))).toEqual(CURRENT);
    });

    it('upcasts through readAll and subscribeToAll', async () => {
      const { store, stream } = scope;
      const start = await appendThreeShapes();
      const filter = { streamPrefixes: [stream('old-')] };
      expect(shapes(await store.readAll({ fromPosition: start, filter }))).toEqual(CURRENT);
      expect(shapes(await collect(store.subscribeToAll({ fromPosition: start, filter }), 3))).toEqual(CURRENT);
    });
  });
}
