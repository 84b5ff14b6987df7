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

/** A procedure (tender stream `tender-<tenderId>`) of the same unit and year executes a plan line. */
export type PlanLineLinked = Event<
  'PlanLineLinked',
  { lineId: string; tenderId: string; reason: string | null; linkedBy: string; linkedAt: IsoDateTime }
>;

export type PlanEvent = PlanRevisionPublished | PlanLineLinked;
export const PLAN_EVENT_TYPES: ReadonlyArray<PlanEvent['type']> = ['PlanRevisionPublished', 'PlanLineLinked'];
