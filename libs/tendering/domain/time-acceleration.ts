import { invalid } from '@licita/shared';
import type * as C from './tender.commands';
import type { TenderPolicy } from './tender.policy';
import type { TenderState } from './tender.state';

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
 * The policy a decision about an accelerated tender runs under: every period of days divided by the factor
 * (fractions of a day allowed), so the checks compare elapsed real time × factor with the rule's days as 24-hour
 * spans. The minimum number of invitees is not time, and stays. At factor 1 the policy itself.
 */
export function acceleratedPolicy(policy: TenderPolicy, factor: number): TenderPolicy {
  if (factor === 1) return policy;
  const divide = (days: number) => days / factor;
  return {
    ...policy,
    minSubmissionPeriodDays: {
      public_national: divide(policy.minSubmissionPeriodDays.public_national),
      public_international: divide(policy.minSubmissionPeriodDays.public_international),
      invitation: divide(policy.minSubmissionPeriodDays.invitation),
    },
    reducedSubmissionPeriodDays: divide(policy.reducedSubmissionPeriodDays),
    amendmentNoticeDays: divide(policy.amendmentNoticeDays),
    maxDaysFromOpeningToAward: divide(policy.maxDaysFromOpeningToAward),
    objectionPeriodDays: divide(policy.objectionPeriodDays),
    timeAcceleration: factor,
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
