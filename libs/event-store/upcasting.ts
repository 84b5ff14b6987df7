import type { EventToAppend, JsonObject, RecordedEvent } from './event-store.port';

/**
 * Events change shape over time; the log keeps every shape it ever recorded. Each event type has a schema
 * version (`metadata.schemaVersion`, absent = 1), stamped at append with the type's current version. On every
 * read (`readStream`, `readAll`, `subscribeToAll`, in both adapters) a recorded event climbs the chain of
 * upcasters registered for its type, from the version it was written with to the current one, so deciders and
 * projections only ever see the current shape. See libs/event-store/README.md.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  /** Defaults to `fromVersion + 1`. */
  toVersion?: number;
  upcast(data: JsonObject): JsonObject;
}

/** The metadata key holding the version of the shape of `data`. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

export class UpcasterRegistry {
  private readonly byStep = new Map<string, Upcaster>();
  private readonly current = new Map<string, number>();

  register(...upcasters: Upcaster[]): void {
    for (const upcaster of upcasters) {
      const key = stepKey(upcaster.type, upcaster.fromVersion);
      const target = targetOf(upcaster);
      if (target <= upcaster.fromVersion)
        throw new RangeError(`upcaster of ${upcaster.type} must go up from version ${upcaster.fromVersion}`);
      const known = this.byStep.get(key);
      if (known && known !== upcaster)
        throw new Error(`two upcasters of ${upcaster.type} from version ${upcaster.fromVersion}`);
      this.byStep.set(key, upcaster);
      this.current.set(upcaster.type, Math.max(this.currentVersion(upcaster.type), target));
    }
  }

  /** The version new events of this type are written with (1 when nothing was registered). */
  currentVersion(type: string): number {
    return this.current.get(type) ?? 1;
  }

  /** Stamps the current schema version on an event about to be appended (kept when the caller set one). */
  stamp(event: EventToAppend): EventToAppend {
    const version = this.currentVersion(event.type);
    if (version === 1 || event.metadata[SCHEMA_VERSION_KEY] !== undefined) return event;
    return { ...event, metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: version } };
  }

  /** The event in its current shape: the same object when no upcaster applies. */
  upcast(event: RecordedEvent): RecordedEvent {
    let version = versionOf(event);
    let data = event.data;
    for (let step = this.byStep.get(stepKey(event.type, version)); step;) {
      data = step.upcast(data);
      version = targetOf(step);
      step = this.byStep.get(stepKey(event.type, version));
    }
    if (data === event.data) return event;
    return { ...event, data, metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: version } };
  }
}

/** The registry both adapters read through unless they are given another one. */
export const upcasters = new UpcasterRegistry();

/** What a context calls (in its module or index) to declare how its older event shapes become current. */
export function registerUpcasters(...list: Upcaster[]): void {
  upcasters.register(...list);
}

function versionOf(event: RecordedEvent): number {
  const version = event.metadata[SCHEMA_VERSION_KEY];
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1;
}

const targetOf = (upcaster: Upcaster) => upcaster.toVersion ?? upcaster.fromVersion + 1;
const stepKey = (type: string, version: number) => `${type}@${version}`;
