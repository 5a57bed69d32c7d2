import {
  MAX_CONTACT_FILE_BYTES,
  MAX_CONTACT_FILES,
  type Contact,
  type ContactFieldsInput,
  type ContactImportSummary,
  type ContactList,
} from '../../../shared/contract/contacts';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** Most bytes one import request carries (web mode takes requests up to 64 MB, base64 makes them a third larger). */
const UPLOAD_BATCH_BYTES = 24 * 1024 * 1024;

export interface ContactImportState {
  readonly status: 'idle' | 'running' | 'done' | 'error';
  readonly summary: ContactImportSummary | null;
  readonly error: UiErrorCode | null;
}

export interface ContactsState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly lists: readonly ContactList[];
  readonly items: readonly Contact[];
  /** Contacts matching the filter (all of them are loaded; the table shows those in view). */
  readonly total: number;
  /** Contacts on the press list at all (the "all contacts" entry's count). */
  readonly all: number;
  /** The list shown, or null for every contact. */
  readonly listId: string | null;
  readonly query: string;
  /** Why loading or the last action failed. */
  readonly error: UiErrorCode | null;
  readonly importer: ContactImportState;
}

export interface ContactsSlice {
  contacts: ContactsState;
  /** Loads the lists and the contacts of the current filter. */
  loadContacts: () => Promise<void>;
  /** Shows one list (or all contacts with null). */
  showContactList: (listId: string | null) => void;
  /** Filters the contacts by text (name, outlet, address, topics…). */
  filterContacts: (query: string) => void;
  /** Creates (id null) or changes a contact; resolves to the stored contact, or null after an error. */
  saveContact: (id: string | null, fields: ContactFieldsInput, listIds: readonly string[]) => Promise<Contact | null>;
  deleteContact: (id: string) => Promise<boolean>;
  /** Opts an address out for good (the screen asks first). */
  optOutContact: (email: string) => Promise<boolean>;
  createContactList: (name: string) => Promise<ContactList | null>;
  renameContactList: (id: string, name: string) => Promise<boolean>;
  deleteContactList: (id: string) => Promise<boolean>;
  /** Imports CSV and vCard files (onto the list shown, if one is). */
  importContacts: (files: readonly { name: string; bytes: Uint8Array }[]) => Promise<void>;
  dismissContactImport: () => void;
  /** The contacts shown as a CSV file for Excel; null after an error. */
  exportContacts: () => Promise<{ fileName: string; bytes: Uint8Array } | null>;
}

export const initialContactsState: ContactsState = {
  status: 'idle',
  lists: [],
  items: [],
  total: 0,
  all: 0,
  listId: null,
  query: '',
  error: null,
  importer: { status: 'idle', summary: null, error: null },
};

export const createContactsSlice: SliceCreator<ContactsSlice> = (deps) => (set, get) => {
  let request = 0;
  let listening = false;
  const update = (patch: Partial<ContactsState>): void => set((s) => ({ contacts: { ...s.contacts, ...patch } }));

  /** Runs an action; an error is shown, and the screen reloads either way. */
  const act = async <T>(run: () => Promise<T>): Promise<T | null> => {
    update({ error: null });
    try {
      const result = await run();
      await get().loadContacts();
      return result;
    } catch (error) {
      update({ error: errorCodeOf(error) });
      void get().loadContacts();
      return null;
    }
  };

  return {
    contacts: initialContactsState,

    async loadContacts() {
      if (!listening && deps.api.subscribe) {
        listening = true;
        // Changes made elsewhere (the CLI, another window) show at once; the lists' counts come along.
        deps.api.subscribe((event) => {
          if (event.name === 'contacts.onDidChange' && get().route.screen === 'contacts') {
            update({ lists: event.payload.lists });
          }
        });
      }
      const mine = ++request;
      update({ status: get().contacts.status === 'ready' ? 'ready' : 'loading' });
      try {
        let { listId } = get().contacts;
        const { query } = get().contacts;
        const lists = (await deps.api.call('lists.list', {})).items;
        // A list deleted meanwhile: show everyone.
        if (listId !== null && !lists.some((l) => l.id === listId)) listId = null;
        const [shown, all] = await Promise.all([
          deps.api.call('contacts.list', { listId: listId ?? undefined, query: query.trim() || undefined }),
          deps.api.call('contacts.list', { limit: 1 }),
        ]);
        if (mine !== request) return;
        update({ status: 'ready', lists, listId, items: shown.items, total: shown.total, all: all.total });
      } catch (error) {
        if (mine !== request) return;
        update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    showContactList(listId) {
      update({ listId });
      void get().loadContacts();
    },

    filterContacts(query) {
      update({ query });
      void get().loadContacts();
    },

    async saveContact(id, fields, listIds) {
      return act(() =>
        id === null
          ? deps.api.call('contacts.create', { fields, listIds: [...listIds] })
          : deps.api.call('contacts.update', { id, fields, listIds: [...listIds] }),
      );
    },

    async deleteContact(id) {
      return (await act(() => deps.api.call('contacts.delete', { id }))) !== null;
    },

    async optOutContact(email) {
      return (await act(() => deps.api.call('contacts.optOut', { email }))) !== null;
    },

    async createContactList(name) {
      return act(() => deps.api.call('lists.create', { name }));
    },

    async renameContactList(id, name) {
      return (await act(() => deps.api.call('lists.rename', { id, name }))) !== null;
    },

    async deleteContactList(id) {
      if (get().contacts.listId === id) update({ listId: null });
      return (await act(() => deps.api.call('lists.delete', { id }))) !== null;
    },

    async importContacts(files) {
      if (files.length === 0 || get().contacts.importer.status === 'running') return;
      update({ importer: { status: 'running', summary: null, error: null } });
      const { listId, lists } = get().contacts;
      const list = lists.find((l) => l.id === listId)?.name;
      const summary: ContactImportSummary = { imported: 0, updated: 0, skipped: 0, errors: [] };
      // A file over the limit is refused here, by itself, so that it does not take the others with it.
      const batches: { name: string; bytes: Uint8Array }[][] = [];
      let size = Infinity;
      for (const f of files) {
        if (f.bytes.byteLength > MAX_CONTACT_FILE_BYTES) {
          summary.errors.push({ file: f.name, line: 0, code: 'IMPORT_TOO_LARGE', message: 'The file is too large.' });
          continue;
        }
        // Uploads go in batches, so that no request grows beyond what a host takes.
        if (
          size + f.bytes.byteLength > UPLOAD_BATCH_BYTES ||
          batches[batches.length - 1]!.length >= MAX_CONTACT_FILES
        ) {
          batches.push([]);
          size = 0;
        }
        batches[batches.length - 1]!.push({ name: f.name, bytes: f.bytes });
        size += f.bytes.byteLength;
      }
      try {
        for (const batch of batches) {
          const done = await deps.api.call('contacts.import', { files: batch, list });
          summary.imported += done.imported;
          summary.updated += done.updated;
          summary.skipped += done.skipped;
          summary.errors.push(...done.errors);
        }
        update({ importer: { status: 'done', summary, error: null } });
      } catch (error) {
        update({ importer: { status: 'error', summary: null, error: errorCodeOf(error) } });
      }
      await get().loadContacts();
    },

    dismissContactImport() {
      update({ importer: initialContactsState.importer });
    },

    async exportContacts() {
      update({ error: null });
      try {
        const { fileName, bytes } = await deps.api.call('contacts.exportCsv', {
          listId: get().contacts.listId ?? undefined,
        });
        return { fileName, bytes };
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return null;
      }
    },
  };
};
