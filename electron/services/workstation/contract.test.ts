import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from './index';
import { CHANNEL_NAMES, contract } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { engineInternals } from '../testing/internals';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: tmp.dir, host: 'web' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const countRows = () => (engineInternals(ws).db.prepare('SELECT count(*) AS n FROM releases').get() as { n: number }).n;

describe('contract', () => {
  it('has a handler, an input and an output schema for every channel', () => {
    for (const name of CHANNEL_NAMES) {
      expect(typeof ws.handlers[name]).toBe('function');
      expect(contract[name].input).toBeDefined();
      expect(contract[name].output).toBeDefined();
    }
  });

  it('round-trips a release through create, save and get', async () => {
    const created = await dispatch(ws.handlers, 'releases.create', {
      headline: 'Hallo',
      language: 'de-de',
      tags: ['A', 'a', ' B '],
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const release = created.value as { id: string; version: number; language: string; tags: string[] };
    expect(release.language).toBe('de-DE');
    expect(release.tags).toEqual(['A', 'B']);
    const saved = await dispatch(ws.handlers, 'releases.save', {
      id: release.id,
      baseVersion: 1,
      fields: { teaser: 'Kurz' },
    });
    expect(saved).toMatchObject({ ok: true, value: { teaser: 'Kurz', version: 2 } });
    const stale = await dispatch(ws.handlers, 'releases.save', {
      id: release.id,
      baseVersion: 1,
      fields: { teaser: 'Alt' },
    });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { storedVersion: 2, baseVersion: 1 } },
    });
  });

  it.each([
    ['a string instead of an object', 'releases.create', 'hello'],
    ['an array', 'releases.create', [1, 2]],
    ['a number as headline', 'releases.create', { headline: 42 }],
    ['an unknown field', 'releases.create', { headline: 'x', owner: 'me' }],
    ['an unknown status', 'releases.create', { status: 'deleted' }],
    ['a bad date', 'releases.create', { publishedAt: '31.12.2024' }],
    ['a bad language tag', 'releases.create', { language: 'not a language!' }],
    ['a body that is not a doc', 'releases.create', { body: { type: 'paragraph' } }],
    ['a missing base version', 'releases.save', { id: 'x', fields: {} }],
    ['a negative limit', 'releases.list', { limit: -1 }],
    ['a huge headline', 'releases.create', { headline: 'x'.repeat(10_000) }],
    ['an id with spaces', 'releases.get', { id: 'a b' }],
  ])('refuses %s with INVALID_INPUT and writes nothing', async (_name, channel, input) => {
    const answer = await dispatch(ws.handlers, channel, input);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(countRows()).toBe(0);
  });

  it('refuses an unsafe link and an invalid document with their own codes', async () => {
    const link = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
        },
      ],
    };
    expect(await dispatch(ws.handlers, 'releases.create', { body: link })).toMatchObject({
      ok: false,
      error: { code: 'UNSAFE_LINK' },
    });
    expect(
      await dispatch(ws.handlers, 'releases.create', {
        body: { type: 'doc', content: [{ type: 'img', attrs: { src: 'x' } }] },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_DOCUMENT' },
    });
    expect(countRows()).toBe(0);
  });

  it('refuses unknown channels and prototype tricks', async () => {
    for (const name of ['releases.drop', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await dispatch(ws.handlers, name, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('answers NOT_FOUND for a missing release', async () => {
    expect(await dispatch(ws.handlers, 'releases.get', { id: 'missing' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('never leaks internal error text', async () => {
    const broken = {
      ...ws.handlers,
      'releases.topics': () => {
        throw new Error('secret path /home/x');
      },
    };
    const answer = await dispatch(broken, 'releases.topics', {});
    expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } });
  });
});

describe('window language channels', () => {
  it('are acknowledged without effect where the host has no menus (web mode, CLI)', async () => {
    expect(await dispatch(ws.handlers, 'app.setUiLanguage', { language: 'en' })).toEqual({
      ok: true,
      value: { language: 'en', applied: false },
    });
    expect(await dispatch(ws.handlers, 'app.setSpellcheckLanguage', { language: 'de-de' })).toEqual({
      ok: true,
      value: { languages: [], applied: false },
    });
  });

  it('reach the host hooks of the Electron app, canonicalized', async () => {
    const heard: string[] = [];
    const dir = makeTempDir();
    const electron = openWorkstation({
      dataDir: dir.dir,
      host: 'electron',
      hostHooks: {
        onUiLanguage: (language) => void heard.push(`ui:${language}`),
        onSpellcheckLanguage: (language) => (heard.push(`spell:${language}`), ['en-US', 'de-DE']),
      },
    });
    try {
      expect(await dispatch(electron.handlers, 'app.setUiLanguage', { language: 'de' })).toEqual({
        ok: true,
        value: { language: 'de', applied: true },
      });
      expect(await dispatch(electron.handlers, 'app.setSpellcheckLanguage', { language: 'en-gb' })).toEqual({
        ok: true,
        value: { languages: ['en-US', 'de-DE'], applied: true },
      });
      expect(heard).toEqual(['ui:de', 'spell:en-GB']);
    } finally {
      electron.close();
      dir.cleanup();
    }
  });

  it('refuse languages they do not know, and the hooks are not called', async () => {
    const heard: string[] = [];
    const dir = makeTempDir();
    const electron = openWorkstation({
      dataDir: dir.dir,
      host: 'electron',
      hostHooks: { onUiLanguage: (l) => void heard.push(l), onSpellcheckLanguage: (l) => (heard.push(l), []) },
    });
    try {
      for (const input of [{ language: 'fr' }, { language: 'DE' }, {}, { language: 'de', extra: 1 }]) {
        expect(await dispatch(electron.handlers, 'app.setUiLanguage', input)).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        });
      }
      for (const input of [{ language: 'not a tag!' }, { language: 7 }, {}]) {
        expect(await dispatch(electron.handlers, 'app.setSpellcheckLanguage', input)).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        });
      }
      expect(heard).toEqual([]);
    } finally {
      electron.close();
      dir.cleanup();
    }
  });
});
