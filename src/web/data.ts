import { startTransition, useCallback, useEffect, useState } from 'react';
import { api, type Reference, type Union } from './api.ts';

/** Loads data for a page; `reload` fetches again (after a change). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await run());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    let live = true;
    setLoading(true);
    // The page drawn with its data is a transition: React renders it in short slices a slow phone can interrupt.
    run().then(
      (d) => {
        if (!live) return;
        startTransition(() => {
          setData(d);
          setError(null);
          setLoading(false);
        });
      },
      (e: unknown) => {
        if (!live) return;
        startTransition(() => {
          setError(e);
          setLoading(false);
        });
      },
    );
    return () => {
      live = false;
    };
  }, [run]);
  return { data, error, loading, reload, setData };
}

let referenceCache: Promise<Reference> | null = null;
/** Cities, districts, platforms: public, the same for every visitor, fetched once per visit. */
export function loadReference(): Promise<Reference> {
  referenceCache ??= api<Reference>('GET', '/api/reference').catch((e: unknown) => {
    referenceCache = null;
    throw e;
  });
  return referenceCache;
}
export const useReference = () => useLoad(loadReference);

export const loadUnions = () => api<{ items: Union[] }>('GET', '/api/unions').then((r) => r.items);
