import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { stripComments } from '../../../shared/document';
import {
  TemplateFieldsSchema,
  TemplateNameSchema,
  templateFieldsOf,
  type ReleaseFields,
  type Template,
  type TemplateSummary,
} from '../../../shared/domain';
import { issueList, PressdeskError } from '../../../shared/errors';

interface TemplateRow {
  id: string;
  name: string;
  fields: string;
  created_at: string;
  updated_at: string;
}

/** Named templates: a release's structure and fields to start new releases from. */
export class TemplateRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): TemplateSummary[] {
    return this.db
      .prepare<[], Pick<TemplateRow, 'id' | 'name' | 'updated_at'>>(
        'SELECT id, name, updated_at FROM templates ORDER BY name COLLATE NOCASE, id',
      )
      .all()
      .map((row) => ({ id: row.id, name: row.name, updatedAt: row.updated_at }));
  }

  get(id: string): Template {
    const row = this.db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE id = ?').get(id);
    if (!row) throw new PressdeskError('NOT_FOUND', `No template with id ${id}.`, { id });
    // Stored by this class after its checks; read through them again all the same.
    const fields = TemplateFieldsSchema.parse(JSON.parse(row.fields));
    return { id: row.id, name: row.name, fields, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  /**
   * Keeps a release's structure and fields under `name`; a template of the
   * same name (ignoring case) is replaced, so saving again updates it.
   */
  saveFrom(release: ReleaseFields, rawName: string): TemplateSummary {
    const name = TemplateNameSchema.safeParse(rawName);
    if (!name.success)
      throw new PressdeskError('INVALID_INPUT', 'A template needs a name (at most 120 characters).', {
        issues: issueList(name.error.issues),
      });
    // A template carries no comments: their threads stay with the release.
    const fields = JSON.stringify(
      TemplateFieldsSchema.parse(templateFieldsOf({ ...release, body: stripComments(release.body) })),
    );
    const stamp = this.now().toISOString();
    return this.db
      .transaction((): TemplateSummary => {
        const existing = this.db
          .prepare<[string], { id: string }>('SELECT id FROM templates WHERE name = ? COLLATE NOCASE')
          .get(name.data);
        if (existing) {
          this.db
            .prepare('UPDATE templates SET name = ?, fields = ?, updated_at = ? WHERE id = ?')
            .run(name.data, fields, stamp, existing.id);
          return { id: existing.id, name: name.data, updatedAt: stamp };
        }
        const id = randomUUID();
        this.db
          .prepare('INSERT INTO templates (id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, name.data, fields, stamp, stamp);
        return { id, name: name.data, updatedAt: stamp };
      })
      .immediate();
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM templates WHERE id = ?').run(id).changes === 1;
  }
}
