import { type CreateSubscriberOptions, createSubscriber, RealtimeError, type RealtimeSubscriber } from '@switchboard/core/client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';

interface RealtimeContextValue {
  /** Undefined during server rendering and until the provider created its subscriber on the client. */
  subscriber: RealtimeSubscriber | undefined;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

interface ProviderWithSubscriber {
  /** A subscriber you created and own: the provider never closes it. */
  subscriber: RealtimeSubscriber;
  options?: never;
}

interface ProviderWithOptions {
  /**
   * Options for `createSubscriber`, e.g. `{ provider: 'socket-io', url }` or `{ authEndpoint }`. The
   * subscriber is created on the client after mount (never during server rendering) and closed on
   * unmount. They are read once: give the provider a new `key` to apply different options.
   */
  options: CreateSubscriberOptions;
  subscriber?: never;
}

/** Props of {@link RealtimeProvider}: a `subscriber` you created, or the `options` to create one. */
export type RealtimeProviderProps = (ProviderWithSubscriber | ProviderWithOptions) & {
  /** The components that use the hooks. */
  children?: ReactNode;
};

/**
 * Makes a realtime subscriber available to the hooks below it. Every hook on the same channel shares
 * the subscriber's one provider subscription to that channel.
 *
 * @example
 * <RealtimeProvider options={{ authEndpoint: '/api/realtime/auth' }}>
 *   <App />
 * </RealtimeProvider>
 */
export function RealtimeProvider(props: RealtimeProviderProps): ReactNode {
  const given = props.subscriber;
  const optionsRef = useRef(props.options);
  const [created, setCreated] = useState<RealtimeSubscriber>();

  useEffect(() => {
    if (given || !optionsRef.current) return;
    // Created in an effect so server rendering never builds one; StrictMode's extra mount closes a
    // subscriber that never connected, since nothing connects before the first subscribe.
    const subscriber = createSubscriber(optionsRef.current);
    setCreated(subscriber);
    return () => {
      setCreated((current) => (current === subscriber ? undefined : current));
      void subscriber.close();
    };
  }, [given]);

  if (given === undefined && props.options === undefined) {
    throw new RealtimeError('CONFIG', '<RealtimeProvider> needs a `subscriber` or `options` prop');
  }
  const subscriber = given ?? created;
  const value = useMemo(() => ({ subscriber }), [subscriber]);
  return <RealtimeContext.Provider value={value}>{props.children}</RealtimeContext.Provider>;
}

/**
 * The subscriber of the nearest {@link RealtimeProvider}; `undefined` during server rendering and
 * before a provider created from `options` has mounted.
 */
export function useSubscriber(): RealtimeSubscriber | undefined {
  const context = useContext(RealtimeContext);
  if (!context) throw new RealtimeError('CONFIG', 'Switchboard hooks must be used inside <RealtimeProvider>');
  return context.subscriber;
}
