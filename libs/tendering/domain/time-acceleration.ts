import { invalid } from '@licita/shared';
import type * as C from './tender.commands';
import type { TenderPolicy } from './tender.policy';
import type { TenderState } from './tender.state';
import { DAY_MS } from './tender.types';

/**
 * Practice mode's accelerated time (README "Sandbox (practice mode)"), as ProZorro's sandbox does it
 * (`procurementMethodDetails: "quick, accelerator=1440"`): a tender's periods shrink by its factor, so a whole
 * procedure with an auction can be practised in half an hour. The factor is part of the tender's content (recorded
 * in TenderCreated and TenderPublished); the deciders keep the injected clock and divide the *rules'* days.
 */
export const MAX_TIME_ACCELERATION = 100_000;

/** `{}` at 1 (the field stays absent, as on every tender before it existed), else the factor; checked against the policy. */
export function checkTimeAcceleration(value: unknown, policy: TenderPolicy): { timeAcceleration?: number } {
  if (value === undefined || value === null || value === 1) return {};
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TIME_ACCELERATION)
    throw invalid(
      'tender.invalid_time_acceleration',
      `the time acceleration is a whole number from 1 to ${MAX_TIME_ACCELERATION}`,
      { field: 'timeAcceleration', maximum: MAX_TIME_ACCELERATION },
    );
  if (value > policy.maxTimeAcceleration)
    throw invalid(
      'tender.time_acceleration_not_allowed',
      'time runs accelerated only in a sandbox (practice) deployment; here every tender keeps real time',
      { field: 'timeAcceleration', maximum: policy.maxTimeAcceleration },
    );
  return { timeAcceleration: value };
}

/**
 * The policy a decision about an accelerated tender runs under, marked with its factor: the amendment notice, the
 * award limit and the objection period divided by it (fractions of a day allowed, compared as 24-hour spans). The
 * minimum submission periods stay the law's (legal-calendar.ts) and the policy's: `acceleratedPeriodCheck` divides
 * them where the period is checked. The minimum number of invitees is not time, and stays. At factor 1 the policy
 * itself.
 */
export function acceleratedPolicy(policy: TenderPolicy, factor: number): TenderPolicy {
  if (factor === 1) return policy;
  const divide = (days: number) => days / factor;
  return {
    ...policy,
    amendmentNoticeDays: divide(policy.amendmentNoticeDays),
    maxDaysFromOpeningToAward: divide(policy.maxDaysFromOpeningToAward),
    objectionPeriodDays: divide(policy.objectionPeriodDays),
    timeAcceleration: factor,
  };
}

/**
 * The period check on an accelerated tender's clock, in place of the calendar-day check (legal-calendar.ts
 * `checkPeriod`): elapsed real time × factor against `minimumDays` (the law's, undivided) as 24-hour spans. The
 * earliest end is an instant, not a Mexico City date.
 */
export function acceleratedPeriodCheck(
  startsAt: string,
  endsAt: string,
  minimumDays: number,
  factor: number,
): { ok: boolean; actualDays: number; earliestEndDate: string } {
  const elapsed = Date.parse(endsAt) - Date.parse(startsAt);
  return {
    ok: elapsed * factor >= minimumDays * DAY_MS,
    actualDays: (elapsed * factor) / DAY_MS,
    earliestEndDate: new Date(Date.parse(startsAt) + Math.ceil((minimumDays * DAY_MS) / factor)).toISOString(),
  };
}

/**
 * The factor a command is decided under: a new tender's or a draft's (the factor it asks for, checked by the
 * content's rules), otherwise the tender's own. A factor that is not a valid one counts as 1 here; the content's
 * check refuses it.
 */
export function timeAccelerationFor(command: C.TenderCommand, state: TenderState): number {
  const asked =
    command.type === 'CreateTender'
      ? command.content.timeAcceleration
      : command.type === 'UpdateTenderDraft' && 'timeAcceleration' in (command.changes ?? {})
        ? command.changes.timeAcceleration
        : state.content?.timeAcceleration;
  return typeof asked === 'number' && Number.isInteger(asked) && asked >= 1 && asked <= MAX_TIME_ACCELERATION
    ? asked
    : 1;
}
