import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommentThread } from '../../../shared/contract/comments';
import { dispatch } from '../../../shared/contract/dispatch';
import { normalizeDocument, stripComments, type DocumentNode } from '../../../shared/document';
import { contentKey } from '../../../shared/domain';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, restoreDataDir, type Workstation } from '../workstation';

/** „Die Stadt pflanzt Linden.“ with `Linden` under the comment `id`. */
function commented(id: string, before = 'Die Stadt pflanzt '): DocumentNode {
  return {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: before },
          { type: 'text', text: 'Linden', marks: [{ type: 'comment', attrs: { id } }] },
          { type: 'text', text: '.' },
        ],
      },
    ],
  };
}

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

/** One call as every host makes it: through the contract (input and output checked). */
async function call<T>(name: string, input: unknown): Promise<T> {
  const envelope = await dispatch(ws.handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

async function release(body?: DocumentNode): Promise<{ id: string; version: number }> {
  return call('releases.create', { headline: 'Neue Bäume', ...(body ? { body } : {}) });
}

async function commentLog(id: string): Promise<Record<string, unknown>[]> {
  const { items } = await call<{ items: { detail: Record<string, unknown> }[] }>('log.list', {
    id,
    kinds: ['comment'],
  });
  return items.map((e) => e.detail);
}

describe('inline comments', () => {
  it('a thread with author, time, replies and its state; each action leaves exactly one log entry', async () => {
    await call('profile.set', { name: 'Anna Beispiel', function: 'Pressesprecherin' });
    const r = await release(commented('c-linden'));
    const before = (await call<{ items: unknown[] }>('log.list', { id: r.id })).items.length;

    const added = await call<{ thread: CommentThread }>('comments.add', {
      releaseId: r.id,
      id: 'c-linden',
      text: '  Lieber „Winterlinden“?\u0007 ',
      anchorText: 'Linden',
    });
    expect(added.thread).toMatchObject({
      id: 'c-linden',
      releaseId: r.id,
      text: 'Lieber „Winterlinden“?',
      anchorText: 'Linden',
      anchored: true,
      resolvedAt: null,
      resolvedBy: null,
      replies: [],
      author: { name: 'Anna Beispiel', function: 'Pressesprecherin', initials: 'AB' },
    });
    expect(Date.parse(added.thread.at)).not.toBeNaN();

    await call('profile.set', { name: 'Bernd Muster' });
    const replied = await call<{ thread: CommentThread }>('comments.reply', {
      releaseId: r.id,
      parentId: 'c-linden',
      text: 'Ja, Winterlinden.',
    });
    expect(replied.thread.replies).toMatchObject([{ text: 'Ja, Winterlinden.', author: { name: 'Bernd Muster' } }]);
    // A reply to a reply answers the thread.
    const second = await call<{ thread: CommentThread }>('comments.reply', {
      releaseId: r.id,
      parentId: replied.thread.replies[0]!.id,
      text: 'Danke!',
    });
    expect(second.thread.id).toBe('c-linden');
    expect(second.thread.replies.map((c) => c.text)).toEqual(['Ja, Winterlinden.', 'Danke!']);

    const resolved = await call<{ thread: CommentThread }>('comments.resolve', {
      releaseId: r.id,
      commentId: 'c-linden',
      resolved: true,
    });
    expect(resolved.thread.resolvedAt).not.toBeNull();
    expect(resolved.thread.resolvedBy).toMatchObject({ name: 'Bernd Muster' });
    // Resolving what is resolved is no action.
    await call('comments.resolve', { releaseId: r.id, commentId: 'c-linden', resolved: true });
    const reopened = await call<{ thread: CommentThread }>('comments.resolve', {
      releaseId: r.id,
      commentId: 'c-linden',
      resolved: false,
    });
    expect(reopened.thread).toMatchObject({ resolvedAt: null, resolvedBy: null });

    const log = await commentLog(r.id);
    expect(log).toEqual([
      { action: 'added', commentId: 'c-linden' },
      { action: 'replied', commentId: replied.thread.replies[0]!.id, threadId: 'c-linden' },
      { action: 'replied', commentId: second.thread.replies[1]!.id, threadId: 'c-linden' },
      { action: 'resolved', commentId: 'c-linden' },
      { action: 'reopened', commentId: 'c-linden' },
    ]);
    const all = (await call<{ items: { kind: string; actor: { name: string } }[] }>('log.list', { id: r.id })).items;
    expect(all.length - before).toBe(5);
    expect(all.slice(before).map((e) => e.actor.name)).toEqual([
      'Anna Beispiel',
      'Bernd Muster',
      'Bernd Muster',
      'Bernd Muster',
      'Bernd Muster',
    ]);

    const { threads } = await call<{ threads: CommentThread[] }>('comments.list', { releaseId: r.id });
    expect(threads).toHaveLength(1);
    expect(threads[0]!.replies).toHaveLength(2);
  });

  it('a thread without its anchor in the body is listed as not anchored; an id is made when none is given', async () => {
    const r = await release();
    const { thread } = await call<{ thread: CommentThread }>('comments.add', {
      releaseId: r.id,
      text: 'Quelle?',
      anchorText: 'Zahl',
    });
    expect(thread.id).toMatch(/^[\w-]{1,64}$/);
    expect(thread.anchored).toBe(false);
  });

  it('refuses unknown releases and comments, oversize or empty text, bad ids and a taken id; nothing is stored', async () => {
    const r = await release();
    expect(await codeOf(call('comments.list', { releaseId: 'no-such-release' }))).toBe('NOT_FOUND');
    expect(await codeOf(call('comments.add', { releaseId: 'no-such-release', text: 'x', anchorText: 'y' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(call('comments.reply', { releaseId: r.id, parentId: 'nope', text: 'x' }))).toBe('NOT_FOUND');
    expect(await codeOf(call('comments.resolve', { releaseId: r.id, commentId: 'nope', resolved: true }))).toBe(
      'NOT_FOUND',
    );
    const big = 'x'.repeat(5001);
    expect(await codeOf(call('comments.add', { releaseId: r.id, text: big, anchorText: 'a' }))).toBe('INVALID_INPUT');
    expect(await codeOf(call('comments.add', { releaseId: r.id, text: ' \u0000 ', anchorText: 'a' }))).toBe(
      'INVALID_INPUT',
    );
    expect(await codeOf(call('comments.add', { releaseId: r.id, text: 'a', anchorText: 'y'.repeat(2001) }))).toBe(
      'INVALID_INPUT',
    );
    expect(
      await codeOf(call('comments.add', { releaseId: r.id, id: '<img onerror=x>', text: 'a', anchorText: 'a' })),
    ).toBe('INVALID_INPUT');
    expect(
      await codeOf(call('comments.add', { releaseId: r.id, text: 'a', anchorText: 'a', author: { name: 'Fake' } })),
    ).toBe('INVALID_INPUT');
    const { threads } = await call<{ threads: unknown[] }>('comments.list', { releaseId: r.id });
    expect(threads).toEqual([]);
    expect(await commentLog(r.id)).toEqual([]);

    await call('comments.add', { releaseId: r.id, id: 'c1', text: 'erster', anchorText: 'a' });
    expect(await codeOf(call('comments.add', { releaseId: r.id, id: 'c1', text: 'zweiter', anchorText: 'a' }))).toBe(
      'CONFLICT',
    );
    // A comment of one release is not found through another.
    const other = await release();
    expect(await codeOf(call('comments.reply', { releaseId: other.id, parentId: 'c1', text: 'x' }))).toBe('NOT_FOUND');
    expect(await commentLog(r.id)).toHaveLength(1);
    expect(await commentLog(other.id)).toHaveLength(0);
  });

  it('a body with a comment mark of an invalid id is refused (INVALID_DOCUMENT) and the release stays', async () => {
    const r = await release();
    for (const id of ['', 'a b', '<script>', 'x'.repeat(65), 42]) {
      const body = {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'T', marks: [{ type: 'comment', attrs: { id } }] }] },
        ],
      };
      expect(await codeOf(call('releases.save', { id: r.id, baseVersion: r.version, fields: { body } }))).toBe(
        'INVALID_DOCUMENT',
      );
    }
    expect((await call<{ version: number }>('releases.get', { id: r.id })).version).toBe(r.version);
  });

  it('overlapping comments on one text are kept, each once, in a canonical order', () => {
    const doc = normalizeDocument({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            {
              type: 'text',
              text: 'Linden',
              marks: [
                { type: 'comment', attrs: { id: 'zweiter' } },
                { type: 'bold' },
                { type: 'comment', attrs: { id: 'erster' } },
                { type: 'comment', attrs: { id: 'zweiter' } },
              ],
            },
          ],
        },
      ],
    });
    expect(doc.content[0]).toEqual({
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: 'Linden',
          marks: [
            { type: 'bold' },
            { type: 'comment', attrs: { id: 'erster' } },
            { type: 'comment', attrs: { id: 'zweiter' } },
          ],
        },
      ],
    });
  });

  it('stripComments gives the document as it was before the comment, and comments change no content key', () => {
    const plain = normalizeDocument({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Die Stadt pflanzt Linden.' }] }],
    });
    expect(stripComments(commented('c1'))).toEqual(plain);
    // Texts no comment covered are not joined.
    const apart = normalizeDocument({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
    });
    expect(stripComments(apart)).toEqual(apart);
    const fields = engineInternals(ws).releases.create({ headline: 'x', body: plain });
    expect(contentKey({ ...fields, body: commented('c1') })).toBe(contentKey(fields));
    expect(contentKey({ ...fields, body: commented('c1', 'Die Stadt fällt ') })).not.toBe(contentKey(fields));
  });

  it('commenting a published release is no correction; duplicates and templates start without comments', async () => {
    const published = engineInternals(ws).releases.create({
      headline: 'Veröffentlicht',
      status: 'published',
      publishedAt: '2026-01-05T09:00:00.000Z',
      body: stripComments(commented('p1')),
    });
    const r = { id: published.id };
    await call('comments.add', { releaseId: r.id, id: 'p1', text: 'Prüfen', anchorText: 'Linden' });
    const saved = await call<{ version: number; correctedAt: string | null }>('releases.save', {
      id: r.id,
      baseVersion: published.version,
      fields: { body: commented('p1') },
    });
    expect(saved.correctedAt).toBeNull();
    const { items } = await call<{ items: { kind: string }[] }>('log.list', { id: r.id });
    expect(items.map((e) => e.kind)).not.toContain('correction');

    const copy = await call<{ id: string; body: DocumentNode }>('releases.duplicate', { id: r.id });
    expect(JSON.stringify(copy.body)).not.toContain('comment');
    const saved2 = await call<{ id: string }>('templates.saveFromRelease', { releaseId: r.id, name: 'Mit Kommentar' });
    const template = await call<unknown>('templates.get', { id: saved2.id });
    expect(JSON.stringify(template)).toContain('Linden');
    expect(JSON.stringify(template)).not.toContain('p1');
  });

  it('a release deleted for good takes its comments along', async () => {
    const r = await release(commented('weg'));
    await call('comments.add', { releaseId: r.id, id: 'weg', text: 'x', anchorText: 'Linden' });
    await call('releases.trash', { id: r.id });
    await call('releases.purge', { id: r.id });
    const { n } = engineInternals(ws)
      .db.prepare<[], { n: number }>('SELECT count(*) AS n FROM release_comments')
      .get()!;
    expect(n).toBe(0);
  });
});

describe('comments in a backup', () => {
  it('come back with a restore; hostile rows are dropped and named', async () => {
    await call('profile.set', { name: 'Anna Beispiel' });
    const r = await release(commented('gesichert'));
    await call('comments.add', { releaseId: r.id, id: 'gesichert', text: 'Bitte prüfen', anchorText: 'Linden' });
    await call('comments.reply', { releaseId: r.id, parentId: 'gesichert', text: 'Geprüft' });
    await call('comments.resolve', { releaseId: r.id, commentId: 'gesichert', resolved: true });
    const before = await call<{ threads: CommentThread[] }>('comments.list', { releaseId: r.id });

    const backup = join(tmp.dir, 'copy.db');
    await ws.backupDatabase(backup);
    const foreign = new Database(backup);
    const insert = foreign.prepare(
      `INSERT INTO release_comments (id, release_id, parent_id, author, at, text, anchor_text, resolved_at, resolved_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const at = new Date().toISOString();
    const actor = JSON.stringify({ name: 'X', function: '', email: '', initials: '' });
    foreign.pragma('foreign_keys = OFF');
    insert.run('bad id!', r.id, null, actor, at, 'x', '', null, null);
    insert.run('orphan', 'no-such-release', null, actor, at, 'x', '', null, null);
    insert.run('noauthor', r.id, null, '{"role":"admin"}', at, 'x', '', null, null);
    insert.run('notime', r.id, null, actor, 'gestern', 'x', '', null, null);
    insert.run('huge', r.id, null, actor, at, 'x'.repeat(6000), '', null, null);
    insert.run('lost-reply', r.id, 'no-thread', actor, at, 'x', '', null, null);
    foreign.close();
    ws.close();
    const result = await restoreDataDir(tmp.dir, backup);
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });

    const after = await call<{ threads: CommentThread[] }>('comments.list', { releaseId: r.id });
    expect(after).toEqual(before);
    expect(after.threads[0]).toMatchObject({ resolvedBy: { name: 'Anna Beispiel' }, replies: [{ text: 'Geprüft' }] });
    expect(result.kind).toBe('database');
    const dropped = result.kind === 'database' ? result.dropped : [];
    for (const id of ['bad id!', 'orphan', 'noauthor', 'notime', 'huge', 'lost-reply'])
      expect(dropped, id).toContain(`comment:${id}`);
    // The comment entries of the log came along too.
    expect((await commentLog(r.id)).map((d) => d.action)).toEqual(['added', 'replied', 'resolved']);
  });
});
