import type Database from 'better-sqlite3';
import type { SearchFacets } from '../../../shared/contract/archive';
import { UNDATED } from '../../../shared/search/query';

/** Tags kept per release in the fixed slots; more go to an overflow list (rare). */
const TAG_SLOTS = 4;
const NONE = 0;

interface FacetRow {
  rowid: number;
  topic: string;
  status: string;
  year: string;
  tags_json: string;
  live: number;
  seq: number;
}

/** Values as small numbers (0 is "none"), and back. */
class Dictionary {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [''];

  id(value: string): number {
    if (value === '') return NONE;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

type Facet = { value: string; count: number }[];

/**
 * Exact facet counts for any number of hits: a copy in memory of the narrow
 * `release_facets` table (topic, status, year, tags and whether the release is
 * live, as small numbers per rowid), which catches up with the changes since
 * it last looked (each change has a number, `seq`) before it counts. Counting
 * the hits of a frequent word is then a pass over an array of rowids; the
 * stored releases are not read.
 */
export class FacetCounts {
  private readonly topics = new Dictionary();
  private readonly statuses = new Dictionary();
  private readonly years = new Dictionary();
  private readonly tags = new Dictionary();
  private topic = new Uint32Array(0);
  private status = new Uint8Array(0);
  private year = new Uint16Array(0);
  private live = new Uint8Array(0);
  private tagSlots = new Uint32Array(0);
  private readonly moreTags = new Map<number, number[]>();
  private seq = -1;
  private readonly stmtChanges;

  constructor(db: Database.Database) {
    this.stmtChanges = db.prepare<[number], FacetRow>(
      'SELECT rowid, topic, status, year, tags_json, live, seq FROM release_facets WHERE seq > ? ORDER BY seq',
    );
  }

  /** Reads the changes since the last look (the first look reads every release). */
  catchUp(): void {
    for (const row of this.stmtChanges.iterate(this.seq)) {
      this.apply(row);
      this.seq = row.seq;
    }
  }

  /** How many rowids the arrays hold; they grow by half when a larger rowid arrives. */
  private ensure(rowid: number): void {
    if (rowid < this.live.length) return;
    const size = Math.max(1024, rowid + 1, Math.floor(this.live.length * 1.5));
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array>(old: T, make: (n: number) => T, factor = 1): T => {
      const next = make(size * factor);
      next.set(old);
      return next;
    };
    this.topic = grow(this.topic, (n) => new Uint32Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.year = grow(this.year, (n) => new Uint16Array(n));
    this.live = grow(this.live, (n) => new Uint8Array(n));
    this.tagSlots = grow(this.tagSlots, (n) => new Uint32Array(n), TAG_SLOTS);
  }

  private apply(row: FacetRow): void {
    this.ensure(row.rowid);
    const at = row.rowid;
    this.topic[at] = this.topics.id(row.topic);
    this.status[at] = this.statuses.id(row.status);
    this.year[at] = this.years.id(row.year || UNDATED);
    this.live[at] = row.live ? 1 : 0;
    let tags: unknown;
    try {
      tags = JSON.parse(row.tags_json);
    } catch {
      tags = [];
    }
    const ids = Array.isArray(tags)
      ? tags.filter((t): t is string => typeof t === 'string' && t !== '').map((t) => this.tags.id(t))
      : [];
    for (let i = 0; i < TAG_SLOTS; i++) this.tagSlots[at * TAG_SLOTS + i] = ids[i] ?? NONE;
    if (ids.length > TAG_SLOTS) this.moreTags.set(at, ids.slice(TAG_SLOTS));
    else this.moreTags.delete(at);
  }

  /**
   * The facets of the live releases among `rowids` (all live releases when
   * null), and how many live releases that is. Call `catchUp` first.
   */
  count(rowids: Iterable<number> | null): { facets: SearchFacets; total: number } {
    const topic = new Uint32Array(this.topics.values.length);
    const status = new Uint32Array(this.statuses.values.length);
    const year = new Uint32Array(this.years.values.length);
    const tag = new Uint32Array(this.tags.values.length);
    let total = 0;
    const add = (at: number): void => {
      if (at >= this.live.length || this.live[at] !== 1) return;
      total++;
      topic[this.topic[at]!]!++;
      status[this.status[at]!]!++;
      year[this.year[at]!]!++;
      for (let i = at * TAG_SLOTS, end = i + TAG_SLOTS; i < end && this.tagSlots[i] !== NONE; i++)
        tag[this.tagSlots[i]!]!++;
      const more = this.moreTags.get(at);
      if (more) for (const id of more) tag[id]!++;
    };
    if (rowids) for (const at of rowids) add(at);
    else for (let at = 0; at < this.live.length; at++) add(at);
    const top = (counts: Uint32Array, values: readonly string[], limit: number): Facet => {
      const out: Facet = [];
      for (let id = 1; id < counts.length; id++)
        if (counts[id]! > 0) out.push({ value: values[id]!, count: counts[id]! });
      out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      return out.slice(0, limit);
    };
    return {
      total,
      facets: {
        exact: true,
        topic: top(topic, this.topics.values, 30),
        status: top(status, this.statuses.values, 10),
        // Newest year first; releases without a date last, under UNDATED (`datum:ohne`).
        year: top(year, this.years.values, 100).sort(
          (a, b) => Number(a.value === UNDATED) - Number(b.value === UNDATED) || b.value.localeCompare(a.value),
        ),
        tag: top(tag, this.tags.values, 30),
      },
    };
  }
}

/** The rowids of a `group_concat(rowid)` (comma-separated decimal numbers), without splitting into strings. */
export function rowidsOf(list: string | null): Uint32Array {
  if (!list) return new Uint32Array(0);
  let n = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) n++;
  const out = new Uint32Array(n);
  let k = 0;
  let value = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out[k++] = value;
      value = 0;
    } else value = value * 10 + (c - 48);
  }
  out[k] = value;
  return out;
}
