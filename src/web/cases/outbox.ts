/**
 * The worker's case draft and outbox, kept on the phone.
 *
 * - The draft (what the "file a case" form holds) is saved as the worker types, per signed-in user, so
 *   a closed tab, a flat battery or a lost signal loses nothing.
 * - Submitting moves the draft into the outbox and sends it. When the network is down the entry waits
 *   and is sent again when it returns (`flush`), always with the draft's clientRef: the server answers
 *   a re-sent clientRef with the case it already made, so a retry never files a second case.
 * - Evidence files are kept as Blobs in IndexedDB (localStorage holds text only); when IndexedDB is not
 *   available they live in memory for this visit.
 */
import { api, apiUpload, ApiError, NETWORK, type FieldIssue } from '../api.ts';
import type { FiledCase, NewCase, RespondentKind } from './types.ts';

export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const EVIDENCE_ACCEPT = EVIDENCE_TYPES.join(',');

export type DraftValues = {
  category: string;
  title: string;
  description: string;
  occurredOn: string;
  place: string;
  lat: number | null;
  lng: number | null;
  respondentKind: RespondentKind | '';
  /** A known organisation chosen from the list; '' when the worker typed a name. */
  respondentOrgId: string;
  respondentName: string;
  platformCode: string;
  identityShown: boolean;
};
export type DraftFile = { id: string; name: string; type: string; size: number; error?: string };
export type Draft = { clientRef: string; values: DraftValues; files: DraftFile[]; savedAt: number };

export type OutboxFile = DraftFile & { state: 'waiting' | 'sent' | 'failed' };
export type OutboxEntry = {
  clientRef: string;
  payload: NewCase;
  files: OutboxFile[];
  queuedAt: number;
  /** Set once the server has the case; the files may still be on their way. */
  caseId?: string;
  caseNo?: string;
  /** waiting: not sent yet (offline); failed: the server refused it (error says why). */
  state: 'waiting' | 'failed' | 'sent';
  error?: { status: number; code: string; details: FieldIssue[] };
};

export const emptyValues = (): DraftValues => ({
  category: '',
  title: '',
  description: '',
  occurredOn: '',
  place: '',
  lat: null,
  lng: null,
  respondentKind: '',
  respondentOrgId: '',
  respondentName: '',
  platformCode: '',
  identityShown: false,
});

// ---- storage (replaceable in tests) --------------------------------------------------------------

type KV = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
type Blobs = { put(id: string, b: Blob): Promise<void>; get(id: string): Promise<Blob | null>; del(id: string): Promise<void> };

const memoryKV = (): KV => {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
};
const memoryBlobs = (): Blobs => {
  const m = new Map<string, Blob>();
  return { put: async (id, b) => void m.set(id, b), get: async (id) => m.get(id) ?? null, del: async (id) => void m.delete(id) };
};

function defaultKV(): KV {
  try {
    const s = globalThis.localStorage;
    s.setItem('nx.probe', '1');
    s.removeItem('nx.probe');
    return s;
  } catch {
    return memoryKV();
  }
}

/** Evidence blobs in IndexedDB (database nuanxin-cases, store files), or in memory when it is blocked. */
function defaultBlobs(): Blobs {
  const fallback = memoryBlobs();
  if (typeof indexedDB === 'undefined') return fallback;
  let dbp: Promise<IDBDatabase | null> | null = null;
  const open = () =>
    (dbp ??= new Promise((resolve) => {
      try {
        const req = indexedDB.open('nuanxin-cases', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('files');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    }));
  const run = async <T,>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest, mem: () => Promise<T>): Promise<T> => {
    const db = await open();
    if (!db) return mem();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction('files', mode);
      const req = fn(tx.objectStore('files'));
      tx.oncomplete = () => resolve((req.result ?? null) as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
    });
  };
  return {
    put: (id, b) => run<void>('readwrite', (s) => s.put(b, id), () => fallback.put(id, b)),
    get: (id) => run<Blob | null>('readonly', (s) => s.get(id), () => fallback.get(id)),
    del: (id) => run<void>('readwrite', (s) => s.delete(id), () => fallback.del(id)),
  };
}

let kv: KV | null = null;
let blobs: Blobs | null = null;
const store = () => (kv ??= defaultKV());
const files = () => (blobs ??= defaultBlobs());
/** Tests swap in memory storage. */
export function useStorageForTests(k: KV = memoryKV(), b: Blobs = memoryBlobs()) {
  kv = k;
  blobs = b;
}

export const OUTBOX_EVENT = 'nx:case-outbox';
function changed() {
  if (typeof window !== 'undefined' && typeof window.dispatchEvent === 'function') window.dispatchEvent(new CustomEvent(OUTBOX_EVENT));
}

const draftKey = (userId: string) => `nx.cases.draft.${userId}`;
const outboxKey = (userId: string) => `nx.cases.outbox.${userId}`;

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = store().getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}
function writeJson(key: string, value: unknown) {
  try {
    store().setItem(key, JSON.stringify(value));
  } catch {
    // storage full or blocked: the form still works, it only is not kept
  }
}

/** A random id that works outside secure contexts too (crypto.randomUUID needs HTTPS). */
export function newRef(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---- the draft --------------------------------------------------------------------------------------

export function loadDraft(userId: string): Draft {
  const d = readJson<Draft | null>(draftKey(userId), null);
  if (d && typeof d.clientRef === 'string' && d.values) return { ...d, values: { ...emptyValues(), ...d.values }, files: Array.isArray(d.files) ? d.files : [] };
  return { clientRef: newRef(), values: emptyValues(), files: [], savedAt: 0 };
}

export function saveDraft(userId: string, d: Draft): Draft {
  const saved = { ...d, savedAt: Date.now() };
  writeJson(draftKey(userId), saved);
  return saved;
}

/** Whether the draft holds anything the worker typed or picked. */
export function draftHasContent(d: Draft): boolean {
  const v = d.values;
  return !!(v.category || v.title.trim() || v.description.trim() || v.place.trim() || v.respondentName.trim() || v.occurredOn || v.lat !== null || d.files.length);
}

/**
 * The evidence type of a file by its first bytes, as the server judges it. Some phones give a picked
 * file no type (or application/octet-stream), which the server refuses: the bytes say what it is.
 */
export async function sniffType(blob: Blob): Promise<string | null> {
  const head = new Uint8Array(await blob.slice(0, 12).arrayBuffer());
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/** The type to send: the declared one when the union takes it, else what the bytes say; null when neither. */
export async function evidenceType(file: Blob): Promise<string | null> {
  if ((EVIDENCE_TYPES as readonly string[]).includes(file.type)) return file.type;
  if (file.type && file.type !== 'application/octet-stream') return null;
  return sniffType(file);
}

export async function addDraftFile(file: Blob & { name?: string }, name: string): Promise<DraftFile> {
  const f: DraftFile = { id: newRef(), name: name || 'file', type: file.type, size: file.size };
  // An empty file, or a type the union cannot take, is refused here: no point carrying it to the server.
  if (file.size === 0) return { ...f, error: 'empty' };
  const type = await evidenceType(file);
  if (!type) return { ...f, error: 'unsupported_type' };
  await files().put(f.id, file);
  return { ...f, type };
}

export async function dropFile(id: string) {
  await files()
    .del(id)
    .catch(() => undefined);
}

/** Throws the draft away, files and all, and starts a new one (with a new clientRef). */
export async function discardDraft(userId: string) {
  const d = loadDraft(userId);
  for (const f of d.files) await dropFile(f.id);
  store().removeItem(draftKey(userId));
}

// ---- the outbox -------------------------------------------------------------------------------------

export const loadOutbox = (userId: string): OutboxEntry[] => readJson<OutboxEntry[]>(outboxKey(userId), []).filter((e) => e && typeof e.clientRef === 'string');
function saveOutbox(userId: string, entries: OutboxEntry[]) {
  if (entries.length) writeJson(outboxKey(userId), entries);
  else store().removeItem(outboxKey(userId));
  changed();
}
function update(userId: string, clientRef: string, fn: (e: OutboxEntry) => OutboxEntry | null) {
  const list = loadOutbox(userId);
  const out: OutboxEntry[] = [];
  for (const e of list) {
    if (e.clientRef !== clientRef) out.push(e);
    else {
      const n = fn(e);
      if (n) out.push(n);
    }
  }
  saveOutbox(userId, out);
}

/** Entries still to send (not yet a case on the server). */
export const pendingEntries = (userId: string) => loadOutbox(userId).filter((e) => !e.caseId);
/** An entry for a case the server has, whose files are still waiting or could not be attached. */
export const entryForCase = (userId: string, caseId: string) => loadOutbox(userId).find((e) => e.caseId === caseId) ?? null;

/** The draft becomes an outbox entry (same clientRef, same files) and the form starts afresh. */
export function enqueue(userId: string, draft: Draft, payload: NewCase): OutboxEntry {
  const entry: OutboxEntry = {
    clientRef: draft.clientRef,
    payload: { ...payload, clientRef: draft.clientRef },
    files: draft.files.filter((f) => !f.error).map((f) => ({ id: f.id, name: f.name, type: f.type, size: f.size, state: 'waiting' as const })),
    queuedAt: Date.now(),
    state: 'waiting',
  };
  saveOutbox(userId, [...loadOutbox(userId).filter((e) => e.clientRef !== draft.clientRef), entry]);
  store().removeItem(draftKey(userId));
  return entry;
}

/** A refused entry goes back into the form to be corrected (its clientRef and files with it). */
export function backToDraft(userId: string, clientRef: string): Draft | null {
  const e = loadOutbox(userId).find((x) => x.clientRef === clientRef);
  if (!e || e.caseId) return null;
  const p = e.payload;
  const draft: Draft = {
    clientRef: e.clientRef,
    values: {
      category: p.category,
      title: p.title,
      description: p.description,
      occurredOn: p.occurredOn ?? '',
      place: p.place ?? '',
      lat: p.lat ?? null,
      lng: p.lng ?? null,
      respondentKind: p.respondentKind ?? '',
      respondentOrgId: p.respondentOrgId ?? '',
      respondentName: p.respondentName ?? '',
      platformCode: p.platformCode ?? '',
      identityShown: p.identityShown,
    },
    files: e.files.filter((f) => f.state === 'waiting').map((f) => ({ id: f.id, name: f.name, type: f.type, size: f.size })),
    savedAt: Date.now(),
  };
  writeJson(draftKey(userId), draft);
  update(userId, clientRef, () => null);
  return draft;
}

export async function removeEntry(userId: string, clientRef: string) {
  const e = loadOutbox(userId).find((x) => x.clientRef === clientRef);
  for (const f of e?.files ?? []) await dropFile(f.id);
  update(userId, clientRef, () => null);
}

export type SendResult = { result: 'sent'; caseId: string } | { result: 'network' } | { result: 'rejected'; error: unknown };

const isNetwork = (err: unknown) => err instanceof ApiError && (err.code === NETWORK || err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504);
/** Signed out while the entry waited: it stays and goes once the worker signs in again. */
const isSignedOut = (err: unknown) => err instanceof ApiError && err.status === 401;

/**
 * Why an upload failed, as a file code: the server's field code (too_large, unsupported_type, empty,
 * malformed), or one read from the status when the body limit answered before the route did (a 413
 * without details).
 */
export function uploadProblem(err: unknown): string {
  if (!(err instanceof ApiError)) return 'internal';
  const code = err.details[0]?.code;
  if (code) return code;
  if (err.status === 413) return 'too_large';
  if (err.status === 415) return 'unsupported_type';
  if (err.status === 0) return 'network';
  return err.code;
}

export async function uploadEvidence(caseId: string, blob: Blob, name: string, kind: 'evidence' | 'letter_reply' | 'court' = 'evidence', type?: string) {
  const r = await apiUpload<{ file: { id: string; name: string } }>(
    `/api/cases/${caseId}/files?name=${encodeURIComponent(name.slice(0, 200) || 'file')}&kind=${kind}`,
    blob,
    type || (await evidenceType(blob)) || blob.type || 'application/octet-stream',
  );
  return r.file;
}

/** Sends one entry: the case (once; a re-send with its clientRef returns the same case), then its files. */
async function sendEntry(userId: string, clientRef: string): Promise<SendResult> {
  let entry = loadOutbox(userId).find((e) => e.clientRef === clientRef);
  if (!entry) return { result: 'rejected', error: new ApiError(404, 'not_found', 'Not in the outbox') };
  if (!entry.caseId) {
    try {
      const r = await api<{ created: boolean; case: FiledCase }>('POST', '/api/cases', entry.payload);
      update(userId, clientRef, (e) => ({ ...e, caseId: r.case.id, caseNo: r.case.caseNo, state: 'waiting', error: undefined }));
    } catch (err) {
      if (isNetwork(err) || isSignedOut(err)) return { result: 'network' };
      const e = err instanceof ApiError ? { status: err.status, code: err.code, details: err.details } : { status: 500, code: 'internal', details: [] };
      update(userId, clientRef, (x) => ({ ...x, state: 'failed', error: e }));
      return { result: 'rejected', error: err };
    }
    entry = loadOutbox(userId).find((e) => e.clientRef === clientRef)!;
  }
  const caseId = entry.caseId!;
  for (const f of entry.files) {
    if (f.state !== 'waiting') continue;
    const blob = await files()
      .get(f.id)
      .catch(() => null);
    let next: OutboxFile;
    if (!blob) next = { ...f, state: 'failed', error: 'lost' };
    else {
      try {
        await uploadEvidence(caseId, blob, f.name, 'evidence', f.type);
        next = { ...f, state: 'sent' };
      } catch (err) {
        if (isNetwork(err) || isSignedOut(err)) return { result: 'network' };
        next = { ...f, state: 'failed', error: uploadProblem(err) };
      }
      await dropFile(f.id);
    }
    update(userId, clientRef, (e) => ({ ...e, files: e.files.map((x) => (x.id === f.id ? next : x)) }));
  }
  // Done: the entry stays only to show files that could not be attached, until the worker dismisses them.
  update(userId, clientRef, (e) => (e.files.some((x) => x.state === 'failed') ? { ...e, state: 'sent' } : null));
  return { result: 'sent', caseId };
}

// Flushes run one after another per user (a tab's timer, the "online" event and a submit can coincide);
// tabs of one browser take turns through the Web Locks API when present.
const chains = new Map<string, Promise<unknown>>();
/** The cases this tab has sent, by clientRef: a submit whose entry an earlier flush already sent finds it here. */
const sentRefs = new Map<string, string>();

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks?.request) return locks.request('nx-case-outbox', fn) as Promise<T>;
  return fn();
}

/** Sends every waiting entry of this user; `only` sends that one (also when the server refused it before). */
export function flush(userId: string, only?: string): Promise<SendResult[]> {
  const prev = chains.get(userId) ?? Promise.resolve();
  const p = prev.then(() =>
    withLock(async () => {
      const out: SendResult[] = [];
      const list = loadOutbox(userId);
      if (only && !list.some((e) => e.clientRef === only)) {
        const caseId = sentRefs.get(only);
        if (caseId) out.push({ result: 'sent', caseId });
        return out;
      }
      for (const e of list) {
        if (only && e.clientRef !== only) continue;
        if (e.state === 'failed' && !only) continue;
        if (e.caseId && !e.files.some((f) => f.state === 'waiting')) continue;
        const r = await sendEntry(userId, e.clientRef);
        if (r.result === 'sent') sentRefs.set(e.clientRef, r.caseId);
        out.push(r);
        if (r.result === 'network') break;
      }
      return out;
    }),
  );
  chains.set(
    userId,
    p.catch(() => undefined),
  );
  return p;
}
