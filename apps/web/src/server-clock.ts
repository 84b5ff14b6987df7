/**
 * The server's clock as the browser's plus an offset, measured from `GET /api/time` (half the round trip
 * taken as the way there). Deadlines are the server's: the desks offer an action by this now, not by whatever
 * the browser's clock says.
 */
import { get } from './api';

let offsetMs = 0;

/** Measures the offset again; keeps the last one when the server cannot be asked. */
export async function syncServerClock(): Promise<void> {
  const sentAt = Date.now();
  try {
    const { now } = await get<{ now: string }>('/api/time');
    const receivedAt = Date.now();
    offsetMs = Date.parse(now) - (sentAt + receivedAt) / 2;
  } catch {
    /* offline: the last offset (or none) stands */
  }
}

/** The server's now, as well as the browser can tell. */
export const serverNow = (): Date => new Date(Date.now() + offsetMs);
