import { DEFAULT_LANGUAGE } from '../../../shared/domain/constants';
import type { Release, ReleaseStatus } from '../../../shared/domain/release';
import { emptyDocument, normalizeDocument, type DocumentNode } from '../../../shared/document';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

/** The fields the compose screen edits. */
export interface ComposeDraft {
  readonly topic: string;
  readonly headline: string;
  readonly subheadline: string;
  readonly teaser: string;
  readonly dateline: string;
  readonly language: string;
  readonly body: DocumentNode;
}

export type DraftTextField = 'topic' | 'headline' | 'subheadline' | 'teaser' | 'dateline' | 'language';

export type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: string }
  | { readonly kind: 'error'; readonly code: UiErrorCode };

export interface ComposeState {
  /** Changes whenever another release (or a new one) is opened; the editor remounts on it. */
  readonly session: number;
  readonly loadStatus: 'idle' | 'loading' | 'ready' | 'error';
  readonly loadError: UiErrorCode | null;
  /** The id to load (set while loading, too). */
  readonly requestedId: string | null;
  /** Null until the release exists in the engine (it is created on its first save). */
  readonly releaseId: string | null;
  /** The version last loaded or saved; the next save is based on it. */
  readonly baseVersion: number | null;
  readonly status: ReleaseStatus;
  readonly updatedAt: string | null;
  readonly draft: ComposeDraft;
  /** Comparison key of the draft as it was last loaded or saved. */
  readonly savedKey: string;
  readonly dirty: boolean;
  readonly save: SaveState;
  readonly actionError: UiErrorCode | null;
  readonly topics: readonly string[];
}

export interface SaveOptions {
  /** After a CONFLICT: save this draft on top of whatever is stored now (the stored version stays a revision). */
  readonly overwrite?: boolean;
}

export interface ComposeSlice {
  compose: ComposeState;
  /** An empty release that exists only in the UI until it is saved. */
  startNewRelease: () => void;
  openRelease: (id: string) => Promise<void>;
  setField: (field: DraftTextField, value: string) => void;
  setBody: (body: DocumentNode) => void;
  /** Creates the release on its first save, later saves send `baseVersion`. Resolves to whether it was saved. */
  saveRelease: (options?: SaveOptions) => Promise<boolean>;
  /** Saves pending changes, then moves the release to the trash and returns to the archive. */
  trashRelease: () => Promise<boolean>;
  loadTopics: () => Promise<void>;
}

export const emptyDraft = (): ComposeDraft => ({
  topic: '',
  headline: '',
  subheadline: '',
  teaser: '',
  dateline: '',
  language: DEFAULT_LANGUAGE,
  body: emptyDocument(),
});

function draftOf(release: Release): ComposeDraft {
  return {
    topic: release.topic,
    headline: release.headline,
    subheadline: release.subheadline,
    teaser: release.teaser,
    dateline: release.dateline,
    language: release.language,
    body: release.body,
  };
}

/**
 * A key that is equal for drafts the engine would store identically: the
 * editor adds attributes (link targets, list types) that the vocabulary drops.
 */
export function draftKey(draft: ComposeDraft): string {
  let body: unknown = draft.body;
  try {
    body = normalizeDocument(draft.body);
  } catch {
    // an invalid body is compared as it is; saving will report it
  }
  return JSON.stringify([
    draft.topic,
    draft.headline,
    draft.subheadline,
    draft.teaser,
    draft.dateline,
    draft.language,
    body,
  ]);
}

const newComposeState = (session: number): ComposeState => {
  const draft = emptyDraft();
  return {
    session,
    loadStatus: 'ready',
    loadError: null,
    requestedId: null,
    releaseId: null,
    baseVersion: null,
    status: 'draft',
    updatedAt: null,
    draft,
    savedKey: draftKey(draft),
    dirty: false,
    save: { kind: 'idle' },
    actionError: null,
    topics: [],
  };
};

export const initialComposeState: ComposeState = { ...newComposeState(0), loadStatus: 'idle' };

export const createComposeSlice: SliceCreator<ComposeSlice> = (deps) => (set, get) => {
  let openRequest = 0;
  let saving: Promise<boolean> | null = null;

  const update = (patch: Partial<ComposeState>): void => set((s) => ({ compose: { ...s.compose, ...patch } }));

  function editDraft(change: Partial<ComposeDraft>): void {
    set((s) => {
      const draft = { ...s.compose.draft, ...change };
      return { compose: { ...s.compose, draft, dirty: draftKey(draft) !== s.compose.savedKey } };
    });
  }

  async function saveOnce(options: SaveOptions): Promise<boolean> {
    const start = get().compose;
    const session = start.session;
    const sent = start.draft;
    const sentKey = draftKey(sent);
    if (start.releaseId !== null && !start.dirty && start.save.kind !== 'error') return true;
    update({ save: { kind: 'saving' }, actionError: null });
    try {
      let saved: Release;
      if (start.releaseId === null) {
        saved = await deps.api.call('releases.create', { ...sent });
      } else {
        let baseVersion = start.baseVersion ?? 1;
        if (options.overwrite) baseVersion = (await deps.api.call('releases.get', { id: start.releaseId })).version;
        saved = await deps.api.call('releases.save', { id: start.releaseId, baseVersion, fields: { ...sent } });
      }
      if (get().compose.session !== session) return true;
      // The user may have typed on while the save ran: keep that text, compare against what was sent.
      set((s) => ({
        compose: {
          ...s.compose,
          releaseId: saved.id,
          baseVersion: saved.version,
          status: saved.status,
          updatedAt: saved.updatedAt,
          savedKey: sentKey,
          dirty: draftKey(s.compose.draft) !== sentKey,
          save: { kind: 'saved', at: deps.now().toISOString() },
        },
      }));
      return true;
    } catch (error) {
      if (get().compose.session === session) update({ save: { kind: 'error', code: errorCodeOf(error) } });
      return false;
    }
  }

  return {
    compose: initialComposeState,

    startNewRelease() {
      openRequest++;
      const session = get().compose.session + 1;
      set({ compose: { ...newComposeState(session), topics: get().compose.topics } });
      void get().loadTopics();
    },

    async openRelease(id) {
      const mine = ++openRequest;
      const session = get().compose.session + 1;
      set({
        compose: { ...newComposeState(session), loadStatus: 'loading', requestedId: id, topics: get().compose.topics },
      });
      void get().loadTopics();
      try {
        const release = await deps.api.call('releases.get', { id });
        if (mine !== openRequest) return;
        const draft = draftOf(release);
        set((s) => ({
          compose: {
            ...s.compose,
            session: session + 1,
            loadStatus: 'ready',
            releaseId: release.id,
            baseVersion: release.version,
            status: release.status,
            updatedAt: release.updatedAt,
            draft,
            savedKey: draftKey(draft),
            dirty: false,
          },
        }));
      } catch (error) {
        if (mine !== openRequest) return;
        update({ loadStatus: 'error', loadError: errorCodeOf(error) });
      }
    },

    setField(field, value) {
      editDraft({ [field]: value });
    },

    setBody(body) {
      editDraft({ body });
    },

    saveRelease(options = {}) {
      // One save at a time: a request during a save runs after it, with whatever is newer by then.
      const run = saving ? saving.then(() => saveOnce(options)) : saveOnce(options);
      saving = run;
      void run.finally(() => {
        if (saving === run) saving = null;
      });
      return run;
    },

    async trashRelease() {
      const { compose } = get();
      if (compose.releaseId === null) return false;
      if (compose.dirty && !(await get().saveRelease())) return false;
      const id = compose.releaseId;
      try {
        const release = await deps.api.call('releases.trash', { id });
        set((s) => ({ compose: { ...s.compose, dirty: false } }));
        get().navigate({ screen: 'archive' });
        set({ notice: { kind: 'trashed', releaseId: id, headline: release.headline } });
        return true;
      } catch (error) {
        update({ actionError: errorCodeOf(error) });
        return false;
      }
    },

    async loadTopics() {
      try {
        const topics = await deps.api.call('releases.topics', {});
        update({ topics: topics.map((t) => t.topic) });
      } catch {
        // Suggestions are a convenience; the field works without them.
      }
    },
  };
};
