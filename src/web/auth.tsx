import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, dropEarlyReads, SESSION_ENDED_EVENT, type Locale, type Me } from './api.ts';
import { applyLocale, isLocale } from './i18n/index.ts';

type Auth = {
  user: Me | null;
  /** false until the first GET /api/auth/me has answered */
  ready: boolean;
  /** The server ended the session (timeout, signed out elsewhere, account disabled). */
  sessionEnded: boolean;
  /** The user pressed "sign out" in this visit: guarded pages go home, not to the sign-in page. */
  signedOut: boolean;
  /** After a successful sign-in or registration: remember the user and open in their saved language. */
  signedIn: (user: Me) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
  /** Switch language; when signed in the server remembers it too. */
  setLocale: (l: Locale) => void;
};

const AuthContext = createContext<Auth | null>(null);

const fetchMe = () => api<{ user: Me }>('GET', '/api/auth/me').then((res) => res.user);
// Asked as soon as the app's code runs, while the page's words are still loading, not after the first
// render: a signed-in page's own requests start one round trip sooner. Used once, by the first refresh.
let earlyMe: Promise<Me> | null = fetchMe();
earlyMe.catch(() => undefined); // handled where it is used

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [signedOut, setSignedOut] = useState(false);
  const userRef = useRef<Me | null>(null);
  userRef.current = user;

  const refresh = useCallback(async () => {
    let next: Me | null | undefined;
    try {
      const me = earlyMe ?? fetchMe();
      earlyMe = null;
      next = await me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) next = null;
    }
    if (next === null) dropEarlyReads('ofAccount');
    // A transition: the whole page re-renders with the account, in short slices a slow phone can interrupt.
    startTransition(() => {
      if (next !== undefined) setUser(next);
      setReady(true);
    });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    const onEnded = () => {
      dropEarlyReads();
      if (userRef.current) setSessionEnded(true);
      setUser(null);
    };
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, []);

  const signedIn = useCallback((u: Me) => {
    dropEarlyReads();
    setUser(u);
    setSessionEnded(false);
    setSignedOut(false);
    if (isLocale(u.locale)) void applyLocale(u.locale);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('POST', '/api/auth/logout');
    } finally {
      dropEarlyReads();
      setSignedOut(true);
      setUser(null);
    }
  }, []);

  const setLocale = useCallback(
    (l: Locale) => {
      void applyLocale(l);
      if (user && user.locale !== l) {
        setUser({ ...user, locale: l });
        api<{ user: Me }>('PATCH', '/api/auth/me', { locale: l }).catch(() => {
          // the language still applies on this device; the server copy is only a convenience
        });
      }
    },
    [user],
  );

  const value = useMemo(
    () => ({ user, ready, sessionEnded, signedOut, signedIn, signOut, refresh, setLocale }),
    [user, ready, sessionEnded, signedOut, signedIn, signOut, refresh, setLocale],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export const STAFF_ROLES = ['station_operator', 'union_officer', 'union_chair', 'lawyer', 'trainer', 'incubator_manager', 'employer', 'parking_attendant', 'policy_officer', 'analyst', 'admin', 'auditor'];
export const hasRole = (u: Me | null, ...roles: string[]) => !!u && u.roles.some((r) => roles.includes(r.role));
export const isStaff = (u: Me | null) => hasRole(u, ...STAFF_ROLES);
/** Where a user lands after signing in. */
export const homeFor = (u: Me) => (u.workerId ? '/me/union' : isStaff(u) ? '/console' : '/me');
