import { useEffect, useState } from 'preact/hooks';

/**
 * Re-renders the calling component whenever a module calls the listeners of `listeners` (its way of saying it
 * changed: the language, the location).
 */
export function useRerenderOn(listeners: Set<() => void>): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
}
