import { approveForTest } from '../testing/approve';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import { canTransition, RELEASE_STATUSES, STATUS_TRANSITIONS } from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import { MIGRATIONS } from '../db/migrations';
import { makeTempDir } from '../testing/tempDir';
import { DATABASE_FILE, openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';

const body = (text: string) =>
  ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }) as const;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PressdeskError ? error.code : `raw: ${String(error)}`;
  }
  return undefined;
}

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let clock: number;
beforeEach(() => {
  tmp = makeTempDir();
  clock = Date.parse('2025-03-01T09:00:00Z');
  ws = openWorkstation({ dataDir: tmp.dir, host: 'cli', now: () => new Date(clock) });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

describe('release fields of compose', () => {
  it('stores press contact, boilerplate and related links, and reads them back after reopening', () => {
    const r = engineInternals(ws).releases.create({
      headline: 'Neue Kita',
      pressContact: 'Pressestelle\nTel. 0711 123-0',
      boilerplate: 'Die Stadt Stuttgart …',
      relatedLinks: [{ title: 'Mehr', url: 'https://www.stuttgart.de/kita' }],
    });
    ws.close();
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
    expect(engineInternals(ws).releases.get(r.id)).toMatchObject({
      pressContact: 'Pressestelle\nTel. 0711 123-0',
      boilerplate: 'Die Stadt Stuttgart …',
      relatedLinks: [{ title: 'Mehr', url: 'https://www.stuttgart.de/kita' }],
      correctedAt: null,
    });
  });

  it('refuses related links that are not http or https and leaves the release unchanged', async () => {
    const r = engineInternals(ws).releases.create({ headline: 'A' });
    for (const url of ['javascript:alert(1)', 'mailto:presse@example.org', '/relativ', 'ftp://example.org/x']) {
      expect(codeOf(() => engineInternals(ws).releases.save(r.id, 1, { relatedLinks: [{ title: 'x', url }] }))).toBe(
        'INVALID_INPUT',
      );
      const viaContract = await dispatch(ws.handlers, 'releases.save', {
        id: r.id,
        baseVersion: 1,
        fields: { relatedLinks: [{ title: 'x', url }] },
      });
      expect(viaContract.ok ? 'ok' : viaContract.error.code).toBe('INVALID_INPUT');
    }
    expect(engineInternals(ws).releases.get(r.id)).toEqual(r);
  });

  it('adds the new columns to a database written before them, keeping its releases', () => {
    ws.close();
    const dir = makeTempDir();
    try {
      const db = new Database(join(dir.dir, DATABASE_FILE));
      db.exec(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      for (const sql of MIGRATIONS[0]!.statements) db.exec(sql);
      db.prepare("INSERT INTO schema_migrations VALUES (1, 'init', '2025-01-01T00:00:00Z')").run();
      db.prepare(
        `INSERT INTO releases (id, headline, body_json, created_at, updated_at, version)
         VALUES ('alt', 'Alte Meldung', '{"type":"doc","content":[]}', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 1)`,
      ).run();
      db.close();
      const migrated = openWorkstation({ dataDir: dir.dir, host: 'cli' });
      try {
        expect(engineInternals(migrated).releases.get('alt')).toMatchObject({
          headline: 'Alte Meldung',
          pressContact: '',
          boilerplate: '',
          relatedLinks: [],
          correctedAt: null,
        });
      } finally {
        migrated.close();
      }
    } finally {
      dir.cleanup();
    }
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
  });
});

describe('status workflow', () => {
  it('allows the editorial path and refuses jumps, writing nothing', () => {
    const r = engineInternals(ws).releases.create({ headline: 'Ablauf' });
    expect(codeOf(() => engineInternals(ws).releases.save(r.id, 1, { status: 'published' }))).toBe(
      'FORBIDDEN_TRANSITION',
    );
    expect(engineInternals(ws).releases.get(r.id)).toEqual(r);
    let v = engineInternals(ws).releases.save(r.id, r.version, { status: 'review' }).version;
    // Approved only with an approval on record (approval.test.ts covers the rules).
    expect(codeOf(() => engineInternals(ws).releases.save(r.id, v, { status: 'approved' }))).toBe('APPROVAL_REQUIRED');
    v = approveForTest(ws, r.id).version;
    for (const status of ['published', 'withdrawn', 'draft'] as const) {
      v = engineInternals(ws).releases.save(r.id, v, { status }).version;
    }
    expect(engineInternals(ws).releases.get(r.id).status).toBe('draft');
  });

  it('never takes a published release back to a draft or review', () => {
    for (const to of RELEASE_STATUSES) {
      expect(canTransition('published', to)).toBe(to === 'published' || to === 'withdrawn');
    }
    for (const from of RELEASE_STATUSES) expect(STATUS_TRANSITIONS[from]).not.toContain(from);
  });

  it('turns an edit of a published release into a correction, keeping the published text as a revision', () => {
    const r = engineInternals(ws).releases.create({
      headline: 'Original',
      status: 'published',
      body: body('Falsche Zahl: 12'),
    });
    clock += 60_000;
    const corrected = engineInternals(ws).releases.save(r.id, 1, { body: body('Richtige Zahl: 21') });
    expect(corrected).toMatchObject({ status: 'published', version: 2, correctedAt: '2025-03-01T09:01:00.000Z' });
    expect(engineInternals(ws).releases.revision(r.id, 1).body).toEqual(body('Falsche Zahl: 12'));
    expect(
      engineInternals(ws)
        .releases.revisions(r.id)
        .map((x) => x.version),
    ).toEqual([2, 1]);
  });
});

describe('revisions, restore and templates', () => {
  it('lists revisions with time, status and words, and restores one after keeping the current state', () => {
    const r = engineInternals(ws).releases.create({ headline: 'Eins', body: body('ein zwei drei') });
    clock += 1000;
    const b = engineInternals(ws).releases.save(
      r.id,
      1,
      { body: body('ganz anderer Text hier jetzt') },
      { checkpoint: true },
    );
    clock += 1000;
    const c = engineInternals(ws).releases.save(r.id, b.version, {
      headline: 'Autosave',
      body: body('noch ungesichert'),
    });
    expect(engineInternals(ws).releases.revisions(r.id)).toEqual([
      { version: 2, createdAt: '2025-03-01T09:00:01.000Z', status: 'draft', headline: 'Eins', words: 5 },
      { version: 1, createdAt: '2025-03-01T09:00:00.000Z', status: 'draft', headline: 'Eins', words: 3 },
    ]);
    expect(codeOf(() => engineInternals(ws).releases.restoreRevision(r.id, 1, b.version))).toBe('CONFLICT');
    clock += 1000;
    const restored = engineInternals(ws).releases.restoreRevision(r.id, 1, c.version);
    expect(restored).toMatchObject({ version: 4, headline: 'Eins', body: body('ein zwei drei') });
    // The autosaved state that was current before the restore is kept.
    expect(engineInternals(ws).releases.revision(r.id, 3).headline).toBe('Autosave');
    expect(
      engineInternals(ws)
        .releases.revisions(r.id)
        .map((x) => x.version),
    ).toEqual([4, 3, 2, 1]);
    expect(codeOf(() => engineInternals(ws).releases.revision(r.id, 99))).toBe('NOT_FOUND');
  });

  it('duplicates a release as a new draft without dates, its headline marked as a copy', () => {
    const r = engineInternals(ws).releases.create({
      headline: 'Vorlage',
      status: 'published',
      publishedAt: '2025-01-01T10:00:00Z',
      tags: ['Kita'],
      boilerplate: 'Über uns',
    });
    const copy = engineInternals(ws).releases.duplicate(r.id);
    expect(copy.id).not.toBe(r.id);
    expect(copy).toMatchObject({ headline: 'Kopie – Vorlage', status: 'draft', publishedAt: null, version: 1 });
    expect(copy.tags).toEqual(['Kita']);
    expect(copy.boilerplate).toBe('Über uns');
  });
});

describe('snippets', () => {
  it('creates, changes, lists by kind and deletes snippets', async () => {
    const contact = engineInternals(ws).snippets.save({
      kind: 'pressContact',
      title: 'Pressestelle',
      text: 'Tel. 0711 123-0',
    });
    engineInternals(ws).snippets.save({ kind: 'boilerplate', title: 'Über die Stadt', text: 'Stuttgart ist …' });
    expect(
      engineInternals(ws)
        .snippets.list('pressContact')
        .map((s) => s.title),
    ).toEqual(['Pressestelle']);
    const changed = engineInternals(ws).snippets.save(
      { kind: 'pressContact', title: 'Pressestelle OB', text: 'Tel. 1' },
      contact.id,
    );
    expect(changed).toMatchObject({ id: contact.id, title: 'Pressestelle OB' });
    const bad = await dispatch(ws.handlers, 'snippets.save', {
      fields: { kind: 'pressContact', title: '  ', text: '' },
    });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('INVALID_INPUT');
    expect(engineInternals(ws).snippets.list()).toHaveLength(2);
    expect(engineInternals(ws).snippets.delete(contact.id)).toBe(true);
    expect(
      engineInternals(ws)
        .snippets.list()
        .map((s) => s.kind),
    ).toEqual(['boilerplate']);
  });
});
