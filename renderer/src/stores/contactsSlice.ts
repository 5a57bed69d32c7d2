import {
  MAX_CONTACT_FILE_BYTES,
  MAX_CONTACT_FILES,
  type Contact,
  type ContactFieldsInput,
  type ContactImportFileResult,
  type ContactImportJob,
  type ContactImportSummary,
  type ContactList,
} from '../../../shared/contract/contacts';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import { followJob } from './followJob';
import type { SliceCreator } from './types';

/** Most bytes one import request carries (web mode takes requests up to 64 MB, base64 makes them a third larger). */
const UPLOAD_BATCH_BYTES = 24 * 1024 * 1024;

export interface ContactImportState {
  /** `cancelled`: stopped by the user; the files written before stay, the others were left out whole. */
  readonly status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  readonly summary: ContactImportSummary | null;
  readonly error: UiErrorCode | null;
  /** Rows checked of all rows known so far (0 of 0 while the files are read). */
  readonly done: number;
  readonly total: number;
  /** What became of each file (imported, refused, cancelled), as far as known. */
  readonly files: readonly ContactImportFileResult[];
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
  /** Stops the running import: the files written so far stay, the one in progress and the rest are left out. */
  cancelContactImport: () => Promise<void>;
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
  importer: { status: 'idle', summary: null, error: null, done: 0, total: 0, files: [] },
};

export const createContactsSlice: SliceCreator<ContactsSlice> = (deps) => (set, get) => {
  let request = 0;
  let listening = false;
  /** The contact import job running now, and whether the user asked to stop. */
  let currentJob: string | null = null;
  let cancelRequested = false;
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
      cancelRequested = false;
      update({ importer: { ...initialContactsState.importer, status: 'running' } });
      const { listId, lists } = get().contacts;
      const list = lists.find((l) => l.id === listId)?.name;
      const summary: ContactImportSummary = { imported: 0, updated: 0, skipped: 0, errors: [] };
      const results: ContactImportFileResult[] = [];
      // A file over the limit is refused here, by itself, so that it does not take the others with it.
      const batches: { name: string; bytes: Uint8Array }[][] = [];
      let size = Infinity;
      for (const f of files) {
        if (f.bytes.byteLength > MAX_CONTACT_FILE_BYTES) {
          summary.errors.push({ file: f.name, line: 0, code: 'IMPORT_TOO_LARGE', message: 'The file is too large.' });
          results.push({ file: f.name, state: 'refused' });
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
      const progress = (patch: Partial<ContactImportState>): void =>
        set((s) => ({ contacts: { ...s.contacts, importer: { ...s.contacts.importer, ...patch } } }));
      // Rows of the batches before (each batch is one job).
      let doneBefore = 0;
      let cancelSent: string | null = null;
      try {
        for (const [index, batch] of batches.entries()) {
          if (cancelRequested) {
            // Batches not started are left out whole, like the files after a cancelled one.
            for (const rest of batches.slice(index))
              for (const f of rest) results.push({ file: f.name, state: 'cancelled' });
            break;
          }
          const job: ContactImportJob = await followJob(
            deps.api,
            'contacts.onDidChangeImportJob',
            () => deps.api.call('contacts.importStart', { files: batch, list }),
            (jobId) => deps.api.call('contacts.importProgress', { jobId }),
            (changed) => {
              currentJob = changed.jobId;
              // A cancel asked for before the job was known reaches it now.
              if (cancelRequested && changed.state === 'running' && cancelSent !== changed.jobId) {
                cancelSent = changed.jobId;
                deps.api.call('contacts.importCancel', { jobId: changed.jobId }).catch(() => undefined);
              }
              progress({
                done: doneBefore + changed.done,
                total: doneBefore + changed.total,
                files: [...results, ...changed.files],
              });
            },
          );
          currentJob = null;
          doneBefore += job.total;
          summary.imported += job.summary.imported;
          summary.updated += job.summary.updated;
          summary.skipped += job.summary.skipped;
          summary.errors.push(...job.summary.errors);
          results.push(...job.files);
          if (job.state === 'cancelled') cancelRequested = true;
        }
        progress({
          status: results.some((r) => r.state === 'cancelled') ? 'cancelled' : 'done',
          summary,
          files: results,
        });
      } catch (error) {
        currentJob = null;
        progress({ status: 'error', summary: null, error: errorCodeOf(error) });
      }
      await get().loadContacts();
    },

    async cancelContactImport() {
      if (get().contacts.importer.status !== 'running') return;
      cancelRequested = true;
      const jobId = currentJob;
      if (jobId) {
        try {
          await deps.api.call('contacts.importCancel', { jobId });
        } catch {
          // The job may have ended in between; following it ends either way.
        }
      }
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
