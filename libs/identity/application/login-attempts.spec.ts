import { loginBackoffMs } from './login-attempts';

describe('loginBackoffMs', () => {
  const backoff = { freeFailures: 3, baseMs: 1000, maxMs: 900_000 };

  it('lets the free failures through, then doubles the wait with each further failure', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((failures) => loginBackoffMs(failures, backoff))).toEqual([
      0, 0, 0, 0, 1000, 2000, 4000, 8000,
    ]);
  });

  it('never waits longer than the maximum, however many failures: a wait always ends', () => {
    expect(loginBackoffMs(20, backoff)).toBe(900_000);
    expect(loginBackoffMs(1_000_000, backoff)).toBe(900_000);
  });
});
