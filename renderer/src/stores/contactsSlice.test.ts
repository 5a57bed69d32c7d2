import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONTACT_FILE_BYTES } from '../../../shared/contract/contacts';
import { openTestEngine, type TestEngine } from '../testing/engine';
import { createAppStore, type AppStore } from './index';

let engine: TestEngine;
let store: AppStore;

beforeEach(() => {
  engine = openTestEngine();
  store = createAppStore({ api: engine.api });
});

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('contacts slice', () => {
  it('imports onto the list shown, refusing an oversized file by itself, and shows the result', async () => {
    store.getState().navigate({ screen: 'contacts' });
    const list = await store.getState().createContactList('Landespresse');
    expect(list).not.toBeNull();
    store.getState().showContactList(list!.id);
    await store
      .getState()
      .importContacts([
        file('a.csv', 'Name;E-Mail\nAnna Müller;anna@example.org\nOhne;\n'),
        { name: 'riesig.csv', bytes: new Uint8Array(MAX_CONTACT_FILE_BYTES + 1) },
        file('b.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Björn\r\nEMAIL:bjoern@example.org\r\nEND:VCARD\r\n'),
      ]);
    const { importer, items, lists } = store.getState().contacts;
    expect(importer.status).toBe('done');
    expect(importer.summary).toMatchObject({ imported: 2, updated: 0, skipped: 0 });
    expect(importer.summary!.errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ['riesig.csv', 0, 'IMPORT_TOO_LARGE'],
      ['a.csv', 3, 'CONTACT_EMAIL_MISSING'],
    ]);
    // The oversized file never crossed to the engine.
    expect(engine.callsOf('contacts.importStart').flatMap((c) => c.input.files.map((f) => f.name))).toEqual([
      'a.csv',
      'b.vcf',
    ]);
    expect(items.map((c) => c.name)).toEqual(['Anna Müller', 'Björn']);
    expect(lists).toMatchObject([{ name: 'Landespresse', contacts: 2 }]);
    // The rows were counted as the engine checked them; every file says what became of it.
    expect(importer).toMatchObject({ done: 3, total: 3 });
    expect(importer.files).toEqual([
      { file: 'riesig.csv', state: 'refused' },
      { file: 'a.csv', state: 'imported' },
      { file: 'b.vcf', state: 'imported' },
    ]);
  });

  it('follows the import job row by row and cancels it: the file written before stays, the one in progress does not', async () => {
    store.getState().navigate({ screen: 'contacts' });
    await store.getState().loadContacts();
    const rows = (prefix: string, n: number) =>
      ['Name;E-Mail', ...Array.from({ length: n }, (_, i) => `${prefix} ${i};${prefix}.${i}@example.org`)].join('\n');
    const seen: { done: number; total: number }[] = [];
    let cancelled = false;
    const off = store.subscribe((state) => {
      const { importer } = state.contacts;
      if (importer.status !== 'running') return;
      seen.push({ done: importer.done, total: importer.total });
      // The user presses „Import abbrechen“ while the second file's rows are checked.
      if (!cancelled && importer.files.length === 1 && importer.done > 10) {
        cancelled = true;
        void store.getState().cancelContactImport();
      }
    });
    await store.getState().importContacts([file('klein.csv', rows('a', 10)), file('gross.csv', rows('b', 6000))]);
    off();
    const { importer, items } = store.getState().contacts;
    expect(cancelled).toBe(true);
    expect(importer.status).toBe('cancelled');
    expect(importer.files).toEqual([
      { file: 'klein.csv', state: 'imported' },
      { file: 'gross.csv', state: 'cancelled' },
    ]);
    expect(importer.summary).toMatchObject({ imported: 10, updated: 0, skipped: 0, errors: [] });
    expect(seen.some((p) => p.total === 6010 && p.done > 10 && p.done < 6010)).toBe(true);
    expect(items.map((c) => c.email)).toHaveLength(10);
    expect(items.every((c) => c.email.startsWith('a.'))).toBe(true);
    expect(engine.callsOf('contacts.importCancel')).toHaveLength(1);
  });

  it('saves, opts out and deletes contacts, and shows a refusal with its code', async () => {
    store.getState().navigate({ screen: 'contacts' });
    const saved = await store.getState().saveContact(null, { name: 'Jörg', email: 'joerg@example.org' }, []);
    expect(saved).toMatchObject({ name: 'Jörg', optOut: false });
    expect(await store.getState().saveContact(null, { email: 'JOERG@example.org' }, [])).toBeNull();
    expect(store.getState().contacts.error).toBe('CONTACT_EXISTS');
    expect(await store.getState().optOutContact('joerg@example.org')).toBe(true);
    expect(store.getState().contacts.error).toBeNull();
    expect(store.getState().contacts.items[0]).toMatchObject({ email: 'joerg@example.org', optOut: true });
    expect(await store.getState().deleteContact(saved!.id)).toBe(true);
    expect(store.getState().contacts).toMatchObject({ items: [], all: 0 });
    const exported = await store.getState().exportContacts();
    expect(exported?.fileName).toMatch(/^Presseverteiler-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
