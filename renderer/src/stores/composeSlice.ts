import {
  defaultFields,
  RELEASE_FIELD_NAMES,
  type ReleaseFieldName,
  type Release,
  type ReleaseFields,
  type ReleaseStatus,
} from '../../../shared/domain/release';
import { isSafeHref } from '../../../shared/document/links';
import { normalizeDocument, type DocumentNode, type FigureAttrs } from '../../../shared/document';
import { errorCodeOf, errorDetailOf, type UiErrorCode } from '../lib/errors';
import type { RecoveredDraft } from '../lib/recovery';
import { AutosaveScheduler } from './compose/autosaveScheduler';
import type { SliceCreator } from './types';

/**
 * The fields the compose screen edits: every field of the release's field
 * table but the status, which changes through the workflow. Related links
 * are kept as typed; rows without a valid address stay in the window.
 */
export type ComposeDraft = Readonly<Omit<ReleaseFields, 'status'>>;

/** The draft's field names, in the table's order. */
// The status has its own actions; the release number is the engine's, given at the first publication.
const DRAFT_FIELDS = RELEASE_FIELD_NAMES.filter(
  (name): name is Exclude<ReleaseFieldName, 'status' | 'releaseNumber'> =>
    name !== 'status' && name !== 'releaseNumber',
);

export type DraftTextField =
  'topic' | 'headline' | 'subheadline' | 'teaser' | 'dateline' | 'language' | 'pressContact' | 'boilerplate';

/** Whether a related link can be stored: an absolute http or https address. */
export function isWebUrl(url: string): boolean {
  return isSafeHref(url) && /^https?:/i.test(url);
}

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
  /** When the published release was last corrected. */
  readonly correctedAt: string | null;
  /** The release number the engine gave at the first publication; empty before. */
  readonly releaseNumber: string;
  readonly draft: ComposeDraft;
  /** Comparison key of the draft as it was last loaded or saved. */
  readonly savedKey: string;
  readonly dirty: boolean;
  readonly save: SaveState;
  readonly actionError: UiErrorCode | null;
  /** Why the last status change was refused (with the engine's reason, e.g. of APPROVAL_REQUIRED); null after a success. */
  readonly statusError: {
    readonly to: ReleaseStatus;
    readonly code: UiErrorCode;
    readonly reason: string | null;
  } | null;
  readonly topics: readonly string[];
  /** After a CONFLICT: the version stored by someone else, shown next to the user's text until they choose. */
  readonly conflict: { readonly theirs: Release } | null;
  /** Unsaved text of this release from an earlier session, offered to the user. */
  readonly recovery: RecoveredDraft | null;
  /** Unsaved texts kept in this window, listed on the archive after a restart. */
  readonly recoverable: readonly RecoveredDraft[];
}

export interface SaveOptions {
  /** After a CONFLICT: save this draft on top of whatever is stored now (the stored version stays a revision). */
  readonly overwrite?: boolean;
  /** An explicit save by the user (Ctrl/Cmd+S, the Save button): kept as a revision. */
  readonly checkpoint?: boolean;
}

export interface ComposeSlice {
  compose: ComposeState;
  /** An empty release that exists only in the UI until it is saved. */
  startNewRelease: () => void;
  /**
   * Fills the office's press contact and boilerplate into a new release that
   * is still untouched (as its unchanged start: nothing to save until the
   * user types); never replaces what the user typed or opened.
   */
  applyOfficeDefaults: () => void;
  openRelease: (id: string) => Promise<void>;
  setField: (field: DraftTextField, value: string) => void;
  setBody: (body: DocumentNode) => void;
  /**
   * The body changed in the editor; `read` returns it. Cheap enough for every
   * keystroke: the body is read once typing pauses and before anything uses
   * the draft (save, flush, recovery slot, other field edits).
   */
  bodyChanged: (read: () => DocumentNode) => void;
  /** Changes the non-text fields (dates, tags, related links). */
  setFields: (change: Partial<Omit<ComposeDraft, 'body'>>) => void;
  /** Moves the release along the workflow; the state before becomes a revision. Resolves to success. */
  changeStatus: (to: ReleaseStatus) => Promise<boolean>;
  /**
   * The engine moved the release on without a save from this window (an
   * approval, a review request): its status and version are taken over, so
   * the next save builds on the stored version. The text stays as it is.
   */
  adoptStored: (release: Release) => void;
  /** Opens a new draft with this release's content ("use as template"). */
  duplicateRelease: () => Promise<boolean>;
  /** Creates the release on its first save, later saves send `baseVersion`. Resolves to whether it was saved. */
  saveRelease: (options?: SaveOptions) => Promise<boolean>;
  /** Saves pending changes, then moves the release to the trash and returns to the archive. */
  trashRelease: () => Promise<boolean>;
  loadTopics: () => Promise<void>;
  /** Saves pending changes now (blur, window close, release switch). Resolves to whether nothing is left unsaved. */
  flushSave: () => Promise<boolean>;
  /** Writes unsaved text to the local recovery slot at once (the window is closing). */
  keepUnsaved: () => void;
  /** Takes over the offered recovered text into the editor (it is then saved like typed text). */
  acceptRecovery: () => void;
  /** Discards the offered recovered text. */
  dismissRecovery: () => void;
  /** Ends a conflict: save the user's text on top (`mine`) or take the stored version (`theirs`). */
  resolveConflict: (choice: 'mine' | 'theirs') => Promise<boolean>;
  /** Re-reads the list of unsaved texts kept in this window. */
  refreshRecoverable: () => void;
  /**
   * Shows a newer stored version of the open release (a colleague's, from the
   * team server) in the editor; only when nothing typed here waits to be saved.
   */
  takeStoredRelease: (release: Release) => void;
}

/** How long the user must pause typing before the text is saved. */
export const AUTOSAVE_DELAY_MS = 800;
/** After a failed save (engine unreachable, disk full), the next attempt without waiting for more typing. */
export const RETRY_DELAY_MS = 5000;
/** How long typing in the body must pause before the draft (and what shows it: word count, diffs) takes it over. */
export const BODY_SYNC_DELAY_MS = 250;

export const emptyDraft = (): ComposeDraft => draftOf(defaultFields());

function draftOf(release: ReleaseFields): ComposeDraft {
  return Object.fromEntries(DRAFT_FIELDS.map((name) => [name, release[name]])) as ComposeDraft;
}

/** The draft as it is sent: related links that are still being typed (empty or invalid) stay in the window. */
export function savableDraft(draft: ComposeDraft): ComposeDraft {
  return {
    ...draft,
    relatedLinks: draft.relatedLinks
      .map((l) => ({ title: l.title.trim(), url: l.url.trim() }))
      .filter((l) => isWebUrl(l.url)),
  };
}

/**
 * A key that is equal for drafts the engine would store identically: the
 * editor adds attributes (link targets, list types) that the vocabulary drops.
 */
export function draftKey(unsaved: ComposeDraft): string {
  const draft = savableDraft(unsaved);
  let body: unknown = draft.body;
  try {
    body = normalizeDocument(draft.body);
  } catch {
    // an invalid body is compared as it is; saving will report it
  }
  return JSON.stringify(
    DRAFT_FIELDS.map((name) =>
      name === 'body' ? body : name === 'leadImage' ? leadImageKey(draft.leadImage) : draft[name],
    ),
  );
}

/** The lead image in a fixed field order: the engine and the media library build it in different orders. */
function leadImageKey(lead: FigureAttrs | null): unknown {
  if (lead === null) return null;
  // The engine stores the texts trimmed and NFC-normalized, and a decorative image without alt text.
  const clean = (value: string): string => value.normalize('NFC').trim();
  return [
    lead.assetId,
    clean(lead.caption),
    clean(lead.credit),
    clean(lead.creditRaw),
    lead.decorative ? '' : clean(lead.alt),
    lead.decorative,
  ];
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
    correctedAt: null,
    releaseNumber: '',
    draft,
    savedKey: draftKey(draft),
    dirty: false,
    save: { kind: 'idle' },
    actionError: null,
    statusError: null,
    topics: [],
    conflict: null,
    recovery: null,
    recoverable: [],
  };
};

export const initialComposeState: ComposeState = { ...newComposeState(0), loadStatus: 'idle' };

export const createComposeSlice: SliceCreator<ComposeSlice> = (deps) => (set, get) => {
  let openRequest = 0;
  /** The editor's body, not yet read into the draft, with the session it belongs to. */
  let pendingBody: { readonly session: number; readonly read: () => DocumentNode } | null = null;
  let bodySyncTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last stored version was an autosave, so an explicit save must still mark it as a revision. */
  let uncheckpointed = false;
  const { recovery: slots } = deps;

  const update = (patch: Partial<ComposeState>): void => set((s) => ({ compose: { ...s.compose, ...patch } }));

  const autosave = new AutosaveScheduler({
    delayMs: deps.autosaveDelayMs ?? AUTOSAVE_DELAY_MS,
    retryDelayMs: RETRY_DELAY_MS,
    wanted() {
      const { compose } = get();
      // During a conflict the user decides first.
      return !compose.conflict && compose.loadStatus === 'ready' && compose.dirty;
    },
    due() {
      syncBody();
      const now = get().compose;
      // Typed and taken back: nothing to save.
      if (!now.dirty && now.save.kind !== 'error') return;
      void get().saveRelease();
    },
  });

  /** Reads a pending editor body into the draft and decides `dirty` exactly. */
  function syncBody(): void {
    if (bodySyncTimer !== null) clearTimeout(bodySyncTimer);
    bodySyncTimer = null;
    const pending = pendingBody;
    pendingBody = null;
    if (pending === null || pending.session !== get().compose.session) return;
    const body = pending.read();
    set((s) => {
      const draft = { ...s.compose.draft, body };
      return { compose: { ...s.compose, draft, dirty: draftKey(draft) !== s.compose.savedKey } };
    });
  }

  /** Another body replaces the editor's (another release, recovered or stored text). */
  function dropPendingBody(): void {
    if (bodySyncTimer !== null) clearTimeout(bodySyncTimer);
    bodySyncTimer = null;
    pendingBody = null;
  }

  function keepInSlot(): void {
    syncBody();
    const { compose } = get();
    if (!compose.dirty || compose.loadStatus !== 'ready') return;
    slots.put({
      releaseId: compose.releaseId,
      baseVersion: compose.baseVersion,
      keptAt: deps.now().toISOString(),
      draft: compose.draft,
    });
  }

  function editDraft(change: Partial<ComposeDraft>): void {
    syncBody();
    set((s) => {
      const draft = { ...s.compose.draft, ...change };
      return { compose: { ...s.compose, draft, dirty: draftKey(draft) !== s.compose.savedKey } };
    });
    autosave.changed();
  }

  /** Offers a kept draft of this release unless it equals what is stored. */
  function offerRecovery(releaseId: string | null, savedKey: string): RecoveredDraft | null {
    const entry = slots.get(releaseId);
    if (!entry) return null;
    if (draftKey({ ...emptyDraft(), ...entry.draft }) === savedKey) {
      slots.remove(releaseId);
      return null;
    }
    return entry;
  }

  async function saveOnce(options: SaveOptions): Promise<boolean> {
    syncBody();
    const start = get().compose;
    const session = start.session;
    const sent = savableDraft(start.draft);
    const sentKey = draftKey(sent);
    const checkpoint = options.checkpoint === true;
    const nothingNew = start.releaseId !== null && !start.dirty && start.save.kind !== 'error';
    if (nothingNew && !(checkpoint && uncheckpointed)) return true;
    if (start.conflict && !options.overwrite) return false;
    update({ save: { kind: 'saving' }, actionError: null });
    try {
      let saved: Release;
      if (start.releaseId === null) {
        saved = await deps.api.call('releases.create', {
          ...sent,
          tags: [...sent.tags],
          relatedLinks: [...sent.relatedLinks],
          relatedReleaseIds: [...sent.relatedReleaseIds],
        });
      } else {
        let baseVersion = start.baseVersion ?? 1;
        if (options.overwrite) baseVersion = (await deps.api.call('releases.get', { id: start.releaseId })).version;
        saved = await deps.api.call('releases.save', {
          id: start.releaseId,
          baseVersion,
          fields: nothingNew
            ? {}
            : {
                ...sent,
                tags: [...sent.tags],
                relatedLinks: [...sent.relatedLinks],
                relatedReleaseIds: [...sent.relatedReleaseIds],
              },
          checkpoint,
        });
      }
      // A new release is always a revision; later autosaves are kept only now and then.
      uncheckpointed = start.releaseId !== null && !checkpoint;
      if (get().compose.session !== session) return true;
      slots.remove(start.releaseId);
      // The user may have typed on while the save ran: keep that text, compare against what was sent.
      set((s) => ({
        compose: {
          ...s.compose,
          releaseId: saved.id,
          baseVersion: saved.version,
          status: saved.status,
          updatedAt: saved.updatedAt,
          correctedAt: saved.correctedAt,
          releaseNumber: saved.releaseNumber,
          savedKey: sentKey,
          dirty: draftKey(s.compose.draft) !== sentKey,
          save: { kind: 'saved', at: deps.now().toISOString() },
          conflict: null,
        },
      }));
      autosave.saved();
      return true;
    } catch (error) {
      if (get().compose.session !== session) return false;
      const code = errorCodeOf(error);
      update({ save: { kind: 'error', code } });
      // The text stays in the editor and also in the window's recovery slot.
      keepInSlot();
      // Keep trying on our own (the engine may come back); a conflict waits for the user instead.
      if (code !== 'CONFLICT') autosave.failed();
      if (code === 'CONFLICT' && start.releaseId !== null) {
        try {
          const theirs = await deps.api.call('releases.get', { id: start.releaseId });
          if (get().compose.session === session) update({ conflict: { theirs } });
        } catch {
          // The conflict is still reported by the save state; comparing needs the engine.
        }
      }
      return false;
    }
  }

  return {
    compose: initialComposeState,

    startNewRelease() {
      openRequest++;
      autosave.cancel();
      dropPendingBody();
      const session = get().compose.session + 1;
      const blank = newComposeState(session);
      // Started from a template: its fields are the new release's unchanged start (nothing to save until typed).
      const template = get().takePendingTemplate();
      const draft = template ? { ...blank.draft, ...template } : blank.draft;
      const fresh = template ? { ...blank, draft, savedKey: draftKey(draft) } : blank;
      set({
        compose: {
          ...fresh,
          topics: get().compose.topics,
          recovery: offerRecovery(null, fresh.savedKey),
          recoverable: get().compose.recoverable,
        },
      });
      void get().loadTopics();
      get().applyOfficeDefaults();
    },

    applyOfficeDefaults() {
      const office = get().settings.office;
      const contact = office['office.contact'] ?? '';
      const boilerplate = office['office.boilerplate'] ?? '';
      const c = get().compose;
      if (!contact && !boilerplate) return;
      if (c.loadStatus !== 'ready' || c.releaseId !== null || c.requestedId !== null || c.dirty) return;
      if (c.draft.pressContact !== '' || c.draft.boilerplate !== '') return;
      const draft = { ...c.draft, pressContact: contact, boilerplate };
      update({ draft, savedKey: draftKey(draft) });
    },

    async openRelease(id) {
      const mine = ++openRequest;
      autosave.cancel();
      dropPendingBody();
      const session = get().compose.session + 1;
      set({
        compose: {
          ...newComposeState(session),
          loadStatus: 'loading',
          requestedId: id,
          topics: get().compose.topics,
          recoverable: get().compose.recoverable,
        },
      });
      void get().loadTopics();
      try {
        const release = await deps.api.call('releases.get', { id });
        if (mine !== openRequest) return;
        const draft = draftOf(release);
        uncheckpointed = false;
        const recovery = offerRecovery(release.id, draftKey(draft));
        set((s) => ({
          compose: {
            ...s.compose,
            session: session + 1,
            loadStatus: 'ready',
            releaseId: release.id,
            baseVersion: release.version,
            status: release.status,
            updatedAt: release.updatedAt,
            correctedAt: release.correctedAt,
            releaseNumber: release.releaseNumber,
            draft,
            savedKey: draftKey(draft),
            dirty: false,
            recovery,
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
      dropPendingBody();
      editDraft({ body });
    },

    bodyChanged(read) {
      const { compose } = get();
      if (compose.loadStatus !== 'ready') return;
      pendingBody = { session: compose.session, read };
      // Exactly decided when the body is read; until then a change counts as unsaved.
      if (!compose.dirty) update({ dirty: true });
      if (bodySyncTimer !== null) clearTimeout(bodySyncTimer);
      bodySyncTimer = setTimeout(syncBody, BODY_SYNC_DELAY_MS);
      autosave.changed();
    },

    setFields(change) {
      editDraft(change);
    },

    async changeStatus(to) {
      if (!(await get().flushSave())) return false;
      const { compose } = get();
      if (compose.releaseId === null || compose.baseVersion === null) return false;
      const session = compose.session;
      try {
        const saved = await deps.api.call('releases.save', {
          id: compose.releaseId,
          baseVersion: compose.baseVersion,
          fields: { status: to },
          checkpoint: true,
        });
        if (get().compose.session !== session) return true;
        update({
          baseVersion: saved.version,
          status: saved.status,
          updatedAt: saved.updatedAt,
          correctedAt: saved.correctedAt,
          releaseNumber: saved.releaseNumber,
          actionError: null,
          statusError: null,
        });
        return true;
      } catch (error) {
        const code = errorCodeOf(error);
        update({ actionError: code, statusError: { to, code, reason: errorDetailOf(error, 'reason') } });
        return false;
      }
    },

    adoptStored(release) {
      const { compose } = get();
      if (compose.releaseId !== release.id || compose.loadStatus !== 'ready') return;
      // A newer version saved from this window already (the user typed on) stays the base.
      if (compose.baseVersion !== null && compose.baseVersion > release.version) return;
      update({
        baseVersion: release.version,
        status: release.status,
        updatedAt: release.updatedAt,
        correctedAt: release.correctedAt,
        releaseNumber: release.releaseNumber,
        actionError: null,
        statusError: null,
      });
    },

    async duplicateRelease() {
      const { compose } = get();
      if (compose.releaseId === null) return false;
      if (!(await get().flushSave())) return false;
      try {
        const copy = await deps.api.call('releases.duplicate', { id: compose.releaseId });
        get().navigate({ screen: 'compose', releaseId: copy.id });
        return true;
      } catch (error) {
        update({ actionError: errorCodeOf(error) });
        return false;
      }
    },

    saveRelease(options = {}) {
      // A request during a save runs after it, with whatever is newer by then.
      return autosave.run(() => saveOnce(options));
    },

    async trashRelease() {
      const { compose } = get();
      if (compose.releaseId === null) return false;
      syncBody();
      if (get().compose.dirty && !(await get().saveRelease())) return false;
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

    flushSave() {
      // A save on its way may still fail; wait for its answer before declaring the text safe.
      return autosave.flush(async () => {
        syncBody();
        const { compose } = get();
        if (compose.loadStatus !== 'ready') return true;
        if (!compose.dirty && compose.save.kind !== 'error') return true;
        if (compose.conflict) return false;
        return get().saveRelease();
      });
    },

    keepUnsaved() {
      keepInSlot();
    },

    acceptRecovery() {
      const { compose } = get();
      const entry = compose.recovery;
      if (!entry) return;
      dropPendingBody();
      const draft: ComposeDraft = { ...emptyDraft(), ...entry.draft };
      // The kept text was based on an older version if someone saved since: the save then shows the conflict.
      set((s) => ({
        compose: {
          ...s.compose,
          session: s.compose.session + 1,
          draft,
          dirty: draftKey(draft) !== s.compose.savedKey,
          recovery: null,
          baseVersion: entry.baseVersion ?? s.compose.baseVersion,
        },
      }));
      autosave.changed();
    },

    dismissRecovery() {
      const { compose } = get();
      slots.remove(compose.releaseId);
      update({ recovery: null });
      get().refreshRecoverable();
    },

    async resolveConflict(choice) {
      const { compose } = get();
      const theirs = compose.conflict?.theirs;
      if (!theirs) return false;
      if (choice === 'mine') return get().saveRelease({ overwrite: true, checkpoint: true });
      autosave.cancel();
      dropPendingBody();
      const draft = draftOf(theirs);
      slots.remove(theirs.id);
      set((s) => ({
        compose: {
          ...s.compose,
          session: s.compose.session + 1,
          draft,
          savedKey: draftKey(draft),
          dirty: false,
          baseVersion: theirs.version,
          status: theirs.status,
          updatedAt: theirs.updatedAt,
          conflict: null,
          save: { kind: 'idle' },
        },
      }));
      return true;
    },

    refreshRecoverable() {
      update({ recoverable: slots.list() });
    },

    takeStoredRelease(release) {
      const { compose } = get();
      if (compose.releaseId !== release.id || compose.loadStatus !== 'ready') return;
      if (compose.dirty || compose.save.kind === 'saving') return;
      autosave.cancel();
      dropPendingBody();
      const draft = draftOf(release);
      set((s) => ({
        compose: {
          ...s.compose,
          session: s.compose.session + 1,
          draft,
          savedKey: draftKey(draft),
          dirty: false,
          baseVersion: release.version,
          status: release.status,
          updatedAt: release.updatedAt,
          correctedAt: release.correctedAt,
          releaseNumber: release.releaseNumber,
          conflict: null,
          save: { kind: 'idle' },
        },
      }));
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
