import type Database from 'better-sqlite3';
import {
  APPROVAL_SETTINGS,
  isApprovalSettingKey,
  type ApprovalPolicy,
  type ApprovalSettingKey,
  isMailSettingKey,
  MAIL_SETTING_KEYS,
  MAIL_SETTINGS,
  type MailSettingKey,
  isOfficeSettingKey,
  OFFICE_SETTING_KEYS,
  OFFICE_SETTINGS,
  type CreditStyle,
  type OfficeSettingKey,
  type OfficeSettings,
  type Profile,
  ProfileSchema,
} from '../../../shared/domain';
import { issueList, PressdeskError } from '../../../shared/errors';
import type { ExportSettings } from '../export/bundle';

/** Where the profile of the person working here is kept (per data directory). */
export const PROFILE_KEY = 'profile';

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * The office keys an older setting stands in for while the new key has no
 * value of its own: `export.office` held the name and the website before the
 * office had settings of its own, and stays as it was.
 */
const LEGACY_OFFICE: Partial<Record<OfficeSettingKey, 'name' | 'url'>> = {
  'office.name': 'name',
  'office.url': 'url',
};

/** Workstation settings, one JSON value per key. */
export class SettingsStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get<T>(key: string, fallback: T): T {
    const row = this.db
      .prepare<[string], { value_json: string }>('SELECT value_json FROM app_settings WHERE key = ?')
      .get(key);
    if (!row) return fallback;
    try {
      return JSON.parse(row.value_json) as T;
    } catch {
      return fallback;
    }
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO app_settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), this.now().toISOString());
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM app_settings WHERE key = ?').run(key);
  }

  /**
   * One office setting as it counts: the stored value if it passes its
   * schema (a hand-edited or foreign row never reaches a page), else the
   * older export setting it replaces, else none.
   */
  officeValue(key: OfficeSettingKey): string | undefined {
    const parsed = OFFICE_SETTINGS[key].safeParse(this.get<unknown>(key, undefined));
    if (parsed.success && parsed.data !== '') return parsed.data;
    const legacy = LEGACY_OFFICE[key];
    if (!legacy) return undefined;
    const office = this.get<Record<string, unknown> | null>('export.office', {});
    const value = str(office && typeof office === 'object' ? office[legacy] : undefined);
    return value !== undefined && OFFICE_SETTINGS[key].safeParse(value).success ? value : undefined;
  }

  /** Every office setting that has a value. */
  office(): OfficeSettings {
    const out: Partial<Record<OfficeSettingKey, string>> = {};
    for (const key of OFFICE_SETTING_KEYS) {
      const value = this.officeValue(key);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /**
   * Stores an office setting after its schema (an empty value clears it);
   * SETTING_UNKNOWN or SETTING_INVALID and nothing changes otherwise.
   */
  setOffice(key: string, raw: string): string | undefined {
    if (!isOfficeSettingKey(key)) {
      throw new PressdeskError('SETTING_UNKNOWN', `There is no setting "${key}".`, {
        key,
        known: OFFICE_SETTING_KEYS,
      });
    }
    if (raw.trim() === '') {
      this.delete(key);
      return this.officeValue(key);
    }
    const parsed = OFFICE_SETTINGS[key].safeParse(raw);
    if (!parsed.success) {
      throw new PressdeskError(
        'SETTING_INVALID',
        `Invalid value for ${key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
        { key, issues: issueList(parsed.error.issues) },
      );
    }
    this.set(key, parsed.data);
    return this.officeValue(key);
  }

  /** The profile of the person working here, or null while none was given (or the stored one is unreadable). */
  profile(): Profile | null {
    const parsed = ProfileSchema.safeParse(this.get<unknown>(PROFILE_KEY, null));
    return parsed.success ? parsed.data : null;
  }

  /** Stores the profile after its schema; PROFILE_INVALID and nothing changes otherwise. */
  setProfile(raw: unknown): Profile {
    const parsed = ProfileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new PressdeskError(
        'PROFILE_INVALID',
        `Invalid profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        { issues: issueList(parsed.error.issues) },
      );
    }
    this.set(PROFILE_KEY, parsed.data);
    return parsed.data;
  }

  /** One mail setting as it counts: the stored value if it passes its schema, else none. */
  mailValue(key: MailSettingKey): string | undefined {
    const parsed = MAIL_SETTINGS[key].safeParse(this.get<unknown>(key, undefined));
    return parsed.success && parsed.data !== '' ? parsed.data : undefined;
  }

  /** Every mail setting that has a value. */
  mail(): { readonly [K in MailSettingKey]?: string } {
    const out: Partial<Record<MailSettingKey, string>> = {};
    for (const key of MAIL_SETTING_KEYS) {
      const value = this.mailValue(key);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /** Stores a mail setting after its schema (an empty value clears it); SETTING_INVALID and nothing changes otherwise. */
  setMail(key: MailSettingKey, raw: string): string | undefined {
    if (raw.trim() === '') {
      this.delete(key);
      return undefined;
    }
    const parsed = MAIL_SETTINGS[key].safeParse(raw);
    if (!parsed.success) {
      throw new PressdeskError(
        'SETTING_INVALID',
        `Invalid value for ${key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
        { key, issues: issueList(parsed.error.issues) },
      );
    }
    this.set(key, parsed.data);
    return this.mailValue(key);
  }

  /** One approval rule as stored (`on` or `off`); unset or unreadable counts as on. */
  approvalValue(key: ApprovalSettingKey): 'on' | 'off' {
    const parsed = APPROVAL_SETTINGS[key].safeParse(this.get<unknown>(key, undefined));
    return parsed.success ? parsed.data : 'on';
  }

  /** The office's approval rules in force. */
  approvalPolicy(): ApprovalPolicy {
    return {
      fourEyes: this.approvalValue('approval.fourEyes') === 'on',
      quotesRequired: this.approvalValue('approval.quotes') === 'on',
    };
  }

  /** Stores an approval rule (`on`/`off`, also `ja`/`nein`, `true`/`false`; empty resets to on); SETTING_INVALID otherwise. */
  setApproval(key: ApprovalSettingKey, raw: string): 'on' | 'off' {
    const word = raw.trim().toLowerCase();
    if (word === '') {
      this.delete(key);
      return this.approvalValue(key);
    }
    const value = ['on', 'ja', 'an', 'true', '1', 'yes'].includes(word)
      ? 'on'
      : ['off', 'nein', 'aus', 'false', '0', 'no'].includes(word)
        ? 'off'
        : null;
    if (value === null) {
      throw new PressdeskError('SETTING_INVALID', `Invalid value for ${key}: use on or off.`, { key });
    }
    this.set(key, value);
    return value;
  }

  /** The value of any setting the settings channels know (the office's, the mail's, the approval rules). */
  knownValue(key: string): string | undefined {
    if (isApprovalSettingKey(key)) return this.approvalValue(key);
    if (isMailSettingKey(key)) return this.mailValue(key);
    if (isOfficeSettingKey(key)) return this.officeValue(key);
    return undefined;
  }

  /** The press office and public base URL used by exports. */
  exportSettings(): ExportSettings {
    const office = this.get<{ name?: unknown; url?: unknown; logoUrl?: unknown }>('export.office', {});
    const baseUrl = this.get<unknown>('export.baseUrl', undefined);
    const own = this.office();
    return {
      office: {
        name: own['office.name'] ?? '',
        url: own['office.url'],
        logoUrl: str(office?.logoUrl),
        logoAssetId: own['office.logo'],
        address: own['office.address'],
        creditStyle: own['office.creditStyle'] as CreditStyle | undefined,
      },
      baseUrl: str(baseUrl),
    };
  }
}
