import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract';
import type { ContactImportJob } from '../../../shared/contract/contacts';
import { dispatch } from '../../../shared/contract/dispatch';
import { parseEvent, type ContractEvent } from '../../../shared/contract/engineEvents';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { CHECK_CHUNK_ROWS } from './contactImport';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let events: ContractEvent[];
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => new Date('2026-03-02T09:00:00Z') });
  events = [];
  ws.onEvent((e) => {
    // Every event must pass its contract schema, as a host checks it before sending it on.
    expect(parseEvent(e.name, e.payload)).not.toBeNull();
    events.push(e);
  });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

async function value<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const envelope = await dispatch(ws.handlers, channel, input);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as ChannelOutput<K>;
}

const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

/** A CSV file of `rows` contacts with addresses `prefix.N@example.org`. */
function contactsCsv(name: string, prefix: string, rows: number) {
  const lines = ['Name;E-Mail;Medium'];
  for (let i = 0; i < rows; i += 1) lines.push(`${prefix} ${i};${prefix}.${i}@example.org;Blatt ${i % 7}`);
  return csv(name, `${lines.join('\n')}\n`);
}

const jobEvents = (jobId: string): ContactImportJob[] =>
  events.flatMap((e) => (e.name === 'contacts.onDidChangeImportJob' && e.payload.jobId === jobId ? [e.payload] : []));

/** Resolves with the job's last state, heard as the window hears it. */
function ended(jobId: () => string | null): Promise<ContactImportJob> {
  return new Promise((resolve) => {
    const off = ws.onEvent((e) => {
      if (e.name === 'contacts.onDidChangeImportJob' && e.payload.jobId === jobId() && e.payload.state !== 'running') {
        off();
        resolve(e.payload);
      }
    });
  });
}

async function addresses(): Promise<string[]> {
  return (await value('contacts.list', {})).items.map((c) => c.email).sort();
}

describe('contact import jobs', () => {
  it('answers the job at once and pushes the rows checked across the files until it is done', async () => {
    const rows = 2 * CHECK_CHUNK_ROWS + 500;
    let id: string | null = null;
    const end = ended(() => id);
    const started = await value('contacts.importStart', {
      files: [contactsCsv('erste.csv', 'a', rows), contactsCsv('zweite.csv', 'b', 10)],
      list: 'Presse',
    });
    id = started.jobId;
    expect(started).toMatchObject({ state: 'running', done: 0, total: 0, files: [] });
    const last = await end;
    expect(last).toMatchObject({
      state: 'done',
      done: rows + 10,
      total: rows + 10,
      files: [
        { file: 'erste.csv', state: 'imported' },
        { file: 'zweite.csv', state: 'imported' },
      ],
      summary: { imported: rows + 10, updated: 0, skipped: 0, errors: [] },
    });
    const seen = jobEvents(started.jobId);
    // Progress in steps of rows (several chunks of the large file), never backwards.
    const dones = seen.map((j) => j.done);
    expect(new Set(dones.filter((d) => d > 0 && d < rows)).size).toBeGreaterThanOrEqual(2);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(seen.filter((j) => j.state === 'running').every((j) => j.total === 0 || j.total === rows + 10)).toBe(true);
    // The press list's windows hear of the change.
    expect(events.some((e) => e.name === 'contacts.onDidChange')).toBe(true);
    expect((await value('lists.list', {})).items).toMatchObject([{ name: 'Presse', contacts: rows + 10 }]);
    // The finished job can still be asked for.
    expect(await value('contacts.importProgress', { jobId: started.jobId })).toEqual(last);
  });

  it('a cancel in the middle of a file keeps the files written before and nothing of that file or later ones', async () => {
    await value('contacts.import', { files: [csv('alt.csv', 'Name;E-Mail\nAlt;b.0@example.org\n')] });
    let id: string | null = null;
    let cancelled: Promise<ContactImportJob> | null = null;
    // The user cancels once the first file is written and the second is half checked.
    ws.onEvent((e) => {
      if (e.name !== 'contacts.onDidChangeImportJob' || e.payload.jobId !== id || cancelled) return;
      if (e.payload.files.length === 1 && e.payload.done >= 10 + CHECK_CHUNK_ROWS) {
        cancelled = value('contacts.importCancel', { jobId: e.payload.jobId });
      }
    });
    const end = ended(() => id);
    const started = await value('contacts.importStart', {
      files: [
        contactsCsv('erste.csv', 'a', 10),
        contactsCsv('zweite.csv', 'b', 4 * CHECK_CHUNK_ROWS),
        contactsCsv('dritte.csv', 'c', 5),
      ],
    });
    id = started.jobId;
    const last = await end;
    expect(cancelled).not.toBeNull();
    expect(last.state).toBe('cancelled');
    expect(last.done).toBeLessThan(last.total);
    expect(last.files).toEqual([
      { file: 'erste.csv', state: 'imported' },
      { file: 'zweite.csv', state: 'cancelled' },
      { file: 'dritte.csv', state: 'cancelled' },
    ]);
    expect(last.summary).toEqual({ imported: 10, updated: 0, skipped: 0, errors: [] });
    // The store holds the first file and what was there before; the contact of the second file's address is unchanged.
    const stored = await addresses();
    expect(stored).toEqual([...Array.from({ length: 10 }, (_, i) => `a.${i}@example.org`), 'b.0@example.org'].sort());
    const kept = (await value('contacts.list', { query: 'b.0@example.org' })).items[0]!;
    expect(kept.name).toBe('Alt');
    // A cancel of the ended job changes nothing.
    expect((await value('contacts.importCancel', { jobId: started.jobId })).state).toBe('cancelled');
    // The same files import whole afterwards.
    const again = await value('contacts.import', {
      files: [contactsCsv('zweite.csv', 'b', 4 * CHECK_CHUNK_ROWS), contactsCsv('dritte.csv', 'c', 5)],
    });
    expect(again).toMatchObject({ imported: 4 * CHECK_CHUNK_ROWS - 1 + 5, updated: 1, errors: [] });
  });

  it('refuses an unreadable file by itself while the others go in', async () => {
    let id: string | null = null;
    const end = ended(() => id);
    const junk = new Uint8Array(4096);
    for (let i = 0; i < junk.length; i += 1) junk[i] = (i * 7919) % 256;
    const started = await value('contacts.importStart', {
      files: [
        contactsCsv('gut.csv', 'a', 3),
        { name: 'junk.csv', bytes: junk },
        csv('zeilen.csv', 'Name;E-Mail\nOhne;\nMit;mit@example.org\n'),
      ],
    });
    id = started.jobId;
    const last = await end;
    expect(last.state).toBe('done');
    expect(last.files).toEqual([
      { file: 'gut.csv', state: 'imported' },
      { file: 'junk.csv', state: 'refused' },
      { file: 'zeilen.csv', state: 'imported' },
    ]);
    expect(last.summary.errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ['junk.csv', 0, 'IMPORT_UNSUPPORTED'],
      ['zeilen.csv', 2, 'CONTACT_EMAIL_MISSING'],
    ]);
    expect(last.summary).toMatchObject({ imported: 4, updated: 0, skipped: 0 });
    expect(await addresses()).toEqual(['a.0@example.org', 'a.1@example.org', 'a.2@example.org', 'mit@example.org']);
  });

  it('a store failure rolls the file back whole and ends the job with the error', async () => {
    const db = engineInternals(ws).db;
    db.exec(`CREATE TEMP TRIGGER fail_third BEFORE INSERT ON contacts
      WHEN (SELECT count(*) FROM contacts) >= 2 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    let id: string | null = null;
    const end = ended(() => id);
    id = (await value('contacts.importStart', { files: [contactsCsv('gut.csv', 'a', 5)], list: 'X' })).jobId;
    const last = await end;
    db.exec('DROP TRIGGER fail_third');
    expect(last.state).toBe('done');
    expect(last.summary.errors.map((e) => e.code)).toHaveLength(1);
    expect(last.summary.imported).toBe(0);
    expect(await addresses()).toEqual([]);
    expect((await value('lists.list', {})).items).toEqual([]);
  });

  it('answers IMPORT_JOB_UNKNOWN for a job it does not know (also one of another kind)', async () => {
    const other = await value('archive.importStart', {
      files: [{ name: 'a.json', bytes: new TextEncoder().encode('[]') }],
    });
    for (const jobId of ['nope', other.jobId]) {
      for (const channel of ['contacts.importProgress', 'contacts.importCancel'] as const) {
        const envelope = await dispatch(ws.handlers, channel, { jobId });
        expect(envelope.ok ? null : envelope.error.code).toBe('IMPORT_JOB_UNKNOWN');
      }
    }
  });
});
