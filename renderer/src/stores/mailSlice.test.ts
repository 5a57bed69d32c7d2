import { beforeEach, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api, now: () => new Date('2025-03-01T10:15:00Z') });
});

const state = () => store.getState().mail;

describe('mail slice', () => {
  it('opens a release with its lists and an empty send log, and saves the .eml draft', async () => {
    const release = await engine.seed({ headline: 'Grünflächen für Übermorgen', topic: 'Umwelt' });
    await store.getState().openMail(release.id);
    expect(state()).toMatchObject({ releaseId: release.id, lists: [], log: [], error: null });
    const saved: { fileName: string; text: string }[] = [];
    await store
      .getState()
      .saveMailDraft((fileName, bytes) => saved.push({ fileName, text: new TextDecoder().decode(bytes) }));
    expect(saved).toHaveLength(1);
    expect(saved[0]!.fileName).toMatch(/^gruenflaechen-fuer-uebermorgen.*\.eml$/);
    expect(saved[0]!.text).toContain('X-Unsent: 1');
    expect(saved[0]!.text).toContain('Subject: =?UTF-8?Q?Gr=C3=BCnfl=C3=A4chen');
  });

  it('a send without a mail server set ends with MAIL_NOT_CONFIGURED and sends nothing', async () => {
    const release = await engine.seed({ headline: 'Haushalt beschlossen', topic: 'Finanzen' });
    await store.getState().openMail(release.id);
    await store.getState().sendMail({ test: 'ich@musterstadt.example' });
    expect(state()).toMatchObject({ error: 'MAIL_NOT_CONFIGURED', busy: false, log: [] });
  });

  it('a draft of a release that fails its checks is refused with EXPORT_BLOCKED', async () => {
    const release = await engine.seed({ headline: '', topic: 'Finanzen' });
    await store.getState().openMail(release.id);
    const saved: string[] = [];
    await store.getState().saveMailDraft((fileName) => saved.push(fileName));
    expect(saved).toEqual([]);
    expect(state().error).toBe('EXPORT_BLOCKED');
  });
});
