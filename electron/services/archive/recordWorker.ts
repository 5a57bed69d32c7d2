/*
 * The import's record thread (see `recordThread.ts`): reads an NDJSON file
 * line by line and checks each record as the import and the store would,
 * and finds the listable words of their texts in a database of its own in
 * memory, a few chunks ahead of the thread that writes them. Runs inside a
 * worker thread; the archive's database is never opened here.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/errors';
import { checkRecord, type CheckedRecord } from '../releases/interchange';
import { NotNdjsonError, openNdjsonFile } from './ndjsonFile';
import {
  RECORD_CHUNK,
  RECORDS_AHEAD,
  SLOT,
  type RecordJobMessage,
  type RecordReply,
  type RecordWorkerData,
} from './recordThread';
import { WORDS_EVERY_ROWS, WordSplitter } from './wordList';

/** The splitter of words, or null when SQLite cannot be loaded here (the writer then splits them itself). */
const splitter = ((): WordSplitter | null => {
  try {
    const binding = (workerData as RecordWorkerData | undefined)?.nativeBinding;
    return new WordSplitter(new Database(':memory:', binding ? { nativeBinding: binding } : {}));
  } catch {
    return null;
  }
})();

function serve(message: RecordJobMessage): void {
  const { job, port } = message;
  const state = new Int32Array(message.state);
  const stopped = () => Atomics.load(state, SLOT.stop) !== 0;
  /** Posts a reply once the writer is close enough behind; false when the writer stopped reading. */
  const send = (reply: RecordReply): boolean => {
    for (;;) {
      if (stopped()) return false;
      const taken = Atomics.load(state, SLOT.taken);
      if (Atomics.load(state, SLOT.posted) - taken < RECORDS_AHEAD) break;
      Atomics.wait(state, SLOT.taken, taken, 1000);
    }
    port.postMessage(reply);
    Atomics.add(state, SLOT.posted, 1);
    Atomics.notify(state, SLOT.posted);
    return true;
  };
  // Each word once per file: the writer lists them when the file's transaction ends. Words are read
  // every WORDS_EVERY_ROWS rows and with the file's last chunk; the chunks between carry none.
  const sent = new Set<string>();
  let lost = false;
  splitter?.clear();
  const chunk = (kind: 'records' | 'end', items: CheckedRecord[]): RecordReply => {
    if (!splitter) return { kind, items, words: null };
    try {
      const texts = splitter.fold(items.flatMap((item) => ('checked' in item ? [item.checked.row] : [])));
      let words: string[] | null = [];
      if (lost) {
        words = null;
        splitter.clear();
      } else if (kind === 'end' || splitter.pending >= WORDS_EVERY_ROWS) {
        words = splitter.words().filter((word) => {
          if (sent.has(word)) return false;
          sent.add(word);
          return true;
        });
      }
      // Each record's folded texts travel with its checked fields (the rows were folded in this order).
      let k = 0;
      return {
        kind,
        items: items.map((item) =>
          'checked' in item ? { ...item, checked: { ...item.checked, texts: texts[k++] } } : item,
        ),
        words,
      };
    } catch {
      // The file's words are not all known: the writer lists them itself.
      lost = true;
      splitter.clear();
      return { kind, items, words: null };
    }
  };
  try {
    const file = openNdjsonFile(job.path, job.maxBytes, job.name, job.followLinks);
    if (!file) {
      send({ kind: 'notNdjson' });
      return;
    }
    let items: CheckedRecord[] = [];
    for (const raw of file.records) {
      items.push(checkRecord(raw));
      // Alive and working, however long a record takes.
      Atomics.add(state, SLOT.beat, 1);
      if (items.length >= RECORD_CHUNK) {
        if (!send(chunk('records', items))) return;
        items = [];
      }
    }
    send(chunk('end', items));
  } catch (error) {
    send(error instanceof NotNdjsonError ? { kind: 'notNdjson' } : { kind: 'failed', error: toErrorPayload(error) });
  } finally {
    port.close();
  }
}

parentPort?.on('message', (message: RecordJobMessage) => serve(message));
// Loaded: the import may send its files.
parentPort?.postMessage('ready');
