/**
 * A percentage as people type it ("25.5", "25,50 %", "100") → basis points (2550), read from its digits so no
 * float ever rounds it; `null` when it is not a percentage from 0 to 100 with at most two decimals.
 */
export function percentToBasisPoints(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}
