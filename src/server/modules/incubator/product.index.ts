import type { ProductSort } from '../../../shared/incubator.js';

/** What a search shows of a product, kept in memory so a search touches no table but the version row. */
export type ProductEntry = {
  id: string;
  orgId: string;
  name: string;
  nameUg: string;
  nameEn: string;
  supplier: string;
  category: string;
  origin: string;
  originPlace: string;
  priceFen: number;
  commissionFen: number;
  stock: number;
  rating: number | null; // tenths of a star
  checkResult: string | null; // the latest quality check
  checkedOn: string | null;
  active: boolean;
  updatedAt: number;
};

export type ProductQuery = {
  orgId?: string | undefined; // one library, or every one (the public page)
  q?: string | undefined;
  category?: string | undefined;
  origin?: string | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  commissionMin?: number | undefined;
  commissionMax?: number | undefined;
  inStock?: boolean | undefined;
  passed?: boolean | undefined;
  ratingMin?: number | undefined; // tenths
  includeInactive?: boolean | undefined;
  sort?: ProductSort | undefined;
  offset: number;
  limit: number;
};

/** NFKC, lower case, whitespace folded: what both the index and a query are compared in. */
export const normaliseText = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

const textOf = (e: ProductEntry) => normaliseText([e.name, e.nameUg, e.nameEn, e.supplier].join('\u0001'));

/** Every character and every pair of adjacent characters (UTF-16 units; the names are BMP text) of a text. */
function gramsOf(text: string): Set<string> {
  const out = new Set<string>();
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 1) continue;
    out.add(text[i]!);
    if (i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d !== 1) out.add(text.slice(i, i + 2));
    }
  }
  return out;
}

/** The grams a query term is looked up by: itself when one character, else its pairs. */
function termGrams(t: string): string[] {
  if (t.length === 1) return [t];
  const out: string[] = [];
  for (let i = 0; i + 1 < t.length; i++) out.push(t.slice(i, i + 2));
  return out;
}

/** Small dictionaries turning codes into numbers for the typed arrays. */
class Codes {
  private readonly map = new Map<string, number>();
  of(s: string): number {
    let c = this.map.get(s);
    if (c === undefined) this.map.set(s, (c = this.map.size));
    return c;
  }
  find(s: string | undefined): number {
    return s === undefined ? -1 : (this.map.get(s) ?? -2);
  }
}

type OrderKey = Exclude<ProductSort, 'relevance'> | 'rating_desc';

/**
 * An n-gram index (every character and every character pair) over the products' names (Chinese,
 * Uyghur, English) and suppliers, with the filterable attributes in typed arrays and the entries in
 * permutations pre-sorted for each sort order. A term is looked up in its rarest gram's posting list
 * and each candidate confirmed by a substring test, so stale postings (after a rename) cost nothing
 * but a failed test. Changes patch it in place (decision 0013).
 */
export class ProductIndex {
  private entries: ProductEntry[] = [];
  private texts: string[] = [];
  private names: string[] = [];
  private readonly byId = new Map<string, number>();
  /** Sorted entry positions per gram: typed arrays once built (nothing for the garbage collector to walk), plain arrays once patched. */
  private readonly postings = new Map<string, number[] | Int32Array>();
  private price = new Float64Array(0);
  private commission = new Float64Array(0);
  private stock = new Float64Array(0);
  private rating = new Float64Array(0);
  private passed = new Uint8Array(0);
  private active = new Uint8Array(0);
  private org = new Int32Array(0);
  private cat = new Int32Array(0);
  private origin = new Int32Array(0);
  private readonly orgCodes = new Codes();
  private readonly catCodes = new Codes();
  private readonly originCodes = new Codes();
  private orders = new Map<OrderKey, Int32Array>();
  private mark = new Uint32Array(0);
  private markGen = 0;

  constructor(entries: ProductEntry[] = []) {
    this.grow(entries.length);
    for (const e of entries) this.add(e);
    for (const [g, list] of this.postings) this.postings.set(g, Int32Array.from(list));
  }

  get size() {
    return this.entries.length;
  }

  get(id: string): ProductEntry | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.entries[i];
  }

  private grow(n: number) {
    if (n <= this.price.length) return;
    const cap = Math.max(n, this.price.length * 2, 64);
    const f64 = (old: Float64Array) => {
      const a = new Float64Array(cap);
      a.set(old);
      return a;
    };
    const u8 = (old: Uint8Array) => {
      const a = new Uint8Array(cap);
      a.set(old);
      return a;
    };
    this.price = f64(this.price);
    this.commission = f64(this.commission);
    this.stock = f64(this.stock);
    this.rating = f64(this.rating);
    this.passed = u8(this.passed);
    this.active = u8(this.active);
    const i32 = (old: Int32Array) => {
      const a = new Int32Array(cap);
      a.set(old);
      return a;
    };
    this.org = i32(this.org);
    this.cat = i32(this.cat);
    this.origin = i32(this.origin);
    const m = new Uint32Array(cap);
    m.set(this.mark);
    this.mark = m;
  }

  private setAttrs(i: number, e: ProductEntry) {
    this.price[i] = e.priceFen;
    this.commission[i] = e.commissionFen;
    this.stock[i] = e.stock;
    this.rating[i] = e.rating ?? -1;
    this.passed[i] = e.checkResult === 'pass' ? 1 : 0;
    this.active[i] = e.active ? 1 : 0;
    this.org[i] = this.orgCodes.of(e.orgId);
    this.cat[i] = this.catCodes.of(e.category);
    this.origin[i] = this.originCodes.of(e.origin);
  }

  private post(i: number, grams: Iterable<string>) {
    for (const g of grams) {
      let list = this.postings.get(g);
      if (!list) this.postings.set(g, (list = []));
      else if (list instanceof Int32Array) this.postings.set(g, (list = Array.from(list)));
      // Entries are added in index order, so appending keeps each list sorted; a renamed entry's
      // new grams go in their place.
      if (!list.length || list[list.length - 1]! < i) list.push(i);
      else {
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (list[mid]! < i) lo = mid + 1;
          else hi = mid;
        }
        if (list[lo] !== i) list.splice(lo, 0, i);
      }
    }
  }

  private add(e: ProductEntry) {
    const i = this.entries.length;
    this.grow(i + 1);
    this.entries.push(e);
    const text = textOf(e);
    this.texts.push(text);
    this.names.push(normaliseText(e.name));
    this.byId.set(e.id, i);
    this.setAttrs(i, e);
    this.post(i, gramsOf(text));
    this.orders.clear();
  }

  /** Adds a product or replaces its entry. */
  upsert(e: ProductEntry) {
    const i = this.byId.get(e.id);
    if (i === undefined) return this.add(e);
    const old = this.entries[i]!;
    this.entries[i] = e;
    const text = textOf(e);
    if (text !== this.texts[i]) {
      const before = gramsOf(this.texts[i]!);
      this.texts[i] = text;
      this.names[i] = normaliseText(e.name);
      this.post(i, [...gramsOf(text)].filter((g) => !before.has(g)));
    }
    this.setAttrs(i, e);
    if (old.priceFen !== e.priceFen) {
      this.orders.delete('price_asc');
      this.orders.delete('price_desc');
    }
    if (old.commissionFen !== e.commissionFen) this.orders.delete('commission_desc');
    if (old.rating !== e.rating) this.orders.delete('rating_desc');
    if (old.updatedAt !== e.updatedAt) this.orders.delete('newest');
  }

  /** The entries' positions in one sort order, built when first needed after a change. */
  private order(key: OrderKey): Int32Array {
    let o = this.orders.get(key);
    if (o) return o;
    const n = this.entries.length;
    o = new Int32Array(n);
    for (let i = 0; i < n; i++) o[i] = i;
    const { price, commission, rating, entries } = this;
    const cmp: Record<OrderKey, (a: number, b: number) => number> = {
      price_asc: (a, b) => price[a]! - price[b]! || a - b,
      price_desc: (a, b) => price[b]! - price[a]! || a - b,
      commission_desc: (a, b) => commission[b]! - commission[a]! || a - b,
      rating_desc: (a, b) => rating[b]! - rating[a]! || a - b,
      newest: (a, b) => entries[b]!.updatedAt - entries[a]!.updatedAt || b - a,
    };
    o.sort(cmp[key]);
    this.orders.set(key, o);
    return o;
  }

  /** Builds every sort order now (at start, so no search pays for it). */
  warm() {
    for (const k of ['price_asc', 'price_desc', 'commission_desc', 'rating_desc', 'newest'] as const) this.order(k);
  }

  search(q: ProductQuery): { total: number; items: ProductEntry[] } {
    const terms = q.q ? normaliseText(q.q).split(' ').filter(Boolean) : [];
    const n = this.entries.length;
    const { price, commission, stock, rating, passed, active, entries, texts } = this;
    const pMin = q.priceMin ?? -Infinity;
    const pMax = q.priceMax ?? Infinity;
    const cMin = q.commissionMin ?? -Infinity;
    const cMax = q.commissionMax ?? Infinity;
    const rMin = q.ratingMin ?? -Infinity;
    const { org, cat, origin } = this;
    const wantOrg = this.orgCodes.find(q.orgId);
    const wantCat = this.catCodes.find(q.category);
    const wantOrigin = this.originCodes.find(q.origin);
    if (wantOrg === -2 || wantCat === -2 || wantOrigin === -2) return { total: 0, items: [] };
    const needActive = !q.includeInactive;
    const needStock = !!q.inStock;
    const needPassed = !!q.passed;
    const ok = (i: number) =>
      (wantOrg < 0 || org[i] === wantOrg) &&
      (wantCat < 0 || cat[i] === wantCat) &&
      (wantOrigin < 0 || origin[i] === wantOrigin) &&
      (!needActive || active[i] === 1) &&
      price[i]! >= pMin &&
      price[i]! <= pMax &&
      commission[i]! >= cMin &&
      commission[i]! <= cMax &&
      (!needStock || stock[i]! > 0) &&
      (!needPassed || passed[i] === 1) &&
      rating[i]! >= rMin;

    // The candidates: every entry, or those holding each term (via its rarest gram).
    let candidates: ArrayLike<number> | null = null;
    if (terms.length) {
      let best: ArrayLike<number> | null = null;
      for (const t of terms) {
        for (const g of termGrams(t)) {
          const list = this.postings.get(g);
          if (!list) return { total: 0, items: [] };
          if (!best || list.length < best.length) best = list;
        }
      }
      candidates = best!;
    }
    const hits: number[] = [];
    if (candidates) {
      for (let k = 0; k < candidates.length; k++) {
        const i = candidates[k]!;
        if (!ok(i)) continue;
        const text = texts[i]!;
        if (terms.every((t) => text.includes(t))) hits.push(i);
      }
    } else {
      for (let i = 0; i < n; i++) if (ok(i)) hits.push(i);
    }

    const total = hits.length;
    const need = q.offset + q.limit;
    const sort: ProductSort = q.sort ?? 'relevance';
    let ordered: number[];
    if (sort === 'relevance' && terms.length) {
      // Names starting with the first term, then names holding it, then other fields; best rated first.
      const first = terms[0]!;
      const rank = (i: number) => (this.names[i]!.startsWith(first) ? 0 : this.names[i]!.includes(first) ? 1 : 2);
      if (hits.length <= 4096) {
        ordered = hits
          .map((i) => ({ i, r: rank(i) }))
          .sort((a, b) => a.r - b.r || rating[b.i]! - rating[a.i]! || a.i - b.i)
          .map((x) => x.i);
      } else {
        const gen = this.stamp(hits);
        const buckets: number[][] = [[], [], []];
        for (const i of this.order('rating_desc')) {
          if (this.mark[i] !== gen) continue;
          const b = buckets[rank(i)]!;
          b.push(i);
          if (b === buckets[0] && b.length >= need) break;
        }
        ordered = buckets.flat();
      }
    } else {
      const key: OrderKey = sort === 'relevance' ? 'newest' : sort;
      if (hits.length <= 4096) {
        ordered = hits;
        const cmp: Record<OrderKey, (a: number, b: number) => number> = {
          price_asc: (a, b) => price[a]! - price[b]! || a - b,
          price_desc: (a, b) => price[b]! - price[a]! || a - b,
          commission_desc: (a, b) => commission[b]! - commission[a]! || a - b,
          rating_desc: (a, b) => rating[b]! - rating[a]! || a - b,
          newest: (a, b) => entries[b]!.updatedAt - entries[a]!.updatedAt || b - a,
        };
        ordered.sort(cmp[key]);
      } else {
        // Many hits: walk the pre-sorted order and keep the marked ones until the page is full.
        const gen = this.stamp(hits);
        ordered = [];
        for (const i of this.order(key)) {
          if (this.mark[i] !== gen) continue;
          ordered.push(i);
          if (ordered.length >= need) break;
        }
      }
    }
    return { total, items: ordered.slice(q.offset, need).map((i) => entries[i]!) };
  }

  /** Marks the hits with a fresh generation number (no clearing between searches). */
  private stamp(hits: number[]): number {
    if (++this.markGen === 0xffffffff) {
      this.mark.fill(0);
      this.markGen = 1;
    }
    const gen = this.markGen;
    for (const i of hits) this.mark[i] = gen;
    return gen;
  }
}
