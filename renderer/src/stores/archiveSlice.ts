import type { ImportJob, SearchFacets, SearchHit, SearchSort } from '../../../shared/contract/archive';
import type { ReleaseSummary } from '../../../shared/domain/release';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import { followJob } from './followJob';
import type { SliceCreator } from './types';

/** Releases fetched per page; the archive can hold 100,000. */
export const ARCHIVE_PAGE_SIZE = 100;
/** Quiet time after the last keystroke before a search runs. */
export const SEARCH_DEBOUNCE_MS = 150;
/** Largest upload (file bytes) sent in one import request (web mode wraps them in base64 within its 64 MB limit). */
export const UPLOAD_BATCH_BYTES = 18 * 1024 * 1024;

/**
 * A row of the archive list: a release, with its excerpt and highlights when it came from a search,
 * and the quotes of the people a `sprecher:` search asked for.
 */
export type ArchiveRow = ReleaseSummary &
  Partial<Pick<SearchHit, 'excerpt' | 'highlights' | 'tags' | 'score' | 'quotes'>>;

export interface ArchiveState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly items: readonly ArchiveRow[];
  readonly total: number;
  readonly error: UiErrorCode | null;
  readonly loadingMore: boolean;
  /** The search text as typed (query language). */
  readonly query: string;
  /** `null`: relevance when searching, else newest first. */
  readonly sort: SearchSort | null;
  readonly facets: SearchFacets | null;
  /** Set while the list shows releases similar to this one. */
  readonly similarTo: { readonly id: string; readonly headline: string } | null;
}

export interface ImportState {
  readonly status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  readonly done: number;
  readonly total: number;
  readonly imported: number;
  readonly updated: number;
  readonly skipped: number;
  readonly errors: readonly { file: string; code: string; message: string }[];
  readonly error: UiErrorCode | null;
}

/** A file picked for import: its name and bytes. */
export interface UploadFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ArchiveSlice {
  archive: ArchiveState;
  importer: ImportState;
  /** Loads the first page for the current query and sort. */
  loadArchive: () => Promise<void>;
  /** Appends the next page. */
  loadMoreArchive: () => Promise<void>;
  /** Brings a release back from the trash and refreshes the list. */
  restoreRelease: (id: string) => Promise<boolean>;
  /** Sets the search text; the search runs after a short pause in typing. */
  setArchiveQuery: (query: string) => void;
  setArchiveSort: (sort: SearchSort | null) => void;
  /** Shows releases similar to one release (same topic, shared terms). */
  showSimilar: (id: string, headline: string) => Promise<void>;
  /** Uploads files to the engine's import and follows its progress. */
  importFiles: (files: readonly UploadFile[]) => Promise<void>;
  cancelImport: () => Promise<void>;
  dismissImport: () => void;
}

export const initialArchiveState: ArchiveState = {
  status: 'idle',
  items: [],
  total: 0,
  error: null,
  loadingMore: false,
  query: '',
  sort: null,
  facets: null,
  similarTo: null,
};

export const initialImportState: ImportState = {
  status: 'idle',
  done: 0,
  total: 0,
  imported: 0,
  updated: 0,
  skipped: 0,
  errors: [],
  error: null,
};

export const createArchiveSlice: SliceCreator<ArchiveSlice> = (deps) => (set, get) => {
  // Answers to an older request are dropped so a slow response cannot overwrite a newer list.
  let request = 0;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let currentJob: string | null = null;
  let cancelRequested = false;

  const fetchPage = async (offset: number) => {
    const { query, sort } = get().archive;
    const searching = query.trim() !== '' || (sort !== null && sort !== 'date');
    if (!searching) {
      const page = await deps.api.call('releases.list', { limit: ARCHIVE_PAGE_SIZE, offset });
      return { items: page.items as ArchiveRow[], total: page.total, facets: null };
    }
    const result = await deps.api.call('archive.search', {
      query,
      limit: ARCHIVE_PAGE_SIZE,
      offset,
      sort: sort ?? undefined,
      facets: offset === 0 && query.trim() !== '',
    });
    return { items: result.items as ArchiveRow[], total: result.total, facets: result.facets };
  };

  return {
    archive: initialArchiveState,
    importer: initialImportState,

    async loadArchive() {
      const mine = ++request;
      set((s) => ({ archive: { ...s.archive, status: 'loading', error: null, loadingMore: false, similarTo: null } }));
      try {
        const page = await fetchPage(0);
        if (mine !== request) return;
        set((s) => ({
          archive: {
            ...s.archive,
            status: 'ready',
            items: page.items,
            total: page.total,
            facets: page.facets,
            error: null,
          },
        }));
      } catch (error) {
        if (mine !== request) return;
        set((s) => ({ archive: { ...s.archive, status: 'error', error: errorCodeOf(error) } }));
      }
    },

    async loadMoreArchive() {
      const { archive } = get();
      if (archive.status !== 'ready' || archive.loadingMore || archive.similarTo) return;
      if (archive.items.length >= archive.total) return;
      const mine = ++request;
      set({ archive: { ...archive, loadingMore: true, error: null } });
      try {
        const page = await fetchPage(archive.items.length);
        if (mine !== request) return;
        const known = new Set(archive.items.map((r) => r.id));
        const items = [...archive.items, ...page.items.filter((r) => !known.has(r.id))];
        set((s) => ({ archive: { ...s.archive, status: 'ready', items, total: page.total, loadingMore: false } }));
      } catch (error) {
        if (mine !== request) return;
        set((s) => ({ archive: { ...s.archive, loadingMore: false, error: errorCodeOf(error) } }));
      }
    },

    async restoreRelease(id) {
      try {
        const release = await deps.api.call('releases.restore', { id });
        set({ notice: { kind: 'restored', releaseId: id, headline: release.headline } });
        await get().loadArchive();
        return true;
      } catch (error) {
        set({ notice: { kind: 'error', code: errorCodeOf(error) } });
        return false;
      }
    },

    setArchiveQuery(query) {
      set((s) => ({ archive: { ...s.archive, query } }));
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        void get().loadArchive();
      }, SEARCH_DEBOUNCE_MS);
    },

    setArchiveSort(sort) {
      set((s) => ({ archive: { ...s.archive, sort } }));
      void get().loadArchive();
    },

    async showSimilar(id, headline) {
      const mine = ++request;
      set((s) => ({ archive: { ...s.archive, status: 'loading', error: null } }));
      try {
        const items = await deps.api.call('archive.similar', { id, limit: 20 });
        if (mine !== request) return;
        set((s) => ({
          archive: {
            ...s.archive,
            status: 'ready',
            items,
            total: items.length,
            facets: null,
            similarTo: { id, headline },
          },
        }));
      } catch (error) {
        if (mine !== request) return;
        set((s) => ({ archive: { ...s.archive, status: 'error', error: errorCodeOf(error) } }));
      }
    },

    async importFiles(files) {
      if (files.length === 0 || get().importer.status === 'running') return;
      cancelRequested = false;
      set({ importer: { ...initialImportState, status: 'running', total: files.length } });
      // Uploads go in batches so that no single request grows too large.
      const batches: { name: string; bytes: Uint8Array }[][] = [[]];
      let size = 0;
      for (const f of files) {
        if (size + f.bytes.byteLength > UPLOAD_BATCH_BYTES && batches[batches.length - 1]!.length > 0) {
          batches.push([]);
          size = 0;
        }
        batches[batches.length - 1]!.push({ name: f.name, bytes: f.bytes });
        size += f.bytes.byteLength;
      }
      let doneBefore = 0;
      try {
        for (const batch of batches) {
          if (cancelRequested) break;
          const job: ImportJob = await followJob(
            deps.api,
            'archive.onDidChangeImportJob',
            () => deps.api.call('archive.importStart', { files: batch }),
            (jobId) => deps.api.call('archive.importProgress', { jobId }),
            (changed) => {
              currentJob = changed.jobId;
              const done = doneBefore + changed.done;
              set((s) => ({ importer: { ...s.importer, done } }));
            },
          );
          currentJob = null;
          doneBefore += batch.length;
          set((s) => ({
            importer: {
              ...s.importer,
              done: doneBefore,
              imported: s.importer.imported + job.summary.imported,
              updated: s.importer.updated + job.summary.updated,
              skipped: s.importer.skipped + job.summary.skipped,
              errors: [...s.importer.errors, ...job.summary.errors],
            },
          }));
          if (job.state === 'cancelled') break;
        }
        set((s) => ({ importer: { ...s.importer, status: cancelRequested ? 'cancelled' : 'done' } }));
      } catch (error) {
        currentJob = null;
        set((s) => ({ importer: { ...s.importer, status: 'error', error: errorCodeOf(error) } }));
      }
      await get().loadArchive();
    },

    async cancelImport() {
      cancelRequested = true;
      if (currentJob) {
        try {
          await deps.api.call('archive.importCancel', { jobId: currentJob });
        } catch {
          // the job may have finished in between; the poll loop ends either way
        }
      }
    },

    dismissImport() {
      set({ importer: initialImportState });
    },
  };
};
