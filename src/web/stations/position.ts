import { useCallback, useEffect, useRef, useState } from 'react';
import { CITY_CENTRES, roundCoord } from './geo.ts';

/** Where the finder measures from: the phone's position, or the centre of a city the reader chose. */
export type Position = { lat: number; lng: number; source: 'gps' | 'city'; cityCode: string | null; at: number };
export type Locating = 'idle' | 'locating' | 'ok' | 'denied' | 'unavailable' | 'timeout' | 'unsupported';

const POS_KEY = 'nx.position';
const CITY_KEY = 'nx.city';
/** A position is reused for five minutes: no new fix (and no battery) for every visit to the list. */
const FRESH_MS = 5 * 60_000;

export function savedPosition(): Position | null {
  try {
    const p = JSON.parse(sessionStorage.getItem(POS_KEY) ?? 'null') as Position | null;
    if (p && typeof p.lat === 'number' && typeof p.lng === 'number') return p;
  } catch {
    // storage blocked or garbled
  }
  return null;
}
function remember(p: Position) {
  try {
    sessionStorage.setItem(POS_KEY, JSON.stringify(p));
    if (p.source === 'city' && p.cityCode) localStorage.setItem(CITY_KEY, p.cityCode);
  } catch {
    // not remembered; the position still applies now
  }
}
export function savedCity(): string | null {
  try {
    const c = localStorage.getItem(CITY_KEY);
    return CITY_CENTRES.some((x) => x.code === c) ? c : null;
  } catch {
    return null;
  }
}

export function cityPosition(code: string): Position | null {
  const c = CITY_CENTRES.find((x) => x.code === code);
  return c ? { lat: c.lat, lng: c.lng, source: 'city', cityCode: code, at: Date.now() } : null;
}

/**
 * One position fix when the page opens (no watching: it would keep the GPS on), reused for five minutes.
 * When the phone will not say (permission denied, no fix, no support), the reader picks a city.
 */
export function usePosition() {
  const [position, setPosition] = useState<Position | null>(() => {
    const p = savedPosition();
    return p && (p.source === 'city' || Date.now() - p.at < FRESH_MS) ? p : null;
  });
  const [status, setStatus] = useState<Locating>(position ? 'ok' : 'idle');
  const asked = useRef(false);

  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setStatus('unsupported');
      return;
    }
    setStatus('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const p: Position = { lat: roundCoord(pos.coords.latitude), lng: roundCoord(pos.coords.longitude), source: 'gps', cityCode: null, at: Date.now() };
        remember(p);
        setPosition(p);
        setStatus('ok');
      },
      (err) => {
        setStatus(err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable');
        // Fall back to the city chosen last time, if any; the page says why.
        setPosition((cur) => cur ?? (savedCity() ? cityPosition(savedCity()!) : null));
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: FRESH_MS },
    );
  }, []);

  useEffect(() => {
    if (asked.current || position) return;
    asked.current = true;
    locate();
  }, [locate, position]);

  const chooseCity = useCallback((code: string) => {
    const p = cityPosition(code);
    if (!p) return;
    remember(p);
    setPosition(p);
  }, []);

  return { position, status, locate, chooseCity };
}
