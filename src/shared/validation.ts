/** Checks shared by server and web. Pure functions: no I/O. */

/** Mainland mobile number: 11 digits starting 13–19. */
export const isMobile = (s: string) => /^1[3-9]\d{9}$/.test(s);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** Resident identity number (GB 11643-1999): 18 characters, valid birth date, ISO 7064 MOD 11-2 check digit. */
export function isIdNumber(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, day));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== day || date.getTime() > Date.now()) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] === s[17];
}
/** Appends the right check character to a 17-digit body (used by the demo factories). */
export function withIdCheckDigit(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (ID_WEIGHTS[i] ?? 0);
  return body17 + ID_CHECK[sum % 11];
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/**
 * Mainland plate: province character, issuing-office letter, then 5 characters (ordinary) or
 * 6 (new-energy, starting D/F or ending D/F). Letters I and O are never used.
 */
export function isPlate(raw: string): boolean {
  const s = normalisePlate(raw);
  const re = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z]([A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9]{5}|[0-9]{5}[DF])$`);
  return re.test(s);
}
export const normalisePlate = (raw: string) => raw.replace(/[\s·•.-]/g, '').toUpperCase();
