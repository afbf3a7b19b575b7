import { useEffect, useLayoutEffect, useRef } from 'react';

// Layout effects do nothing on a server; this keeps React 18 from warning about them there.
const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * A ref that always holds the latest render's value. Subscriptions call through it, so a new
 * handler on every render never means a new subscription.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useClientLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
