import { test } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import { encodeText, type Ecl } from './qr.ts';

/** The server's QR library (node-qrcode) as the reference: same text, version, level and mask → same modules. */
function reference(text: string, ecl: Ecl, version: number, mask: number): boolean[][] {
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecl, version, maskPattern: mask as QRCode.QRCodeMaskPattern });
  const size = qr.modules.size;
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => !!qr.modules.get(y, x)));
}

test('the encoder draws exactly what node-qrcode draws, for every mask and level, versions 1–12 and 25', () => {
  const texts = ['https://nuanxin.example/visit/abcDEF123_-xyz987654321', '暖"新"驿站 · ئىللىق پونكىت', 'x'.repeat(120), 'A', 'https://a.cn/visit/' + 'Q'.repeat(300)];
  let compared = 0;
  for (const text of texts) {
    for (const ecl of ['L', 'M', 'Q', 'H'] as Ecl[]) {
      const auto = (() => {
        try {
          return encodeText(text, ecl);
        } catch {
          return null;
        }
      })();
      if (!auto) continue;
      for (const version of new Set([auto.version, Math.min(40, auto.version + 1), 25].filter((v) => v <= 12 || v === 25 || v === auto.version))) {
        for (let mask = 0; mask < 8; mask++) {
          const mine = encodeText(text, ecl, { version, mask }).modules;
          assert.deepEqual(mine, reference(text, ecl, version, mask), `${ecl} v${version} mask ${mask}: ${text.slice(0, 20)}`);
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 100, `compared ${compared}`);
});

test('the automatic choice is the smallest version that fits, and a valid mask', () => {
  const url = 'http://localhost:8080/visit/' + 'a'.repeat(24);
  const qr = encodeText(url, 'M');
  assert.equal(qr.version, 4);
  assert.ok(qr.mask >= 0 && qr.mask < 8);
  assert.deepEqual(qr.modules, reference(url, 'M', 4, qr.mask));
});
