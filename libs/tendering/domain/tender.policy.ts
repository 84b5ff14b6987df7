import type { CompetitiveProcedure } from './tender.types';

/**
 * The configurable periods of a procedure, in natural (calendar) days counted as whole 24-hour spans from the
 * instant that starts them. The defaults follow the LAASSP of 2000 as last reformed in 2021 (the article
 * numbers below are that law's; a new LAASSP was published in 2025 and renumbered articles, so check a
 * citation against the law in force before quoting it to a buyer).
 */
export interface TenderPolicy {
  /**
   * Minimum days between publication and the submission deadline.
   * - public national: 15 (LAASSP art. 32: "no podrá ser inferior a quince días naturales").
   * - public international: 20 (LAASSP art. 32).
   * - invitation: 5 (RLAASSP art. 77: at least five natural days from the last invitation; we count from
   *   publication, when the invitations are delivered through the platform).
   */
  minSubmissionPeriodDays: Record<CompetitiveProcedure, number>;
  /** LAASSP art. 32: a public tender may reduce the period, with a justification, to no less than 10 days. */
  reducedSubmissionPeriodDays: number;
  /**
   * LAASSP art. 33 lets the buyer change the call up to the seventh natural day before the opening act. We
   * keep amendments open until the deadline but never leave bidders less than this: an amendment made later
   * pushes the submission deadline (and the opening and award dates with it) to this many days after it.
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

export const DEFAULT_TENDER_POLICY: TenderPolicy = Object.freeze({
  minSubmissionPeriodDays: Object.freeze({ public_national: 15, public_international: 20, invitation: 5 }),
  reducedSubmissionPeriodDays: 10,
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
