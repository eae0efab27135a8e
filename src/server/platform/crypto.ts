import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, createHash } from 'node:crypto';

/**
 * Field encryption for personal data (PIPL): AES-256-GCM with a random nonce per value, and a keyed
 * hash (HMAC-SHA256) for equality look-ups. Both keys derive from the one configured data key.
 */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  constructor(dataKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'nuanxin field encryption v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'nuanxin lookup hash v1', 32));
  }
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }
  decrypt(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
  /** Files (evidence photos, letters' replies): the same cipher over bytes, as text for a column. */
  encryptBytes(plain: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `b1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }
  decryptBytes(sealed: string): Buffer {
    if (!sealed.startsWith('b1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }
  /**
   * The masked form (138****1234) of a sealed value. Masked forms are what lists and profiles show on
   * every read, so they are remembered per ciphertext; full plaintexts never are.
   */
  masked(sealed: string, mask: (plain: string) => string): string {
    let m = this.maskedCache.get(sealed);
    if (m === undefined) {
      m = mask(this.decrypt(sealed));
      if (this.maskedCache.size >= 100_000) this.maskedCache.clear();
      this.maskedCache.set(sealed, m);
    }
    return m;
  }
  private readonly maskedCache = new Map<string, string>();
  lookupHash(value: string): string {
    return createHmac('sha256', this.macKey).update(value).digest('base64url');
  }
}

/** Random token with `bytes` of entropy, URL-safe. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '***');
export const maskIdNumber = (id: string) => (id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '***');
/** 张伟 → 张*, 阿不都热合曼 → 阿*****; keeps the first character only. */
export const maskName = (n: string) => {
  const chars = Array.from(n);
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 5));
};
