import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { PressdeskError, type ErrorPayload } from '../../../shared/errors';
import type { BatchItem, CheckedRecord } from '../releases/interchange';
import { NotNdjsonError } from './ndjsonFile';

/*
 * The import's record thread: while this thread writes the records of an
 * NDJSON file in its transaction, a worker thread reads the file's next
 * lines and checks them (JSON, the interchange format, the store's field
 * checks, the row values) and splits their words for the list of words, a
 * few chunks ahead. The writer takes the chunks synchronously
 * (`receiveMessageOnPort`, waiting on a shared counter), so one file stays
 * one transaction and the records in memory stay a few hundred. What the
 * worker finds wrong comes back as the same error the writer would have
 * raised for the same line.
 */

/** Records per chunk the worker posts. */
export const RECORD_CHUNK = 100;
/** Chunks the worker may be ahead of the writer. */
export const RECORDS_AHEAD = 4;
/** The shared counters: chunks posted and taken, the writer's stop, the worker's heartbeat (one per record). */
export const SLOT = { posted: 0, taken: 1, stop: 2, beat: 3 } as const;

/** An NDJSON file on disk to read, with the limits the import applies. */
export interface RecordJob {
  readonly path: string;
  readonly maxBytes: number;
  /** The file's name in messages. */
  readonly name: string;
  /** The file as the import's summary names it. */
  readonly file: string;
  readonly followLinks: boolean;
}

/** What the worker is started with. */
export interface RecordWorkerData {
  /** better-sqlite3 binary built for the running runtime, if not the default one. */
  readonly nativeBinding?: string;
}

export interface RecordJobMessage {
  readonly job: RecordJob;
  readonly port: MessagePort;
  readonly state: SharedArrayBuffer;
}

export type RecordReply =
  | {
      readonly kind: 'records' | 'end';
      readonly items: readonly CheckedRecord[];
      /**
       * Listable words of the file's records read so far and not sent before (the worker reads them
       * every `WORDS_EVERY_ROWS` records and with the last chunk, so most chunks carry none); null if
       * unknown.
       */
      readonly words: readonly string[] | null;
    }
  | { readonly kind: 'notNdjson' }
  | { readonly kind: 'failed'; readonly error: ErrorPayload };

/** The worker has stopped answering in the middle of a file (it died): the file is read here instead. */
export class RecordThreadLost extends Error {
  constructor() {
    super('The record thread stopped answering.');
  }
}

/**
 * Smaller NDJSON files are read on the writer's thread: starting the worker
 * (a few hundred milliseconds) would cost more than it saves.
 */
export const RECORD_THREAD_MIN_BYTES = 1024 * 1024;

/**
 * The worker's heap: without limits V8 lets the garbage of parsing grow it
 * past 100 MB before it collects; with these the worker holds ~45 MB (the
 * young generation alone took ~30 MB of it before it was limited, at no
 * measurable cost in speed). A record too large for it (a line of tens of
 * megabytes) ends the worker, and the engine reads that file itself.
 */
export const RECORD_WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } as const;

/** How long the writer waits without a sign of the worker (one a record) before it takes the worker for lost. */
const LOST_AFTER_MS = 10_000;
const WAIT_SLICE_MS = 250;

export class RecordThread {
  private worker: Worker | null = null;
  private started: Promise<boolean> | null = null;
  /** Files the worker was asked to start on before they are read, by `jobKey`. */
  private readonly ahead = new Map<string, Running>();
  /** Imports using the worker now: the last one to end ends the worker too. */
  private users = 0;

  /**
   * `start` makes the worker (its entry is `recordWorker.ts`, as a bundle or
   * through a loader); `lostAfterMs`: how long the writer waits without a
   * sign of the worker before it reads the file itself.
   */
  constructor(
    private readonly start: () => Worker,
    private readonly lostAfterMs = LOST_AFTER_MS,
  ) {}

  /**
   * Whether the worker runs and answers (started on first use); false when it
   * cannot start, and the import then reads its files on its own thread.
   */
  ready(): Promise<boolean> {
    if (this.started) return this.started;
    let worker: Worker;
    try {
      worker = this.start();
    } catch {
      return Promise.resolve(false);
    }
    // The engine's process ends without waiting for an idle worker.
    worker.unref();
    this.worker = worker;
    const started = new Promise<boolean>((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    this.started = started;
    const forget = () => {
      if (this.worker === worker) {
        this.worker = null;
        this.started = null;
      }
    };
    worker.once('error', forget);
    worker.once('exit', forget);
    return started;
  }

  /**
   * The records of an NDJSON file, read and checked on the worker, as items
   * for `writeBatch`, taken synchronously inside the caller's transaction;
   * and, once they are all taken, the listable words of their texts (null if
   * the worker could not find them). `items` throws NotNdjsonError before the
   * first record when the file is not NDJSON, the import's own error when the
   * file cannot be read on, and RecordThreadLost when the worker stops
   * answering. `close` frees the worker for the next file, whether the items
   * were all taken or not. Call `ready` first.
   */
  read(job: RecordJob): RecordsRead {
    const words: string[] = [];
    let complete = true;
    // Files are read in the order they were asked for ahead: one asked for and passed by
    // (read here after all, or not at all) would hold the worker, so it is stopped.
    const key = jobKey(job);
    const asked = this.ahead.get(key);
    this.ahead.delete(key);
    this.dropAhead();
    // Asked of the worker now: a file read ahead after this one waits its turn.
    const running = asked ?? (this.worker ? this.startJob(this.worker, job) : null);
    const items = this.items(job.file, running, (found) => {
      if (found) words.push(...found);
      else complete = false;
    });
    return {
      items,
      words: () => (complete ? words : null),
      close: () => {
        if (running) stop(running);
      },
    };
  }

  /**
   * Lets the worker start on the file the caller will `read` next, while the
   * caller still writes (and commits) the current one. A file asked for and
   * not read next is stopped (see `read` and `use`).
   */
  readAhead(job: RecordJob): void {
    const key = jobKey(job);
    if (this.worker && !this.ahead.has(key)) this.ahead.set(key, this.startJob(this.worker, job));
  }

  /**
   * An import begins to use the worker. The function it returns ends that
   * use: files read ahead and not taken (a cancel, a failure) are dropped,
   * and when no other import uses the worker it ends, so an idle engine
   * holds no memory for it (the next large import starts it again).
   */
  use(): () => void {
    this.users += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.users -= 1;
      this.dropAhead();
      if (this.users === 0) this.close();
    };
  }

  private dropAhead(): void {
    for (const running of this.ahead.values()) stop(running);
    this.ahead.clear();
  }

  private startJob(worker: Worker, job: RecordJob): Running {
    const { port1, port2 } = new MessageChannel();
    const state = new Int32Array(new SharedArrayBuffer(4 * 4));
    worker.postMessage({ job, port: port2, state: state.buffer } satisfies RecordJobMessage, [port2]);
    return { port: port1, state };
  }

  private *items(
    file: string,
    running: Running | null,
    onWords: (words: readonly string[] | null) => void,
  ): Generator<BatchItem> {
    if (!running) throw new RecordThreadLost();
    const { port: port1, state } = running;
    try {
      for (;;) {
        const reply = this.take(port1, state);
        if (reply.kind === 'notNdjson') throw new NotNdjsonError();
        if (reply.kind === 'failed')
          throw new PressdeskError(reply.error.code, reply.error.message, reply.error.details);
        onWords(reply.words);
        for (const item of reply.items) yield batchItem(file, item);
        if (reply.kind === 'end') return;
      }
    } finally {
      // A writer that stops early (a failure, a refused file) frees the worker for the next file.
      stop(running);
    }
  }

  /** Ends the worker (the workstation closes). */
  close(): void {
    this.dropAhead();
    const worker = this.worker;
    this.worker = null;
    this.started = null;
    void worker?.terminate();
  }

  private take(port: MessagePort, state: Int32Array): RecordReply {
    let seen = Atomics.load(state, SLOT.beat) + Atomics.load(state, SLOT.posted);
    let quietSince = Date.now();
    for (;;) {
      const posted = Atomics.load(state, SLOT.posted);
      const received = receiveMessageOnPort(port);
      if (received) {
        Atomics.add(state, SLOT.taken, 1);
        Atomics.notify(state, SLOT.taken);
        return received.message as RecordReply;
      }
      const sign = Atomics.load(state, SLOT.beat) + posted;
      if (sign !== seen) {
        seen = sign;
        quietSince = Date.now();
      } else if (Date.now() - quietSince > this.lostAfterMs) {
        this.close();
        throw new RecordThreadLost();
      }
      Atomics.wait(state, SLOT.posted, posted, WAIT_SLICE_MS);
    }
  }
}

/** A file's records as the worker reads them (see `RecordThread.read`). */
export interface RecordsRead {
  readonly items: Iterable<BatchItem>;
  readonly words: () => readonly string[] | null;
  readonly close: () => void;
}

/** A file the worker reads: the writer's end of its channel and the shared counters. */
interface Running {
  readonly port: MessagePort;
  readonly state: Int32Array;
}

const jobKey = (job: RecordJob): string =>
  JSON.stringify([job.path, job.maxBytes, job.name, job.file, job.followLinks]);

function stop(running: Running): void {
  if (Atomics.load(running.state, SLOT.stop) !== 0) return;
  Atomics.store(running.state, SLOT.stop, 1);
  Atomics.notify(running.state, SLOT.taken);
  running.port.close();
}

function batchItem(file: string, item: CheckedRecord): BatchItem {
  if ('error' in item) {
    const { code, message, details } = item.error;
    return {
      file,
      index: item.index,
      record: () => {
        throw new PressdeskError(code, message, details);
      },
    };
  }
  return { file, index: item.index, record: item.record, checked: item.checked };
}
