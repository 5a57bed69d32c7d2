import type { ComposeDraft } from '../stores/composeSlice';

/** Unsaved text kept in the window, in case the engine could not store it. */
export interface RecoveredDraft {
  /** The release it belongs to, or null for a release that was never saved. */
  readonly releaseId: string | null;
  /** The version the text was based on. */
  readonly baseVersion: number | null;
  readonly keptAt: string;
  /** Slots written by older versions may lack newer fields; readers fill in the defaults. */
  readonly draft: Partial<ComposeDraft> & Pick<ComposeDraft, 'headline' | 'body'>;
}

/** A local store of unsaved drafts, one slot per release. */
export interface RecoveryStore {
  get(releaseId: string | null): RecoveredDraft | null;
  put(entry: RecoveredDraft): void;
  remove(releaseId: string | null): void;
  list(): RecoveredDraft[];
}

const PREFIX = 'pressdesk.recovery.';
const keyOf = (releaseId: string | null): string => `${PREFIX}${releaseId ?? 'new'}`;

function isRecoveredDraft(value: unknown): value is RecoveredDraft {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RecoveredDraft>;
  return (
    typeof v.keptAt === 'string' &&
    typeof v.draft === 'object' &&
    v.draft !== null &&
    typeof v.draft.headline === 'string' &&
    typeof v.draft.body === 'object'
  );
}

/**
 * The recovery slots in the window's localStorage: written synchronously, so
 * they survive a crash of the engine or a closed window. A storage that is
 * full or disabled makes the slots a no-op rather than an error.
 */
export function localRecoveryStore(storage: Storage | undefined = globalThis.localStorage): RecoveryStore {
  const read = (key: string): RecoveredDraft | null => {
    try {
      const raw = storage?.getItem(key);
      if (!raw) return null;
      const parsed: unknown = JSON.parse(raw);
      return isRecoveredDraft(parsed) ? parsed : null;
    } catch {
      return null;
    }
  };
  return {
    get: (releaseId) => read(keyOf(releaseId)),
    put(entry) {
      try {
        storage?.setItem(keyOf(entry.releaseId), JSON.stringify(entry));
      } catch {
        // A full storage must not turn into a second error on top of the failed save.
      }
    },
    remove(releaseId) {
      try {
        storage?.removeItem(keyOf(releaseId));
      } catch {
        // see put
      }
    },
    list() {
      const out: RecoveredDraft[] = [];
      if (!storage) return out;
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key?.startsWith(PREFIX)) continue;
        const entry = read(key);
        if (entry) out.push(entry);
      }
      return out.sort((a, b) => b.keptAt.localeCompare(a.keptAt));
    },
  };
}

/** Slots in memory (tests). */
export function memoryRecoveryStore(): RecoveryStore {
  const slots = new Map<string, RecoveredDraft>();
  return {
    get: (releaseId) => slots.get(keyOf(releaseId)) ?? null,
    put: (entry) => void slots.set(keyOf(entry.releaseId), structuredClone(entry)),
    remove: (releaseId) => void slots.delete(keyOf(releaseId)),
    list: () => [...slots.values()].sort((a, b) => b.keptAt.localeCompare(a.keptAt)),
  };
}
