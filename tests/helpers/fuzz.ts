// The OpenAPI-driven fuzzer (Schemathesis-style, on fast-check): the API document → arbitraries for
// schema-valid and malformed requests, the principals that may call each route, and the checks every
// answer must pass (no 5xx, no stack trace or internal path, the declared schema for a declared
// status, the error envelope for every error). Used by tests/fuzz.test.ts (CI-sized) and
// scripts/fuzz.ts (npm run fuzz, 100,000 requests).
import fc from 'fast-check';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import type { Access } from '../../src/server/platform/access.js';
import { demoStaff, demoWorkers } from '../../src/server/demo/seed.js';
import { demoZones } from '../../src/server/demo/parking.js';

// ---- the OpenAPI document -------------------------------------------------------------------------

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};
type Param = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema };
type Operation = {
  parameters?: Param[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApi = { paths: Record<string, Record<string, Operation>> };

export type Op = {
  key: string; // "POST /api/cases/:id/files"
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string; // /api/cases/{id}/files
  pathParams: Param[];
  query: Param[];
  headers: Param[];
  body: Schema | null; // the JSON body schema, when the route takes JSON
  bodyRequired: boolean;
  responses: Record<string, Schema | null>; // declared status → JSON schema (null: declared, no schema)
  access: Access;
};

export function operations(doc: OpenApi, routeTable: TestApp['routeTable']): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase() as Op['method'];
      const url = path.replace(/\{([^}]+)\}/g, ':$1');
      const route = routeTable.find((r) => r.method === method && r.url === url);
      if (!route) throw new Error(`${method} ${path} is in the OpenAPI document but not in the route table`);
      const params = op.parameters ?? [];
      const responses: Record<string, Schema | null> = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) responses[status] = r.content?.['application/json']?.schema ?? null;
      ops.push({
        key: `${method} ${url}`,
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        bodyRequired: !!op.requestBody?.required,
        responses,
        access: route.access,
      });
    }
  }
  return ops;
}

// ---- schema → arbitrary ---------------------------------------------------------------------------

/** Strings that have broken parsers, databases and templates elsewhere; none contains a leak marker. */
const nasty = [
  '',
  ' ',
  '0',
  '-1',
  'null',
  'undefined',
  'NaN',
  'true',
  "'; drop table users; --",
  "' or '1'='1",
  '"',
  '\\',
  '%',
  '%00',
  '\u0000',
  '\ud800',
  '\u202e\u202d',
  '😀👍🏽',
  'ئۇيغۇرچە',
  '暖新',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  '..%2f..%2f',
  'a'.repeat(300),
  '1e309',
  '9007199254740993',
  '2026-02-30',
  '0000-00-00',
  '__proto__',
  'constructor',
];
export const nastyString = fc.constantFrom(...nasty);

const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const isoDateTime = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

function stringArb(s: Schema, ctx: GenCtx): fc.Arbitrary<string> {
  if (s.format === 'uuid') return ctx.ids.length ? fc.oneof(fc.uuid(), fc.constantFrom(...ctx.ids)) : fc.uuid();
  if (s.format === 'date') return isoDate;
  if (s.format === 'date-time') return isoDateTime;
  if (s.format === 'uri') return fc.webUrl();
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
    } catch {
      // a pattern fast-check cannot generate from: fall through to plain strings
    }
  }
  return fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) }, { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max }) });
}

type GenCtx = { ids: string[]; depth: number };

/** Values valid by the schema (as far as JSON Schema says; refinements in code may still refuse them). */
export function valid(s: Schema | undefined, ctx: GenCtx = { ids: [], depth: 0 }): fc.Arbitrary<unknown> {
  if (!s || ctx.depth > 6) return fc.constant(null);
  const deeper = { ...ctx, depth: ctx.depth + 1 };
  let arb: fc.Arbitrary<unknown>;
  if (s.const !== undefined) arb = fc.constant(s.const);
  else if (s.enum) arb = fc.constantFrom(...s.enum);
  else if (s.anyOf ?? s.oneOf) arb = fc.oneof(...(s.anyOf ?? s.oneOf)!.map((x) => valid(x, deeper)));
  else if (s.allOf?.length) arb = valid(s.allOf[0], deeper);
  else {
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    switch (type) {
      case 'string':
        arb = stringArb(s, ctx);
        break;
      case 'integer': {
        const min = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1_000_000);
        const max = s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : 1_000_000);
        arb = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
        break;
      }
      case 'number': {
        const min = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : -1e6);
        const max = s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : 1e6);
        arb = fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: typeof s.exclusiveMinimum === 'number', maxExcluded: typeof s.exclusiveMaximum === 'number' });
        break;
      }
      case 'boolean':
        arb = fc.boolean();
        break;
      case 'array':
        arb = fc.array(valid(s.items, deeper), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, Math.max(s.minItems ?? 0, 4)) });
        break;
      case 'object': {
        const props = s.properties ?? {};
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) model[k] = valid(v, deeper);
        arb = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) as fc.Arbitrary<unknown>;
        if (!Object.keys(props).length && s.additionalProperties && typeof s.additionalProperties === 'object') {
          arb = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), valid(s.additionalProperties, deeper), { maxKeys: 4 });
        }
        break;
      }
      case 'null':
        arb = fc.constant(null);
        break;
      default:
        arb = fc.jsonValue({ maxDepth: 2 });
    }
  }
  return s.nullable ? fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
}

/** Any JSON-ish value of the wrong kind. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 0.1, -0, 2 ** 53 + 2, -(2 ** 63)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 5000, minLength: 1000 }),
);

/** Nested arrays or objects, depth levels deep, as JSON text (JSON.stringify would recurse). */
export const deepJson = (depth: number, kind: 'array' | 'object') => (kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

/** Fields no caller may set, and prototype keys. */
const forbiddenFields = ['role', 'roles', 'owner_id', 'ownerId', 'status', 'platform', 'userId', 'user_id', 'id', 'createdAt', 'isStaff', 'is_disabled', '__proto__', 'constructor', 'prototype'];

/** A malformed variant of a valid object: a field of the wrong type, dropped, added or poisoned. */
function malformedObject(s: Schema, ctx: GenCtx): fc.Arbitrary<unknown> {
  const props = Object.keys(s.properties ?? {});
  const base = valid(s, ctx) as fc.Arbitrary<Record<string, unknown>>;
  const variants: fc.Arbitrary<unknown>[] = [
    // extra and forbidden fields, incl. __proto__ as an own key (JSON.parse makes it one)
    fc.tuple(base, fc.constantFrom(...forbiddenFields), wrongValue).map(([o, k, v]) => rawJson(o, k, v)),
    fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), wrongValue).map(([o, k, v]) => ({ ...(o ?? {}), [k]: v })),
    wrongValue,
  ];
  if (props.length) {
    variants.push(fc.tuple(base, fc.constantFrom(...props), wrongValue).map(([o, k, v]) => ({ ...(o ?? {}), [k]: v })));
    variants.push(fc.tuple(base, fc.constantFrom(...props)).map(([o, k]) => Object.fromEntries(Object.entries(o ?? {}).filter(([x]) => x !== k))));
    variants.push(fc.tuple(base, fc.constantFrom(...props), fc.string({ minLength: 20_000, maxLength: 20_000 }).map((x) => x || 'x'.repeat(20_000))).map(([o, k, v]) => ({ ...(o ?? {}), [k]: v.padEnd(20_000, 'x') })));
  }
  return fc.oneof(...variants);
}

/** JSON text with key k (possibly "__proto__") set as an own property, which spreading cannot do. */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON() {
    return this.text;
  }
}
function rawJson(o: Record<string, unknown> | null, k: string, v: unknown): RawJson {
  const body = JSON.stringify(o ?? {});
  const extra = `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`;
  return new RawJson(body === '{}' ? `{${extra}}` : `${body.slice(0, -1)},${extra}}`);
}

// ---- requests -------------------------------------------------------------------------------------

export type Principal = { name: string; headers: Record<string, string>; kind: 'anonymous' | 'user' | 'platform' | 'gate'; roles: string[] };
export type Req = {
  principal: string;
  method: Op['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
  shape: string; // what was malformed, for the report
};

/** A query value as text (objects, including null-prototype ones, as JSON). */
const text = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Percent-encoding; a lone surrogate goes out as the bytes of one (invalid UTF-8, which servers must survive). */
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return v.replace(/[\ud800-\udfff]/g, '\u0000').split('\u0000').map(encodeURIComponent).join('%ED%A0%80');
  }
};

function pathValue(p: Param, ctx: GenCtx): fc.Arbitrary<[string, string]> {
  const s = p.schema ?? { type: 'string' };
  return fc.oneof(
    { weight: 6, arbitrary: valid(s, ctx).map((v) => ['valid', encode(String(v))] as [string, string]) },
    { weight: 1, arbitrary: nastyString.filter((x) => x !== '').map((v) => ['nasty', encode(v)] as [string, string]) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).map((v) => ['random', encode(v)] as [string, string]) },
    { weight: 1, arbitrary: fc.constantFrom('..', '../..', '..%2f..%2fetc', '%2e%2e', '.', '%00', '%ZZ', 'a%2Fb').map((v) => ['traversal', v] as [string, string]) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => ['huge', 'a'.repeat(n)] as [string, string]) },
  );
}

function queryArb(op: Op, ctx: GenCtx): fc.Arbitrary<[string, string]> {
  if (!op.query.length) return fc.oneof(fc.constant(['none', ''] as [string, string]), fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), nastyString).map(([k, v]) => ['unknown param', `${encode(k)}=${encode(v)}`] as [string, string]));
  const validQuery = fc.record(Object.fromEntries(op.query.map((p) => [p.name, valid(p.schema, ctx)])), { requiredKeys: op.query.filter((p) => p.required).map((p) => p.name) });
  const toQs = (o: Record<string, unknown>) =>
    Object.entries(o)
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${encode(k)}=${encode(text(x))}`) : v === undefined ? [] : [`${encode(k)}=${encode(text(v))}`]))
      .join('&');
  const names = op.query.map((p) => p.name);
  return fc.oneof(
    { weight: 5, arbitrary: validQuery.map((o) => ['valid', toQs(o)] as [string, string]) },
    { weight: 2, arbitrary: fc.tuple(validQuery, fc.constantFrom(...names), wrongValue).map(([o, k, v]) => ['wrong type', toQs({ ...o, [k]: typeof v === 'object' && v !== null && !Array.isArray(v) ? JSON.stringify(v) : v })] as [string, string]) },
    { weight: 1, arbitrary: fc.tuple(validQuery, fc.constantFrom(...names), fc.array(nastyString, { minLength: 2, maxLength: 4 })).map(([o, k, v]) => ['array', toQs({ ...o, [k]: v })] as [string, string]) },
    { weight: 1, arbitrary: fc.tuple(validQuery, fc.constantFrom(...names)).map(([o, k]) => ['missing', toQs(Object.fromEntries(Object.entries(o).filter(([x]) => x !== k)))] as [string, string]) },
    { weight: 1, arbitrary: fc.tuple(validQuery, fc.constantFrom(...forbiddenFields, 'x')).map(([o, k]) => ['unknown param', toQs({ ...o, [k]: '1' })] as [string, string]) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz=1', '&&&', '=', 'a[b][c]=1', `${names[0]}[__proto__]=1`, `__proto__[x]=1`).map((q) => ['raw', q] as [string, string]) },
  );
}

type Body = { shape: string; payload?: string; contentType?: string };

function bodyArb(op: Op, ctx: GenCtx): fc.Arbitrary<Body> {
  const json = (shape: string) => (v: unknown): Body => ({ shape, payload: v instanceof RawJson ? v.text : JSON.stringify(v) ?? 'null', contentType: 'application/json' });
  const common: fc.Arbitrary<Body>[] = [
    fc.constantFrom<Body>(
      { shape: 'empty body' },
      { shape: 'empty JSON', payload: '', contentType: 'application/json' },
      { shape: 'invalid JSON', payload: '{"a":', contentType: 'application/json' },
      { shape: 'invalid JSON', payload: "{'a':1}", contentType: 'application/json' },
      { shape: 'invalid JSON', payload: '\u0000\u0001', contentType: 'application/json; charset=utf-8' },
      { shape: 'wrong content-type', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
      { shape: 'wrong content-type', payload: '<a>1</a>', contentType: 'application/xml' },
      { shape: 'wrong content-type', payload: '{}', contentType: 'text/plain' },
      { shape: 'wrong content-type', payload: '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
      { shape: 'wrong content-type', payload: 'abc', contentType: 'application/octet-stream' },
      { shape: 'wrong content-type', payload: '{}', contentType: 'application/json; charset=latin1' },
      { shape: 'deep nesting', payload: deepJson(5000, 'array'), contentType: 'application/json' },
      { shape: 'deep nesting', payload: deepJson(5000, 'object'), contentType: 'application/json' },
      { shape: 'prototype', payload: '{"__proto__":{"isAdmin":true,"role":"admin"},"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' },
      { shape: 'too large', payload: `{"a":"${'x'.repeat(1024 * 1024 + 10)}"}`, contentType: 'application/json' },
    ),
    wrongValue.map(json('wrong type')),
  ];
  if (!op.body) {
    return fc.oneof({ weight: 3, arbitrary: fc.constant<Body>({ shape: 'no body' }) }, { weight: 1, arbitrary: fc.oneof(...common) });
  }
  return fc.oneof(
    { weight: 5, arbitrary: valid(op.body, ctx).map(json('valid')) },
    { weight: 4, arbitrary: malformedObject(op.body, ctx).map(json('malformed')) },
    { weight: 2, arbitrary: fc.oneof(...common) },
  );
}

/** The principals that may call the route, and anonymous. */
export function callers(op: Op, principals: Principal[]): Principal[] {
  const a = op.access;
  const ok = principals.filter((p) => {
    if ('public' in a) return true;
    if ('platform' in a) return p.kind === 'platform';
    if ('gate' in a) return p.kind === 'gate';
    if (p.kind !== 'user') return false;
    if ('signedIn' in a) return true;
    return p.roles.some((r) => (a.roles as readonly string[]).includes(r));
  });
  const anon = principals.find((p) => p.kind === 'anonymous')!;
  // Signing out would end the shared sessions: it runs anonymously only.
  if (op.key === 'POST /api/auth/logout') return [anon];
  return ok.length ? ok : [anon];
}

/** Routes where a real id could lock the fuzzer's own principals out: random ids only. */
const noKnownIds = new Set(['PATCH /api/admin/users/:id', 'DELETE /api/admin/api-keys/:id', 'DELETE /api/parking/zone-keys/:id']);

export function requestArb(op: Op, principals: Principal[], ids: string[]): fc.Arbitrary<Req> {
  const ctx: GenCtx = { ids: noKnownIds.has(op.key) ? [] : ids, depth: 0 };
  const allowed = callers(op, principals);
  const anon = principals.find((p) => p.kind === 'anonymous')!;
  const who = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: fc.constant(anon) });
  const path = fc.tuple(...op.pathParams.map((p) => pathValue(p, ctx).map(([shape, v]) => [p.name, shape, v] as const)));
  const headerParams = fc.tuple(...op.headers.map((h) => fc.option(fc.oneof(valid(h.schema, ctx).map(String), nastyString), { nil: undefined }).map((v) => [h.name, v] as const)));
  return fc.tuple(who, path, queryArb(op, ctx), bodyArb(op, ctx), headerParams).map(([p, pathParts, [qShape, qs], body, hs]) => {
    let url = op.path;
    const shapes: string[] = [];
    for (const [name, shape, v] of pathParts) {
      url = url.replace(`{${name}}`, v);
      if (shape !== 'valid') shapes.push(`path ${name}: ${shape}`);
    }
    if (qShape !== 'valid' && qShape !== 'none') shapes.push(`query: ${qShape}`);
    if (body.shape !== 'valid' && body.shape !== 'no body') shapes.push(`body: ${body.shape}`);
    const headers: Record<string, string> = {};
    for (const [name, v] of hs) if (v !== undefined) headers[name] = v.replace(/[^\x20-\x7e]/g, '?');
    Object.assign(headers, p.headers); // the principal's credentials win over a fuzzed x-zone-key
    if (body.contentType) headers['content-type'] = body.contentType;
    return {
      principal: p.name,
      method: op.method,
      url: qs ? `${url}?${qs}` : url,
      headers,
      ...(body.payload !== undefined ? { payload: body.payload } : {}),
      shape: shapes.join('; ') || 'valid',
    };
  });
}

// ---- the checks -----------------------------------------------------------------------------------

/** What must never be in a body: stack frames, source paths, driver and SQL error text. */
export const leakPatterns: [string, RegExp][] = [
  ['stack frame', /\n?\s{4}at [^\n]*(\(|:\d+:\d+)/],
  ['source path', /\/work\/|\/home\/|\/tmp\/nx-|node_modules|\/src\/server\//],
  ['source file', /\.(ts|js|mjs):\d+/],
  ['error class', /\b(TypeError|RangeError|ReferenceError|SyntaxError|SqliteError|DatabaseError|AggregateError|ZodError): /],
  ['sql', /SQLITE_[A-Z]+|syntax error at or near|violates (unique|foreign key|not-null|check) constraint|relation "[^"]+" does not exist|no such (table|column)|UNIQUE constraint failed|FOREIGN KEY constraint failed|NOT NULL constraint failed|invalid input syntax for type|value too long for type|out of range for type/i],
];

export function findLeak(body: string): string | null {
  for (const [what, re] of leakPatterns) {
    const m = re.exec(body);
    if (m) return `${what}: ${JSON.stringify(body.slice(Math.max(0, m.index - 60), m.index + 80))}`;
  }
  return null;
}

export type Figures = {
  requests: number;
  fivexx: number;
  leaks: number;
  mismatches: number;
  envelope: number; // error answers without the {error:{code,message}} envelope
  undeclared: Record<string, number>; // status → answers with a status the document does not declare
  statuses: Record<string, number>;
  byShape: Record<string, number>;
};
export const newFigures = (): Figures => ({ requests: 0, fivexx: 0, leaks: 0, mismatches: 0, envelope: 0, undeclared: {}, statuses: {}, byShape: {} });

/** OpenAPI 3.0's `nullable` as JSON Schema (Ajv accepts it only beside `type`). */
export function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, toJsonSchema(x)])) : toJsonSchema(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

export function makeAjv() {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const cache = new Map<Schema, ValidateFunction>();
  return (schema: Schema) => {
    let v = cache.get(schema);
    if (!v) {
      v = ajv.compile(toJsonSchema(schema) as object);
      cache.set(schema, v);
    }
    return v;
  };
}

/** Checks one answer; returns the problems (empty when fine) and counts the figures. */
export function checkAnswer(op: Op, res: LightMyRequestResponse, fig: Figures, validator: ReturnType<typeof makeAjv>, url?: string): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  fig.requests++;
  fig.statuses[status] = (fig.statuses[status] ?? 0) + 1;
  if (status >= 500) {
    fig.fivexx++;
    problems.push(`status ${status}: ${res.body.slice(0, 300)}`);
  }
  const type = String(res.headers['content-type'] ?? '');
  const textual = !type || /json|text|html|xml|csv/.test(type);
  if (textual) {
    const leak = findLeak(res.body);
    if (leak) {
      fig.leaks++;
      problems.push(`leak (${leak})`);
    }
  }
  const declared = op.responses[String(status)];
  if (declared === undefined) {
    fig.undeclared[status] = (fig.undeclared[status] ?? 0) + 1;
  } else if (declared && /json/.test(type)) {
    const validate = validator(declared);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = Symbol('not JSON');
    }
    if (!validate(body)) {
      fig.mismatches++;
      problems.push(`response does not match its declared ${status} schema: ${JSON.stringify(validate.errors?.slice(0, 3))} in ${res.body.slice(0, 300)}`);
    }
  }
  // A path whose dot segments lead out of /api (/api/cases/../../x is /x) is a page path: the web app's
  // plain "Not found" is its right answer, not an API error without its envelope.
  const api = !url || new URL(url, 'http://local').pathname.startsWith('/api/');
  if (status >= 400 && api) {
    let ok = false;
    try {
      const e = (JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } }).error;
      ok = typeof e?.code === 'string' && typeof e.message === 'string' && /json/.test(type);
    } catch {
      ok = false;
    }
    if (!ok) {
      fig.envelope++;
      problems.push(`error ${status} without the error envelope: ${type} ${res.body.slice(0, 200)}`);
    }
  }
  return problems;
}

// ---- the run --------------------------------------------------------------------------------------

/** Anonymous, both demo workers, every demo staff account, a platform API key and a zone key. */
export async function fuzzPrincipals(t: TestApp): Promise<Principal[]> {
  const ps: Principal[] = [{ name: 'anonymous', headers: {}, kind: 'anonymous', roles: [] }];
  ps.push({ name: 'worker (driver)', headers: { cookie: await t.login(demoWorkers.driver) }, kind: 'user', roles: ['worker'] });
  ps.push({ name: 'worker (courier)', headers: { cookie: await t.login(demoWorkers.courier) }, kind: 'user', roles: ['worker'] });
  for (const s of demoStaff) ps.push({ name: s.roles.map((r) => r.role).join('+'), headers: { cookie: await t.login(s.phone) }, kind: 'user', roles: s.roles.map((r) => r.role) });
  const admin = ps.find((p) => p.name === 'admin')!;
  const key = (await t.app.inject({ method: 'POST', url: '/api/admin/api-keys', headers: admin.headers, payload: { platformCode: 'didi', label: 'fuzz' } })).json().key as string;
  ps.push({ name: 'platform key', headers: { authorization: `Bearer ${key}` }, kind: 'platform', roles: [] });
  const chair = ps.find((p) => p.roles.includes('union_chair'))!;
  const zone = await t.app.inject({ method: 'POST', url: `/api/parking/zones/${demoZones.north}/keys`, headers: chair.headers, payload: { label: 'fuzz' } });
  const zoneKey = zone.statusCode < 300 ? (zone.json().key as string) : (await t.app.inject({ method: 'POST', url: `/api/parking/zones/${demoZones.north}/keys`, headers: admin.headers, payload: { label: 'fuzz' } })).json().key as string;
  ps.push({ name: 'zone key', headers: { 'x-zone-key': zoneKey }, kind: 'gate', roles: [] });
  return ps;
}

/** Real ids, so generated requests reach past "not found": every uuid the list routes answer with. */
export async function harvestIds(t: TestApp, ops: Op[], principals: Principal[], max = 400): Promise<string[]> {
  const ids = new Set<string>();
  for (const op of ops) {
    if (op.method !== 'GET' || op.pathParams.length || op.key === 'GET /api/openapi.json') continue;
    for (const p of callers(op, principals)) {
      const res = await t.app.inject({ method: 'GET', url: op.path, headers: p.headers });
      for (const m of res.body.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)) ids.add(m[0]);
    }
  }
  return [...ids].slice(0, max);
}

/** Operations that recompute or render a whole report (seconds each): capped at heavyRuns requests. */
const heavy = new Set(['POST /api/stats/refresh', 'GET /api/stats/report.pdf']);

export type Finding = { op: string; counterexample: Req; problems: string[]; seed: number; path: string | null };

/**
 * Runs `runs` generated requests per operation (fast-check shrinks each failure to a small request)
 * and returns the figures and the findings, one per failing operation.
 */
export async function fuzz(t: TestApp, opts: { runs: number; heavyRuns?: number; seed?: number; only?: (op: Op) => boolean; onOp?: (op: Op, i: number, n: number) => void }) {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
  const ops = operations(doc, t.routeTable).filter(opts.only ?? (() => true));
  const principals = await fuzzPrincipals(t);
  const ids = await harvestIds(t, ops, principals);
  const fig = newFigures();
  const validator = makeAjv();
  const findings: Finding[] = [];
  const slow: [string, number][] = [];
  // Sign-out goes last (it runs anonymously anyway); the rest in document order.
  const ordered = [...ops].sort((a, b) => Number(a.key.endsWith('/logout')) - Number(b.key.endsWith('/logout')));
  const perOp = Math.max(1, Math.floor(opts.runs / ordered.length));
  let i = 0;
  for (const op of ordered) {
    opts.onOp?.(op, i++, ordered.length);
    const started = Date.now();
    let last: string[] = [];
    const prop = fc.asyncProperty(requestArb(op, principals, ids), async (req) => {
      const res = await t.app.inject({ method: req.method, url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
      fig.byShape[req.shape.split(':')[0]!] = (fig.byShape[req.shape.split(':')[0]!] ?? 0) + 1;
      const problems = checkAnswer(op, res, fig, validator, req.url);
      if (problems.length) {
        last = problems;
        return false;
      }
      return true;
    });
    const details = await fc.check(prop, { numRuns: heavy.has(op.key) ? Math.min(perOp, opts.heavyRuns ?? 3) : perOp, ...(opts.seed !== undefined ? { seed: opts.seed + i } : {}) });
    slow.push([op.key, Date.now() - started]);
    if (details.failed && details.counterexample) {
      findings.push({ op: op.key, counterexample: details.counterexample[0], problems: last.length ? last : [`threw: ${String(details.errorInstance).slice(0, 400)}`], seed: details.seed, path: details.counterexamplePath });
    }
  }
  return { fig, findings, slowest: slow.sort((a, b) => b[1] - a[1]).slice(0, 8), ops: ordered.length, perOp, principals: principals.length, ids: ids.length };
}

export function describeFindings(findings: Finding[]): string {
  return findings
    .map((f) => {
      const r = f.counterexample;
      const payload = r.payload === undefined ? '' : ` body ${JSON.stringify(r.payload.length > 300 ? `${r.payload.slice(0, 300)}…(${r.payload.length} chars)` : r.payload)}`;
      return `${f.op} as ${r.principal} [${r.shape}] → ${r.method} ${r.url.length > 160 ? `${r.url.slice(0, 160)}…(${r.url.length} chars)` : r.url}${payload} (seed ${f.seed}, path ${String(f.path).slice(0, 40)})\n    ${f.problems.join('\n    ')}`;
    })
    .join('\n');
}

export const figureLine = (f: Figures) =>
  `fuzz: ${f.requests} requests, 5xx ${f.fivexx}, leaks ${f.leaks}, schema mismatches ${f.mismatches}, error envelope mismatches ${f.envelope}, undeclared statuses ${Object.values(f.undeclared).reduce((a, b) => a + b, 0)} (${Object.entries(f.undeclared)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ')})`;
