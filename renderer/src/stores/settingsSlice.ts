import { MAIL_SETTING_KEYS, type MailSettingKey } from '../../../shared/domain/mail';
import type { OfficeSettingKey } from '../../../shared/domain/office';
import type { Snippet, SnippetKind } from '../../../shared/domain/snippet';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface SettingsState {
  readonly snippets: readonly Snippet[];
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly error: UiErrorCode | null;
  /** The press office, key by key (null while a key has no value); empty until loaded. */
  readonly office: Readonly<Partial<Record<OfficeSettingKey, string | null>>>;
  /** Why the last change of the office was refused, with the key it was about. */
  readonly officeError: { readonly key: OfficeSettingKey; readonly code: UiErrorCode } | null;
  /** The mail server and sender, key by key (null while a key has no value). */
  readonly mailSettings: Readonly<Partial<Record<MailSettingKey, string | null>>>;
  readonly mailError: { readonly key: MailSettingKey | 'password'; readonly code: UiErrorCode } | null;
  /** Where the SMTP password comes from, and whether one is kept; null until known. */
  readonly mailPassword: { readonly source: 'keychain' | 'environment'; readonly stored: boolean } | null;
}

export interface SettingsSlice {
  settings: SettingsState;
  /** Loads the reusable snippets (press contacts, boilerplates). */
  loadSnippets: () => Promise<void>;
  /** Creates (no id) or changes a snippet; resolves to whether it was stored. */
  saveSnippet: (input: { id?: string; kind: SnippetKind; title: string; text: string }) => Promise<boolean>;
  deleteSnippet: (id: string) => Promise<boolean>;
  /** Loads the press office's settings. */
  loadOffice: () => Promise<void>;
  /** Stores one office setting (an empty value clears it); resolves to whether it was stored. */
  saveOfficeSetting: (key: OfficeSettingKey, value: string) => Promise<boolean>;
  /** Loads the mail settings and where the password comes from. */
  loadMailSettings: () => Promise<void>;
  /** Stores one mail setting (an empty value clears it); resolves to whether it was stored. */
  saveMailSetting: (key: MailSettingKey, value: string) => Promise<boolean>;
  /** Keeps the SMTP password in the system keychain (the app only). */
  saveMailPassword: (password: string) => Promise<boolean>;
  /** Stores an image file in the media library and makes it the office's logo. */
  uploadOfficeLogo: (file: File) => Promise<boolean>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<SettingsState>): void => set((s) => ({ settings: { ...s.settings, ...patch } }));
  return {
    settings: {
      snippets: [],
      status: 'idle',
      error: null,
      office: {},
      officeError: null,
      mailSettings: {},
      mailError: null,
      mailPassword: null,
    },

    async loadMailSettings() {
      try {
        const { items } = await deps.api.call('settings.list', {});
        const mailSettings = Object.fromEntries(
          items.filter((s) => (MAIL_SETTING_KEYS as readonly string[]).includes(s.key)).map((s) => [s.key, s.value]),
        );
        update({ mailSettings, mailError: null, mailPassword: await deps.api.call('mail.passwordStatus', {}) });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async saveMailSetting(key, value) {
      try {
        const saved = await deps.api.call('settings.set', { key, value });
        update({ mailSettings: { ...get().settings.mailSettings, [key]: saved.value }, mailError: null });
        return true;
      } catch (error) {
        update({ mailError: { key, code: errorCodeOf(error) } });
        return false;
      }
    },

    async saveMailPassword(password) {
      try {
        update({ mailPassword: await deps.api.call('mail.setPassword', { password }), mailError: null });
        return true;
      } catch (error) {
        update({ mailError: { key: 'password', code: errorCodeOf(error) } });
        return false;
      }
    },

    async loadOffice() {
      try {
        const { items } = await deps.api.call('settings.list', {});
        update({ office: Object.fromEntries(items.map((s) => [s.key, s.value])), officeError: null });
        // A new release opened before the office was known gets its defaults now.
        get().applyOfficeDefaults();
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async saveOfficeSetting(key, value) {
      try {
        const saved = await deps.api.call('settings.set', { key, value });
        update({ office: { ...get().settings.office, [key]: saved.value }, officeError: null });
        return true;
      } catch (error) {
        update({ officeError: { key, code: errorCodeOf(error) } });
        return false;
      }
    },

    async uploadOfficeLogo(file) {
      try {
        const asset = await get().uploadImage(file);
        return await get().saveOfficeSetting('office.logo', asset.id);
      } catch (error) {
        update({ officeError: { key: 'office.logo', code: errorCodeOf(error) } });
        return false;
      }
    },

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
