import { WrongExpectedVersion } from './event-store.errors';

/**
 * Uniqueness across streams (one supplier per RFC, one account per email, one buying unit per code): the value's
 * reservation stream is appended at the revision that was read, so of concurrent claims exactly one wins;
 * a claim that still loses after its retry is reported with the context's own error (`supplier.rfc_taken`).
 */
export async function claim(appended: Promise<unknown>, taken: () => Error): Promise<void> {
  try {
    await appended;
  } catch (error) {
    throw error instanceof WrongExpectedVersion ? taken() : error;
  }
}
