import type Database from 'better-sqlite3';
import type { ExportSettings } from '../export/bundle';

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

  /** The press office and public base URL used by exports. */
  exportSettings(): ExportSettings {
    const office = this.get<{ name?: unknown; url?: unknown; logoUrl?: unknown }>('export.office', {});
    const baseUrl = this.get<unknown>('export.baseUrl', undefined);
    const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    return {
      office: { name: str(office.name) ?? '', url: str(office.url), logoUrl: str(office.logoUrl) },
      baseUrl: str(baseUrl),
    };
  }
}
