import { useEffect } from 'preact/hooks';

/** How often a page that shows a procedure's state asks again (the status moves with the clock's events too). */
export const REFRESH_MS = 5_000;

/**
 * Calls `refresh` every `ms` while the page is visible (and once when it becomes visible again), so a status
 * that changed on the server (a deadline passed, an act was held) shows without a reload. `enabled: false`
 * (a past moment shown, for instance) stops it.
 */
export function useRefresh(refresh: () => void, enabled = true, ms = REFRESH_MS): void {
  useEffect(() => {
    if (!enabled) return;
    const tick = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [refresh, enabled, ms]);
}
