import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SnippetFieldsSchema, type Snippet, type SnippetFields, type SnippetKind } from '../../../shared/domain';
import { issueList, PressdeskError } from '../../../shared/errors';

interface SnippetRow {
  id: string;
  kind: SnippetKind;
  title: string;
  text: string;
  created_at: string;
  updated_at: string;
}

const toSnippet = (row: SnippetRow): Snippet => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  text: row.text,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Reusable texts for the press contact and the boilerplate. */
export class SnippetRepository {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(kind?: SnippetKind): Snippet[] {
    const rows = kind
      ? this.db
          .prepare<[string], SnippetRow>('SELECT * FROM snippets WHERE kind = ? ORDER BY title COLLATE NOCASE, id')
          .all(kind)
      : this.db.prepare<[], SnippetRow>('SELECT * FROM snippets ORDER BY kind, title COLLATE NOCASE, id').all();
    return rows.map(toSnippet);
  }

  get(id: string): Snippet {
    const row = this.db.prepare<[string], SnippetRow>('SELECT * FROM snippets WHERE id = ?').get(id);
    if (!row) throw new PressdeskError('NOT_FOUND', `No snippet with id ${id}.`, { id });
    return toSnippet(row);
  }

  /** Creates a snippet, or changes the one with `id` (NOT_FOUND if it does not exist). */
  save(input: SnippetFields, id?: string): Snippet {
    const parsed = SnippetFieldsSchema.safeParse(input);
    if (!parsed.success) {
      throw new PressdeskError('INVALID_INPUT', 'Invalid snippet.', { issues: issueList(parsed.error.issues) });
    }
    const fields = { ...parsed.data, title: parsed.data.title.trim() };
    const stamp = this.now().toISOString();
    return this.db
      .transaction(() => {
        if (id === undefined) {
          const newId = randomUUID();
          this.db
            .prepare('INSERT INTO snippets (id, kind, title, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(newId, fields.kind, fields.title, fields.text, stamp, stamp);
          return this.get(newId);
        }
        this.get(id);
        this.db
          .prepare('UPDATE snippets SET kind = ?, title = ?, text = ?, updated_at = ? WHERE id = ?')
          .run(fields.kind, fields.title, fields.text, stamp, id);
        return this.get(id);
      })
      .immediate();
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM snippets WHERE id = ?').run(id).changes === 1;
  }
}
