import { LAW_VERSIONS } from './legal-calendar';
import type { CompetitiveProcedure } from './tender.types';

/**
 * The configurable periods of a procedure, in natural (calendar) days on Mexico City's calendar
 * (legal-calendar.ts counts them). The law's minimum submission periods are not configured here: they come from
 * the versioned table `LAW_VERSIONS` (per law, procedure and version in force at publication). The two
 * submission-period fields below are a buyer's own minimums: a longer value lengthens the law's period, a shorter
 * one never shortens it.
 */
export interface TenderPolicy {
  /**
   * The buyer's minimum days between publication and the submission deadline, per procedure. The defaults are
   * the minimums of the LAASSP version in force today, so by default the law decides.
   */
  minSubmissionPeriodDays: Record<CompetitiveProcedure, number>;
  /** The buyer's minimum for a public tender that shortens its period with a justification (the law's: 10). */
  reducedSubmissionPeriodDays: number;
  /**
   * LAASSP art. 33 lets the buyer change the call up to the seventh natural day before the opening act. We
   * keep amendments open until the deadline but never leave bidders less than this: an amendment made later
   * pushes the submission deadline (and the opening and award dates with it) to the same hour of the day this
   * many calendar days after it.
   */
  amendmentNoticeDays: number;
  /** LAASSP art. 35 fr. III: the award is announced within twenty natural days after the opening act. */
  maxDaysFromOpeningToAward: number;
  /**
   * LAASSP art. 65: an objection (inconformidad) against the award is filed within six business days. Until
   * the platform has a holiday calendar we count 8 natural days, which covers six business days and a weekend;
   * raise it where holidays fall inside the period.
   */
  objectionPeriodDays: number;
  /** LAASSP art. 43: an invitation goes to at least three persons. */
  minInvitees: number;
  /**
   * The largest time-acceleration factor a tender may have (time-acceleration.ts): 1 in production, where time is
   * never accelerated; MAX_TIME_ACCELERATION in a sandbox (LICITA_MODE=sandbox).
   */
  maxTimeAcceleration: number;
  /**
   * Set on the policy a decision runs under when its tender is accelerated (`acceleratedPolicy`): the day counts
   * above are then already divided by it, and compare with elapsed real time as 24-hour spans.
   */
  timeAcceleration?: number;
}

const CURRENT_LAASSP = LAW_VERSIONS.filter((v) => v.law === 'LAASSP').reduce((a, b) =>
  b.inForceFrom > a.inForceFrom ? b : a,
);

export const DEFAULT_TENDER_POLICY: TenderPolicy = Object.freeze({
  minSubmissionPeriodDays: Object.freeze({
    public_national: CURRENT_LAASSP.periods.public_national.minimumDays,
    public_international: CURRENT_LAASSP.periods.public_international.minimumDays,
    invitation: CURRENT_LAASSP.periods.invitation.minimumDays,
  }),
  reducedSubmissionPeriodDays: CURRENT_LAASSP.reduced?.minimumDays ?? 0,
  amendmentNoticeDays: 7,
  maxDaysFromOpeningToAward: 20,
  objectionPeriodDays: 8,
  minInvitees: 3,
  maxTimeAcceleration: 1,
});

/** The policy with some values replaced (tests, a buyer's stricter configuration). */
export const tenderPolicy = (overrides: Partial<TenderPolicy> = {}): TenderPolicy => ({
  ...DEFAULT_TENDER_POLICY,
  ...overrides,
  minSubmissionPeriodDays: { ...DEFAULT_TENDER_POLICY.minSubmissionPeriodDays, ...overrides.minSubmissionPeriodDays },
});
