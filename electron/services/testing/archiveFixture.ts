import { afterEach, beforeEach, expect } from 'vitest';
import type { ReleaseFields } from '../../../shared/domain';
import { openWorkstation, type Workstation } from '../workstation';
import { WordList } from '../archive/wordList';
import { engineInternals } from './internals';
import { makeTempDir } from './tempDir';

/** The running test's workstation (see {@link freshWorkstationEachTest}). */
export interface ArchiveFixture {
  readonly ws: Workstation;
  /** The workstation's data folder. */
  readonly dir: string;
  /** Writes a release through the store, published in March 2024 unless `fields` say otherwise; its id. */
  readonly add: (fields: Partial<ReleaseFields>) => string;
}

/**
 * Opens a workstation (the CLI host) in a fresh temporary folder before each
 * test of the file that calls it, and closes and removes it after the test.
 */
export function freshWorkstationEachTest(): ArchiveFixture {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let ws: Workstation | undefined;
  beforeEach(() => {
    tmp = makeTempDir();
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
  });
  afterEach(() => {
    ws?.close();
    tmp?.cleanup();
    ws = undefined;
    tmp = undefined;
  });
  const running = (): { ws: Workstation; dir: string } => {
    if (!ws || !tmp) throw new Error('The workstation exists only while a test runs.');
    return { ws, dir: tmp.dir };
  };
  return {
    get ws() {
      return running().ws;
    },
    get dir() {
      return running().dir;
    },
    add: (fields) =>
      engineInternals(running().ws).releases.create({
        status: 'published',
        publishedAt: '2024-03-01T10:00:00Z',
        ...fields,
      }).id,
  };
}

/** The archive's list of words, after it took in the words of every release written. */
export function listedWords(ws: Workstation): string[] {
  const list = new WordList(engineInternals(ws).db);
  list.catchUp();
  expect(list.behind()).toBe(false);
  return engineInternals(ws).db.prepare('SELECT word FROM search_words ORDER BY word').pluck().all() as string[];
}

/** Every token of the two word indexes with its release, column and position, and the list of words: the indexes' whole content. */
export function indexContent(ws: Workstation): string[] {
  engineInternals(ws).db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_rows USING fts5vocab(main, release_fts, 'instance')`,
  );
  engineInternals(ws).db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.head_rows USING fts5vocab(main, release_head, 'instance')`,
  );
  const rows = (table: string) =>
    engineInternals(ws)
      .db.prepare(
        `SELECT r.id || ' ' || v.col || ' ' || v.offset || ' ' || v.term AS line
         FROM ${table} v JOIN releases r ON r.rowid = v.doc`,
      )
      .pluck()
      .all() as string[];
  return [
    ...rows('temp.fts_rows').map((l) => `w ${l}`),
    ...listedWords(ws).map((w) => `l ${w}`),
    ...rows('temp.head_rows').map((l) => `h ${l}`),
  ].sort();
}
