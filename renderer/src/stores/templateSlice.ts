import type { TemplateFields, TemplateSummary } from '../../../shared/domain/template';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface TemplatesState {
  readonly items: readonly TemplateSummary[];
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: UiErrorCode | null;
}

export interface TemplateSlice {
  templates: TemplatesState;
  /** The fields the next new release starts with (set by `newFromTemplate`, taken by `startNewRelease`). */
  pendingTemplate: TemplateFields | null;
  loadTemplates: () => Promise<void>;
  /** Saves pending text, then keeps the open release's structure and fields as a named template. */
  saveAsTemplate: (name: string) => Promise<TemplateSummary | null>;
  deleteTemplate: (id: string) => Promise<boolean>;
  /** A new release that starts with a template's fields (untouched until the user types). */
  newFromTemplate: (id: string) => Promise<boolean>;
  /** The template fields for a new release, once. */
  takePendingTemplate: () => TemplateFields | null;
}

export const createTemplateSlice: SliceCreator<TemplateSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<TemplatesState>): void => set((s) => ({ templates: { ...s.templates, ...patch } }));
  return {
    templates: { items: [], status: 'idle', error: null },
    pendingTemplate: null,

    async loadTemplates() {
      update({ status: 'loading', error: null });
      try {
        update({ items: await deps.api.call('templates.list', {}), status: 'ready' });
      } catch (error) {
        update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async saveAsTemplate(name) {
      if (!(await get().flushSave())) return null;
      const releaseId = get().compose.releaseId;
      if (releaseId === null) return null;
      try {
        const saved = await deps.api.call('templates.saveFromRelease', { releaseId, name });
        await get().loadTemplates();
        return saved;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return null;
      }
    },

    async deleteTemplate(id) {
      try {
        const { deleted } = await deps.api.call('templates.delete', { id });
        await get().loadTemplates();
        return deleted;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      }
    },

    async newFromTemplate(id) {
      try {
        const template = await deps.api.call('templates.get', { id });
        set({ pendingTemplate: template.fields });
        get().requestNavigation({ screen: 'compose', releaseId: null });
        return true;
      } catch (error) {
        // A template deleted elsewhere: the list is read again, and the reason stays to be shown.
        await get().loadTemplates();
        update({ error: errorCodeOf(error) });
        return false;
      }
    },

    takePendingTemplate() {
      const pending = get().pendingTemplate;
      if (pending) set({ pendingTemplate: null });
      return pending;
    },
  };
};
