import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The word indexes a count may be asked of (never a name from elsewhere). */
export type CountedIndex = 'release_fts' | 'release_head';

/**
 * The worker's code, plain JavaScript on purpose: it needs no build step and
 * no module of ours, only the SQLite driver the engine itself loads (its path
 * comes along). It opens the store read-only and answers one kind of question:
 * how many live releases (not in the trash) match an expression of one index.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// Set once this thread holds no connection: the engine waits for it before it closes its own.
const closed = new Int32Array(workerData.closed);
const done = () => {
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
};
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, {
    readonly: true,
    fileMustExist: true,
    ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}),
  });
} catch (error) {
  done();
  throw error;
}
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -16000');
// Releases in the trash are few: their matches are counted apart and taken off, only when there are any.
const trashed = db.prepare('SELECT trashed FROM release_totals').pluck();
const statements = new Map();
// One whole word of the word index (the search writes it as its token): its number of releases, kept with the word.
let wordRows = null;
try {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pressdesk_fts_word_rows USING fts5vocab(main, release_fts, 'row')");
  wordRows = db.prepare('SELECT doc FROM temp.pressdesk_fts_word_rows WHERE term = ?').pluck();
} catch {
  wordRows = null;
}
const ONE_WORD = /^"([a-z0-9]+)"$/;
const INDEXES = new Set(['release_fts', 'release_head']);
parentPort.on('message', (request) => {
  if (request.close) {
    db.close();
    done();
    parentPort.close();
    return;
  }
  try {
    if (!INDEXES.has(request.table)) throw new Error('unknown index');
    let pair = statements.get(request.table);
    if (!pair) {
      const t = request.table;
      pair = {
        all: db.prepare('SELECT count(*) FROM ' + t + ' WHERE ' + t + ' MATCH ?').pluck(),
        inTrash: db
          .prepare('SELECT count(*) FROM ' + t + ' WHERE ' + t + ' MATCH ? AND rowid IN (SELECT rowid FROM releases WHERE deleted_at IS NOT NULL)')
          .pluck(),
      };
      statements.set(t, pair);
    }
    const word = request.table === 'release_fts' && wordRows ? ONE_WORD.exec(request.match) : null;
    const all = word ? (wordRows.get(word[1]) ?? 0) : pair.all.get(request.match);
    const count = trashed.get() > 0 ? all - pair.inTrash.get(request.match) : all;
    parentPort.postMessage({ id: request.id, count });
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: String((error && error.message) || error) });
  }
});
`;

/** How long closing waits for the thread to close its connection (a count in progress finishes first). */
const CLOSE_WAIT_MS = 2000;

interface Pending {
  resolve(count: number): void;
  reject(error: Error): void;
}

/**
 * Counts the matches of a search on the machine's other core while the
 * engine's thread ranks the page and cuts its excerpts: the exact total of a
 * frequent word (every match visited) no longer adds to the time of the
 * answer. One worker thread with its own read-only connection, started at
 * the first count; should it fail, `count` rejects and the caller counts on
 * its own thread.
 */
export class MatchCounter {
  private worker: Worker | null = null;
  private broken = false;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Set by the thread when its connection is closed (see `close`). */
  private readonly closed = new SharedArrayBuffer(4);

  constructor(
    private readonly file: string,
    private readonly nativeBinding?: string,
  ) {}

  /** Whether counts can be asked of the worker (false after it failed or was closed). */
  get available(): boolean {
    return !this.broken;
  }

  /** Starts the thread now (a long-running engine: the first search then finds it ready). */
  prepare(): void {
    this.start();
  }

  count(table: CountedIndex, match: string): Promise<number> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error('The match counter is not available.'));
    const id = this.next++;
    return new Promise<number>((resolve, reject) => {
      // While a count is awaited the thread keeps the process alive; idle, it never does.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, table, match });
    });
  }

  /**
   * Stops the thread. Its connection is closed before this returns (or after
   * `CLOSE_WAIT_MS` at most): the engine's connection, closed next, is then
   * the last one, which checkpoints and removes the write-ahead log — a
   * read-only connection closed last cannot.
   */
  close(): void {
    this.broken = true;
    this.fail(new Error('The match counter was closed.'));
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    worker.postMessage({ close: true });
    Atomics.wait(new Int32Array(this.closed), 0, 0, CLOSE_WAIT_MS);
    void worker.terminate();
  }

  private start(): Worker | null {
    if (this.broken) return null;
    if (this.worker) return this.worker;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { file: this.file, driver, nativeBinding: this.nativeBinding, closed: this.closed },
        stdout: false,
      });
      worker.unref();
      worker.on('message', (answer: { id: number; count?: number; error?: string }) => {
        const waiting = this.pending.get(answer.id);
        if (!waiting) return;
        this.pending.delete(answer.id);
        if (this.pending.size === 0) worker.unref();
        if (answer.error !== undefined) waiting.reject(new Error(answer.error));
        else waiting.resolve(answer.count!);
      });
      worker.on('error', (error) => {
        this.broken = true;
        this.fail(error);
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.worker = null;
        this.broken = true;
        this.fail(new Error('The match counter stopped.'));
      });
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return null;
    }
  }

  private fail(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
