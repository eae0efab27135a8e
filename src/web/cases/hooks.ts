import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api.ts';
import { flush, loadOutbox, OUTBOX_EVENT, type OutboxEntry } from './outbox.ts';
import type { Notification } from './types.ts';

function subscribeOnline(cb: () => void) {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}
/** Whether the phone says it has a network (it can be wrong the other way: a request can still fail). */
export const useOnline = () => useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);

/** The signed-in worker's outbox, re-read whenever it changes (in this tab or another). */
export function useOutbox(userId: string | null): OutboxEntry[] {
  const [entries, setEntries] = useState<OutboxEntry[]>(() => (userId ? loadOutbox(userId) : []));
  useEffect(() => {
    if (!userId) return setEntries([]);
    const read = () => setEntries(loadOutbox(userId));
    read();
    window.addEventListener(OUTBOX_EVENT, read);
    window.addEventListener('storage', read);
    return () => {
      window.removeEventListener(OUTBOX_EVENT, read);
      window.removeEventListener('storage', read);
    };
  }, [userId]);
  return entries;
}

export const CASES_SENT_EVENT = 'nx:cases-sent';
const RETRY_MS = 15_000;

/**
 * Sends what waits in the outbox: when the app opens, when the network comes back, when the page is
 * shown again, and every 15 s while something is waiting. Mounted once, for a signed-in worker.
 */
export function useOutboxSender(userId: string | null) {
  useEffect(() => {
    if (!userId) return;
    let stopped = false;
    const run = async () => {
      if (stopped || !loadOutbox(userId).some((e) => e.state === 'waiting')) return;
      const results = await flush(userId).catch(() => []);
      if (results.some((r) => r.result === 'sent')) window.dispatchEvent(new CustomEvent(CASES_SENT_EVENT));
    };
    void run();
    const onVisible = () => document.visibilityState === 'visible' && void run();
    const onOnline = () => void run();
    window.addEventListener('online', onOnline);
    document.addEventListener('visibilitychange', onVisible);
    const timer = window.setInterval(() => void run(), RETRY_MS);
    return () => {
      stopped = true;
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(timer);
    };
  }, [userId]);
}

export const NOTIFICATIONS_EVENT = 'nx:notifications';
export type NotificationList = { unread: number; items: Notification[] };

/** The bell's count and list: loaded on sign-in, on each page change, and every minute. */
export function useNotifications(userId: string | null, pathname: string) {
  const [data, setData] = useState<NotificationList | null>(null);
  const load = useCallback(async () => {
    if (!userId) return setData(null);
    try {
      setData(await api<NotificationList>('GET', '/api/notifications/me'));
    } catch {
      // offline or signed out: keep what we have
    }
  }, [userId]);
  useEffect(() => {
    void load();
  }, [load, pathname]);
  useEffect(() => {
    if (!userId) return;
    const timer = window.setInterval(() => void load(), 60_000);
    const again = () => void load();
    window.addEventListener(NOTIFICATIONS_EVENT, again);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_EVENT, again);
    };
  }, [userId, load]);
  return data;
}
