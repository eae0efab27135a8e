// The log scanner (scripts/secrets.ts) finds what it must and leaves masked values and ordinary numbers alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordsIn, scanText } from '../scripts/secrets.js';

const kinds = (text: string, pw: string[] = []) => scanText(text, pw).map((f) => f.kind);

test('full ID and mobile numbers are found; masked ones, timestamps and fractions are not', () => {
  assert.deepEqual(kinds('{"id":"110105194912310021"}'), [], 'a wrong check digit is no ID number');
  assert.deepEqual(kinds('{"msg":"lookup","id":"11010519491231002X"}'), ['id_number']);
  assert.deepEqual(kinds('{"phone":"13812345678"}'), ['mobile']);
  assert.deepEqual(kinds('call +8613812345678 now'), ['mobile']);
  assert.deepEqual(kinds('{"id":"110105********002X","phone":"138****5678"}'), []);
  assert.deepEqual(kinds('{"time":1795986701357,"responseTime":0.13812345678123,"n":138123456789}'), []);
  assert.deepEqual(kinds('{"reqId":"req-1","id":"0193a4c2-7d1e-7a55-9f3e-138123456780"}'), []);
  assert.deepEqual(kinds('{"url":"/api/incubator/shortlist/43e6a06f-d47b-4d62-8d42-a17513196064"}'), [], 'a UUID ending in eleven digits');
});

test('passwords written in the code, session tokens, API, gate and data keys are found', () => {
  const pw = passwordsIn([`const DEMO_PASSWORD = 'nuanxin2026';`, `payload: { phone, password: 'long-enough-3' }`, `password: 'x'`]);
  assert.deepEqual(pw.sort(), ['long-enough-3', 'nuanxin2026'], 'short strings are not passwords to look for');
  assert.deepEqual(kinds('body {"password":"nuanxin2026"}', pw), ['password']);
  // A 256-bit token as the server makes them (randomToken), fixed so it has upper and lower case and digits.
  const token = 'Qm9xT3ZfY2FzZS0xMjM0NTY3ODkwYWJjZGVmZ2hpams';
  assert.ok(kinds(`cookie: nx_session=${token}`).includes('session_token'));
  assert.deepEqual(kinds(`{"token":"${token}"}`), ['session_token']);
  assert.ok(kinds(`authorization: Bearer nxk_${token}`).includes('api_key'));
  assert.ok(kinds(`x-zone-key: nxz_${token}`).includes('zone_key'));
  assert.deepEqual(kinds('DATA_KEY=q3Vb+T9x0aZ8LmN2pQrS7tUvW1xY4zA6bC5dE3fG/hI='), ['data_key']);
  assert.deepEqual(kinds('{"level":30,"msg":"request completed","url":"/api/cases/0193a4c2-7d1e-7a55-9f3e-1a2b3c4d5e6f"}'), []);
});
