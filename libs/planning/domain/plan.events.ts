import type { IsoDateTime, PlanChanges, PlanLine } from './plan.types';

/** One stream per buying unit and fiscal year: `plan-<buyingUnitId>-<year>`. */
export const planStream = (buyingUnitId: string, fiscalYear: number) => `plan-${buyingUnitId}-${fiscalYear}`;

type Event<T extends string, D> = { type: T; data: { buyingUnitId: string; fiscalYear: number } & D };

/**
 * A revision of the annual plan (revision 1 is its first publication): every line as it stands now and what
 * changed against the revision before. Who, when and why are in the data (and the event's metadata).
 */
export type PlanRevisionPublished = Event<
  'PlanRevisionPublished',
  {
    revision: number;
    lines: PlanLine[];
    changes: PlanChanges;
    reason: string | null;
    publishedBy: string;
    publishedAt: IsoDateTime;
  }
>;

/**
 * One line a revision adds, changes or removes (`line: null`), appended with the revision: the OCDS feed writes
 * one planning release per line, and orders releases by the position of the event they show.
 */
export type PlanLineRevised = Event<
  'PlanLineRevised',
  { revision: number; lineId: string; change: 'added' | 'changed' | 'removed'; line: PlanLine | null }
>;

/** A procedure (tender stream `tender-<tenderId>`) of the same unit and year executes a plan line. */
export type PlanLineLinked = Event<
  'PlanLineLinked',
  { lineId: string; tenderId: string; reason: string | null; linkedBy: string; linkedAt: IsoDateTime }
>;

export type PlanEvent = PlanRevisionPublished | PlanLineRevised | PlanLineLinked;
export const PLAN_EVENT_TYPES: ReadonlyArray<PlanEvent['type']> = [
  'PlanRevisionPublished',
  'PlanLineRevised',
  'PlanLineLinked',
];

/** The line events of a revision, in the order of its changes: added, changed, removed. */
export function lineEventsOf({ data }: PlanRevisionPublished): PlanLineRevised[] {
  const { buyingUnitId, fiscalYear, revision, changes, lines } = data;
  const lineOf = (lineId: string) => lines.find((line) => line.lineId === lineId) ?? null;
  const event = (change: PlanLineRevised['data']['change'], lineId: string): PlanLineRevised => ({
    type: 'PlanLineRevised',
    data: { buyingUnitId, fiscalYear, revision, lineId, change, line: change === 'removed' ? null : lineOf(lineId) },
  });
  return [
    ...changes.added.map((line) => event('added', line.lineId)),
    ...changes.changed.map((line) => event('changed', line.lineId)),
    ...changes.removed.map((line) => event('removed', line.lineId)),
  ];
}
