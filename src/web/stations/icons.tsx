/** Line icons drawn here (no icon font, no emoji font needed): 24 × 24, stroke in the text colour. */

const PATHS: Record<string, string> = {
  hot_water: 'M5 10h11v5a5 5 0 0 1-5 5h-1a5 5 0 0 1-5-5z M16 12h1.5a2.5 2.5 0 0 1 0 5H16 M8 2.5c-1 1.5 1 2.5 0 4.5 M12 2.5c-1 1.5 1 2.5 0 4.5',
  drinking_water: 'M12 3c3 4.5 6 7.5 6 11a6 6 0 0 1-12 0c0-3.5 3-6.5 6-11z',
  phone_charging: 'M8 2h8a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z M13 6.5l-3 5h4l-3 5',
  ebike_charging: 'M13 2 5 14h6l-1 8 8-12h-6z',
  microwave: 'M3 5h18v14H3z M6 8h10v8H6z M18.5 9v.01 M18.5 12v.01 M18.5 15v.01',
  fridge: 'M6 2h12v20H6z M6 10h12 M9 5v2.5 M9 13v3.5',
  seating: 'M5 11V8a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v3 M3 11a2 2 0 0 1 2 2v1h14v-1a2 2 0 0 1 4 0v5H1v-5a2 2 0 0 1 2-2z M4 18v3 M20 18v3',
  air_pump: 'M12 3v9 M8 3h8 M9 12h6v9H9z M15 16h3a2 2 0 0 0 2-2V8',
  repair_tools: 'M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.5-.5-.5-2.5z',
  first_aid: 'M3 7h18v13H3z M9 7V4h6v3 M12 10v7 M8.5 13.5h7',
  umbrellas: 'M2 12a10 10 0 0 1 20 0z M12 12v7a2 2 0 0 0 4 0 M12 2v0.5',
  wifi: 'M2 9a15 15 0 0 1 20 0 M5 12.5a10 10 0 0 1 14 0 M8.5 16a5 5 0 0 1 7 0 M12 19.5v.01',
  heating: 'M12 2c1 4 5 6 5 11a5 5 0 0 1-10 0c0-3 2-4 2-7 1.5 1 2.5 2.5 3 4 .5-3-1-6 0-8z',
  cooling: 'M12 2v20 M3.3 7l17.4 10 M3.3 17l17.4-10 M9 3.5l3 2 3-2 M9 20.5l3-2 3 2',
  meals: 'M3 11h18a9 9 0 0 1-18 0z M14 2.5l-4 8.5 M20 4l-7 7',
  child_classroom: 'M4 5a2 2 0 0 1 2-2h14v15H6a2 2 0 0 0-2 2z M4 20a2 2 0 0 0 2 2h14v-4 M8 7h8',
  legal_consultation: 'M12 3v18 M7 21h10 M4 7h16 M4 7l-3 6a3 3 0 0 0 6 0z M20 7l-3 6a3 3 0 0 0 6 0z',
  health_check: 'M20.8 4.6a5.5 5.5 0 0 0-7.8 0L12 5.7l-1-1.1a5.5 5.5 0 0 0-7.8 7.8L12 21l8.8-8.6a5.5 5.5 0 0 0 0-7.8z',
  donation_point: 'M3 8h18v4H3z M5 12v9h14v-9 M12 8v13 M12 8C10 4 6 4 6 6.5S12 8 12 8zm0 0c2-4 6-4 6-1.5S12 8 12 8z',
  lending: 'M4 8h14l-3.5-3.5 M20 16H6l3.5 3.5',
  pin: 'M12 22s7-7 7-12a7 7 0 0 0-14 0c0 5 7 12 7 12z M14.5 10a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0z',
  navigate: 'M3 11 21 3l-8 18-2-8z',
  phone: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 12l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2',
  list: 'M8 6h13 M8 12h13 M8 18h13 M3.5 6h.01 M3.5 12h.01 M3.5 18h.01',
  map: 'M9 4 3 6v14l6-2 6 2 6-2V4l-6 2z M9 4v14 M15 6v14',
  locate: 'M12 2v3 M12 19v3 M2 12h3 M19 12h3 M18 12a6 6 0 1 1-12 0 6 6 0 0 1 12 0z M14 12a2 2 0 1 1-4 0 2 2 0 0 1 4 0z',
  clock: 'M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z M12 7v5l3 2',
};

export const hasIcon = (name: string) => name in PATHS || name === 'toilet';

export function Icon({ name, size = 22 }: { name: string; size?: number }) {
  if (name === 'toilet') {
    return (
      <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="2" y="5" width="20" height="14" rx="3" fill="none" stroke="currentColor" strokeWidth="2" />
        <text x="12" y="15.5" textAnchor="middle" fontSize="9" fontWeight="700" fill="currentColor" fontFamily="system-ui, sans-serif">
          WC
        </text>
      </svg>
    );
  }
  const d = PATHS[name];
  if (!d) return null;
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}
