import type { Snippet, SnippetKind } from '../../../shared/domain/snippet';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface SettingsState {
  readonly snippets: readonly Snippet[];
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: UiErrorCode | null;
}

export interface SettingsSlice {
  settings: SettingsState;
  /** Loads the reusable snippets (press contacts, boilerplates). */
  loadSnippets: () => Promise<void>;
  /** Creates (no id) or changes a snippet; resolves to whether it was stored. */
  saveSnippet: (input: { id?: string; kind: SnippetKind; title: string; text: string }) => Promise<boolean>;
  deleteSnippet: (id: string) => Promise<boolean>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<SettingsState>): void => set((s) => ({ settings: { ...s.settings, ...patch } }));
  return {
    settings: { snippets: [], status: 'idle', error: null },

    async loadSnippets() {
      update({ status: get().settings.snippets.length ? 'ready' : 'loading' });
      try {
        update({ snippets: await deps.api.call('snippets.list', {}), status: 'ready', error: null });
      } catch (error) {
        update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async saveSnippet({ id, kind, title, text }) {
      try {
        await deps.api.call(
          'snippets.save',
          id ? { id, fields: { kind, title, text } } : { fields: { kind, title, text } },
        );
        update({ error: null });
        await get().loadSnippets();
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      }
    },

    async deleteSnippet(id) {
      try {
        await deps.api.call('snippets.delete', { id });
        await get().loadSnippets();
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      }
    },
  };
};
