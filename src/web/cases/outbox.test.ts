import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api.ts';
import { addDraftFile, backToDraft, draftHasContent, enqueue, entryForCase, flush, loadDraft, loadOutbox, pendingEntries, saveDraft, sniffType, uploadProblem, useStorageForTests } from './outbox.ts';
import type { NewCase } from './types.ts';

const USER = 'u1';
type Call = { url: string; method: string; body: unknown; type: string | null };
let calls: Call[] = [];
/** What the fake server does next: 'offline' throws like fetch does without a network. */
let mode: 'offline' | 'online' = 'online';
let fileStatus = 201;
const cases = new Map<string, string>();

function fakeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = String(input);
  const headers = new Headers(init?.headers);
  calls.push({ url, method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body, type: headers.get('content-type') });
  if (mode === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
  if (url === '/api/cases') {
    const ref = (JSON.parse(String(init?.body)) as NewCase).clientRef;
    const existing = cases.get(ref);
    const id = existing ?? `case-${cases.size + 1}`;
    cases.set(ref, id);
    return Promise.resolve(Response.json({ created: !existing, case: { id, caseNo: `WYC-2026-0000${cases.size}` } }, { status: existing ? 200 : 201 }));
  }
  if (url.startsWith('/api/cases/') && url.includes('/files')) {
    if (fileStatus === 413) return Promise.resolve(Response.json({ error: { code: 'payload_too_large', message: 'x', details: [{ path: 'file', code: 'too_large', message: 'x' }] } }, { status: 413 }));
    return Promise.resolve(Response.json({ file: { id: 'f', name: 'n' } }, { status: 201 }));
  }
  return Promise.resolve(Response.json({ error: { code: 'not_found', message: 'x' } }, { status: 404 }));
}

beforeEach(() => {
  useStorageForTests();
  calls = [];
  mode = 'online';
  fileStatus = 201;
  cases.clear();
  globalThis.fetch = fakeFetch as typeof fetch;
});

const payload = (clientRef: string): NewCase => ({ category: 'traffic_fine', title: '罚款', description: '被罚 200 元', identityShown: false, clientRef });

test('the draft is kept per user with one clientRef until it is sent', () => {
  const d = loadDraft(USER);
  assert.equal(draftHasContent(d), false);
  assert.ok(d.clientRef.length >= 8 && d.clientRef.length <= 64);
  saveDraft(USER, { ...d, values: { ...d.values, title: '罚款' } });
  const again = loadDraft(USER);
  assert.equal(again.clientRef, d.clientRef);
  assert.equal(again.values.title, '罚款');
  assert.equal(draftHasContent(again), true);
  assert.equal(loadDraft('someone-else').values.title, '');
});

test('offline, the entry waits; back online it is sent once with the same clientRef, however often it is flushed', async () => {
  const d = saveDraft(USER, { ...loadDraft(USER), files: [await addDraftFile(new Blob(['%PDF-1.4 …'], { type: 'application/pdf' }), 'ticket.pdf')] });
  enqueue(USER, d, payload(d.clientRef));
  assert.equal(loadDraft(USER).clientRef === d.clientRef, false, 'the form starts a new draft');
  mode = 'offline';
  assert.deepEqual(await flush(USER), [{ result: 'network' }]);
  assert.equal(pendingEntries(USER).length, 1);
  mode = 'online';
  // Two triggers at once (the "online" event and the timer): one after the other, one case.
  const [a, b] = await Promise.all([flush(USER), flush(USER)]);
  assert.deepEqual(a, [{ result: 'sent', caseId: 'case-1' }]);
  assert.deepEqual(b, []);
  const posts = calls.filter((c) => c.url === '/api/cases');
  assert.equal(posts.length, 2, 'one offline attempt, one real send');
  assert.ok(posts.every((c) => (c.body as NewCase).clientRef === d.clientRef));
  const uploads = calls.filter((c) => c.url.includes('/files'));
  assert.equal(uploads.length, 1);
  assert.match(uploads[0]!.url, /^\/api\/cases\/case-1\/files\?name=ticket\.pdf&kind=evidence$/);
  assert.equal(uploads[0]!.type, 'application/pdf');
  assert.equal(loadOutbox(USER).length, 0, 'nothing left once everything is sent');
  assert.equal(cases.size, 1);
});

test('a submit whose entry an earlier flush already sent still learns its case', async () => {
  const d = loadDraft(USER);
  enqueue(USER, d, payload(d.clientRef));
  const all = flush(USER);
  const mine = flush(USER, d.clientRef);
  assert.deepEqual(await all, [{ result: 'sent', caseId: 'case-1' }]);
  assert.deepEqual(await mine, [{ result: 'sent', caseId: 'case-1' }]);
});

test('a file the server refuses is marked with its code and kept to show on the case page', async () => {
  const d = saveDraft(USER, { ...loadDraft(USER), files: [await addDraftFile(new Blob([new Uint8Array(10)], { type: 'image/jpeg' }), 'big.jpg')] });
  enqueue(USER, d, payload(d.clientRef));
  fileStatus = 413;
  await flush(USER);
  const e = entryForCase(USER, 'case-1');
  assert.equal(e?.files[0]?.state, 'failed');
  assert.equal(e?.files[0]?.error, 'too_large');
  assert.equal(pendingEntries(USER).length, 0);
});

test('types the union cannot take and empty files are refused on the phone; a file without a type is known by its bytes', async () => {
  assert.equal((await addDraftFile(new Blob(['x'], { type: 'video/mp4' }), 'v.mp4')).error, 'unsupported_type');
  assert.equal((await addDraftFile(new Blob(['x'], { type: 'image/heic' }), 'i.heic')).error, 'unsupported_type');
  assert.equal((await addDraftFile(new Blob([], { type: 'image/png' }), 'e.png')).error, 'empty');
  assert.equal((await addDraftFile(new Blob(['x'], { type: 'image/webp' }), 'ok.webp')).error, undefined);
  const untyped = await addDraftFile(new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16])]), 'IMG_0001');
  assert.deepEqual([untyped.error, untyped.type], [undefined, 'image/jpeg']);
  const pdf = await addDraftFile(new Blob(['%PDF-1.7 …'], { type: 'application/octet-stream' }), 'scan');
  assert.deepEqual([pdf.error, pdf.type], [undefined, 'application/pdf']);
  assert.equal((await addDraftFile(new Blob(['hello']), 'notes')).error, 'unsupported_type');
  assert.equal(await sniffType(new Blob([new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])])), 'image/webp');
});

test('an upload refused by the body limit (413 without details) reads as too large', () => {
  assert.equal(uploadProblem(new ApiError(413, 'payload_too_large', 'x')), 'too_large');
  assert.equal(uploadProblem(new ApiError(415, 'unsupported_media_type', 'x', [{ path: 'file', code: 'unsupported_type', message: 'x' }])), 'unsupported_type');
  assert.equal(uploadProblem(new ApiError(422, 'unprocessable', 'x', [{ path: 'file', code: 'malformed', message: 'x' }])), 'malformed');
  assert.equal(uploadProblem(new ApiError(0, 'network', 'x')), 'network');
});

test('a refused entry goes back to the form with its clientRef', async () => {
  const d = saveDraft(USER, { ...loadDraft(USER), values: { ...loadDraft(USER).values, title: '罚款', category: 'traffic_fine' } });
  enqueue(USER, d, payload(d.clientRef));
  const back = backToDraft(USER, d.clientRef);
  assert.equal(back?.clientRef, d.clientRef);
  assert.equal(loadDraft(USER).values.title, '罚款');
  assert.equal(loadOutbox(USER).length, 0);
});
