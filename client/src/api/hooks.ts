// React hooks over the client: the session, and queries that reload.

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { readsRecords, recordChanges } from './changes';
import { request } from './client';
import { session, type Session } from './session';

/** The session, re-rendering when it changes (in this tab or another). */
export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, () => session.get());
}

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the query again, keeping the data shown meanwhile. */
  reload: () => void;
}

/**
 * Runs a query when the component mounts and whenever its variables change,
 * and, for a query that reads records, when the live feed says that they
 * changed in another tab or device (changes.ts).
 * The data of the last answer stays while the next one loads, so charts and
 * tables do not flash empty; answers that arrive out of order are dropped.
 */
export function useQuery<TResult, TVariables>(
  doc: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  opts: { skip?: boolean } = {},
): QueryState<TResult> {
  const [data, setData] = useState<TResult>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(!opts.skip);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  const latest = useRef(0);

  useEffect(() => {
    if (opts.skip) return;
    const id = ++latest.current;
    const controller = new AbortController();
    setLoading(true);
    request(doc, JSON.parse(key) as TVariables, { signal: controller.signal })
      .then((d) => {
        if (id !== latest.current) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (id !== latest.current || controller.signal.aborted) return;
        setError(e);
      })
      .finally(() => {
        if (id === latest.current) setLoading(false);
      });
    return () => controller.abort();
  }, [doc, key, tick, opts.skip]);

  // A query that reads records runs again when they change elsewhere.
  useEffect(() => {
    if (opts.skip || !readsRecords(doc)) return;
    return recordChanges.subscribe(() => setTick((t) => t + 1));
  }, [doc, opts.skip]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
