import type { Profile } from '../../../shared/domain/log';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface ProfileState {
  /** `missing` once the engine said no profile was given yet (the window then asks for one). */
  readonly status: 'idle' | 'ready' | 'missing' | 'error';
  readonly value: Profile | null;
  readonly error: UiErrorCode | null;
  /** The prompt was put off for this session („Später“). */
  readonly promptDismissed: boolean;
}

export interface ProfileSlice {
  profile: ProfileState;
  loadProfile: () => Promise<void>;
  /** Stores the profile; resolves to whether it was stored. */
  saveProfile: (input: { name: string; function: string; email: string; initials: string }) => Promise<boolean>;
  dismissProfilePrompt: () => void;
}

export const createProfileSlice: SliceCreator<ProfileSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<ProfileState>): void => set((s) => ({ profile: { ...s.profile, ...patch } }));
  return {
    profile: { status: 'idle', value: null, error: null, promptDismissed: false },

    async loadProfile() {
      try {
        const { profile } = await deps.api.call('profile.get', {});
        update({ value: profile, status: profile ? 'ready' : 'missing', error: null });
      } catch (error) {
        update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async saveProfile(input) {
      try {
        const { profile } = await deps.api.call('profile.set', input);
        update({ value: profile, status: 'ready', error: null });
        // The open release's log names the new profile from now on.
        if (get().history.releaseId !== null) void get().reloadLog();
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      }
    },

    dismissProfilePrompt() {
      update({ promptDismissed: true });
    },
  };
};
