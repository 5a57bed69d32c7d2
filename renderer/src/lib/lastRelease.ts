import { ReleaseIdSchema } from '../../../shared/domain/release';

/**
 * The release that was open in compose, remembered per data directory so that
 * the next start reopens it. Two data directories used from the same window
 * origin do not see each other's release.
 */
export interface LastReleaseStore {
  get(scope: string): string | null;
  /** Remembers `releaseId` for `scope`; null forgets it. */
  set(scope: string, releaseId: string | null): void;
}

const PREFIX = 'pressdesk.lastRelease.';

/** Slots in the window's localStorage; a full or disabled storage only means nothing is remembered. */
export function localLastReleaseStore(storage: Storage | undefined = globalThis.localStorage): LastReleaseStore {
  return {
    get(scope) {
      try {
        const value = storage?.getItem(PREFIX + scope) ?? null;
        // A hand-edited slot is ignored rather than sent to the engine.
        return ReleaseIdSchema.safeParse(value).success ? value : null;
      } catch {
        return null;
      }
    },
    set(scope, releaseId) {
      try {
        if (releaseId === null) storage?.removeItem(PREFIX + scope);
        else storage?.setItem(PREFIX + scope, releaseId);
      } catch {
        // Only the convenience at the next start is lost.
      }
    },
  };
}

/** Slots in memory (tests). */
export function memoryLastReleaseStore(): LastReleaseStore {
  const slots = new Map<string, string>();
  return {
    get: (scope) => slots.get(scope) ?? null,
    set: (scope, releaseId) => void (releaseId === null ? slots.delete(scope) : slots.set(scope, releaseId)),
  };
}
