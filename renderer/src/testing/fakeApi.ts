import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/contract';
import { BackupSettingsSchema, type Backup } from '../../../shared/contract/backup';
import type { Release } from '../../../shared/domain/release';
import type { Snippet } from '../../../shared/domain/snippet';
import { emptyDocument, normalizeDocument } from '../../../shared/document';
import { PressdeskError, type ErrorCode } from '../../../shared/errors';
import { ApiError } from '../api/client';
import type { Api } from '../api/types';

export interface FakeCall {
  readonly channel: ChannelName;
  readonly input: unknown;
}

/**
 * An in-memory engine behind the `Api` interface: versions, CONFLICT on a
 * stale `baseVersion`, the body checked like the real engine, and failures
 * on demand. Errors arrive as ApiError, as from the real client.
 */
export class FakeEngine {
  readonly releases = new Map<string, Release>();
  readonly calls: FakeCall[] = [];
  /** The next call of this channel fails with this code. */
  private failures = new Map<ChannelName, ErrorCode | 'NETWORK'>();
  private counter = 0;
  private clock = Date.parse('2025-03-01T09:00:00Z');

  readonly api: Api = {
    call: <K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> => {
      this.calls.push({ channel, input: structuredClone(input) });
      const failure = this.failures.get(channel);
      if (failure) {
        this.failures.delete(channel);
        return Promise.reject(new ApiError(failure, `fake ${failure}`));
      }
      try {
        return Promise.resolve(this.handle(channel, input) as ChannelOutput<K>);
      } catch (error) {
        if (error instanceof PressdeskError) return Promise.reject(new ApiError(error.code, error.message));
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };

  /** Backups: the releases as they were, like the engine's copies of the database. */
  readonly backups: { info: Backup; releases: Release[] }[] = [];

  /** How many automatic backups the engine keeps (`backup.settings`). */
  backupKeep = 10;

  /** Full archives written by `backup.exportArchive`: the releases at that moment, by download id. */
  readonly archives = new Map<string, Release[]>();
  /** What the app's open dialog answers to `backup.importArchive` (a download id, or null for cancel). */
  chosenArchive: string | null = null;
  /** What the next restore or archive import reports as left out (the engine's `dropped`). */
  droppedNext: string[] = [];

  private takeDropped(): { dropped: string[]; droppedCount: number } {
    const dropped = this.droppedNext;
    this.droppedNext = [];
    return { dropped, droppedCount: dropped.length };
  }

  /** Replaces the releases with an archive's (the current state is backed up first), as the engine does. */
  applyArchive(download: string) {
    const chosen = this.archives.get(download);
    if (!chosen) throw new PressdeskError('ARCHIVE_INVALID', 'not an archive');
    const previous = this.snapshot('before-restore');
    this.releases.clear();
    for (const release of chosen) this.releases.set(release.id, structuredClone(release));
    return {
      status: 'imported' as const,
      previous,
      releases: chosen.length,
      assets: 0,
      addedImages: 0,
      ...this.takeDropped(),
    };
  }

  private snapshot(kind: Backup['kind']): Backup {
    const at = this.tick();
    const info: Backup = {
      name: `pressdesk-${kind}-${at.replace(/[-:]/g, '').replace('.', '')}.db`,
      kind,
      bytes: 4096 * (this.releases.size + 1),
      createdAt: at,
    };
    this.backups.push({ info, releases: [...this.releases.values()].map((r) => structuredClone(r)) });
    return info;
  }

  failNext(channel: ChannelName, code: ErrorCode | 'NETWORK'): void {
    this.failures.set(channel, code);
  }

  callsOf(channel: ChannelName): FakeCall[] {
    return this.calls.filter((c) => c.channel === channel);
  }

  /** Another window saves the release (its version goes up). */
  editElsewhere(id: string, headline: string): Release {
    const current = this.get(id);
    const next = { ...current, headline, version: current.version + 1, updatedAt: this.tick() };
    this.releases.set(id, next);
    return next;
  }

  seed(fields: Partial<Release> = {}): Release {
    const stamp = this.tick();
    const release: Release = {
      id: `r${++this.counter}`,
      topic: '',
      headline: '',
      subheadline: '',
      teaser: '',
      dateline: '',
      body: emptyDocument(),
      language: 'de',
      status: 'draft',
      publishedAt: null,
      embargoUntil: null,
      tags: [],
      leadImage: null,
      pressContact: '',
      boilerplate: '',
      relatedLinks: [],
      relatedReleaseIds: [],
      correctedAt: null,
      createdAt: stamp,
      updatedAt: stamp,
      version: 1,
      deletedAt: null,
      ...fields,
    };
    this.releases.set(release.id, release);
    return release;
  }

  private jobs = 0;
  private lastJob: { jobId: string } | null = null;

  private hit(r: Release, word: string) {
    const at = word ? r.headline.toLowerCase().indexOf(word) : -1;
    return {
      id: r.id,
      headline: r.headline,
      topic: r.topic,
      status: r.status,
      language: r.language,
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      deletedAt: r.deletedAt,
      leadImageId: r.leadImage?.assetId ?? null,
      tags: r.tags,
      score: 1,
      snippet: r.headline,
      highlights: at >= 0 ? [[at, at + word.length]] : [],
    };
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private get(id: string): Release {
    const release = this.releases.get(id);
    if (!release) throw new PressdeskError('NOT_FOUND', `No release ${id}`);
    return release;
  }

  readonly snippets = new Map<string, Snippet>();

  private handleCompose(channel: ChannelName, input: Record<string, unknown>): unknown {
    switch (channel) {
      case 'releases.duplicate': {
        const { id, version, ...content } = this.get(input.id as string);
        void id;
        void version;
        return this.seed({ ...content, status: 'draft', publishedAt: null, embargoUntil: null, correctedAt: null });
      }
      case 'snippets.list': {
        const kind = input.kind as string | undefined;
        return [...this.snippets.values()]
          .filter((s) => !kind || s.kind === kind)
          .sort((a, b) => a.title.localeCompare(b.title));
      }
      case 'snippets.save': {
        const fields = input.fields as Pick<Snippet, 'kind' | 'title' | 'text'>;
        if (!fields.title.trim()) throw new PressdeskError('INVALID_INPUT', 'a snippet needs a title');
        const id =
          (input.id as string | undefined) ?? `00000000-0000-4000-8000-${String(++this.counter).padStart(12, '0')}`;
        const stamp = this.tick();
        const snippet: Snippet = {
          id,
          ...fields,
          createdAt: this.snippets.get(id)?.createdAt ?? stamp,
          updatedAt: stamp,
        };
        this.snippets.set(id, snippet);
        return snippet;
      }
      case 'snippets.delete':
        return { deleted: this.snippets.delete(input.id as string) };
      default:
        throw new PressdeskError('INTERNAL', `the fake engine does not serve ${channel}`);
    }
  }

  private handle(channel: ChannelName, raw: unknown): unknown {
    const input = raw as Record<string, unknown>;
    switch (channel) {
      case 'releases.create': {
        const fields = input as Partial<Release>;
        return this.seed({ ...fields, body: normalizeDocument(fields.body ?? emptyDocument()) });
      }
      case 'releases.save': {
        const { id, baseVersion, fields } = input as { id: string; baseVersion: number; fields: Partial<Release> };
        const current = this.get(id);
        if (current.version !== baseVersion) throw new PressdeskError('CONFLICT', 'changed elsewhere');
        const body = fields.body ? normalizeDocument(fields.body) : current.body;
        const next = { ...current, ...fields, body, version: current.version + 1, updatedAt: this.tick() };
        this.releases.set(id, next);
        return next;
      }
      case 'releases.get':
        return this.get(input.id as string);
      case 'releases.list': {
        const all = [...this.releases.values()]
          .filter((r) => (input.trash ? r.deletedAt !== null : r.deletedAt === null))
          .sort((a, b) => (b.publishedAt ?? b.updatedAt).localeCompare(a.publishedAt ?? a.updatedAt));
        const offset = (input.offset as number | undefined) ?? 0;
        const limit = (input.limit as number | undefined) ?? all.length;
        return { items: all.slice(offset, offset + limit), total: all.length };
      }
      case 'releases.trash':
      case 'releases.restore': {
        const current = this.get(input.id as string);
        const next = {
          ...current,
          deletedAt: channel === 'releases.trash' ? this.tick() : null,
          version: current.version + 1,
        };
        this.releases.set(next.id, next);
        return next;
      }
      case 'releases.topics': {
        const counts = new Map<string, number>();
        for (const r of this.releases.values())
          if (r.topic && !r.deletedAt) counts.set(r.topic, (counts.get(r.topic) ?? 0) + 1);
        return [...counts].map(([topic, count]) => ({ topic, count })).sort((a, b) => b.count - a.count);
      }
      case 'archive.search': {
        // A crude stand-in for the engine's search: every word must occur in the headline or topic.
        const words = (typeof input.query === 'string' ? input.query : '').toLowerCase().split(/\s+/).filter(Boolean);
        const all = [...this.releases.values()]
          .filter((r) => r.deletedAt === null)
          .filter((r) => words.every((w) => `${r.headline} ${r.topic}`.toLowerCase().includes(w)))
          .sort((a, b) => (b.publishedAt ?? b.updatedAt).localeCompare(a.publishedAt ?? a.updatedAt));
        const offset = (input.offset as number | undefined) ?? 0;
        const limit = (input.limit as number | undefined) ?? 50;
        const topics = new Map<string, number>();
        for (const r of all) if (r.topic) topics.set(r.topic, (topics.get(r.topic) ?? 0) + 1);
        return {
          items: all.slice(offset, offset + limit).map((r) => this.hit(r, words[0] ?? '')),
          total: all.length,
          facets: input.facets
            ? {
                exact: true,
                topic: [...topics].map(([value, count]) => ({ value, count })),
                status: [],
                year: [],
                tag: [],
              }
            : null,
        };
      }
      case 'archive.similar': {
        const base = this.get(input.id as string);
        return [...this.releases.values()]
          .filter((r) => r.id !== base.id && r.topic === base.topic && r.deletedAt === null)
          .map((r) => this.hit(r, ''));
      }
      case 'archive.importStart': {
        const files = input.files as { name: string; base64: string }[];
        this.jobs += 1;
        for (const f of files) this.seed({ headline: f.name });
        const job = {
          jobId: `job${this.jobs}`,
          state: 'done',
          done: files.length,
          total: files.length,
          summary: { imported: files.length, updated: 0, skipped: 0, errors: [] },
        };
        this.lastJob = job;
        return { ...job, state: 'running', done: 0 };
      }
      case 'archive.importProgress':
      case 'archive.importCancel':
        if (!this.lastJob || this.lastJob.jobId !== input.jobId)
          throw new PressdeskError('IMPORT_JOB_UNKNOWN', 'no job');
        return this.lastJob;
      case 'releases.revisions':
      case 'releases.revision':
      case 'releases.restoreRevision':
      case 'releases.duplicate':
      case 'snippets.list':
      case 'snippets.save':
      case 'snippets.delete':
        return this.handleCompose(channel, input);
      case 'backup.list':
        return { items: [...this.backups].reverse().map((b) => b.info) };
      case 'backup.create':
        return this.snapshot('manual');
      case 'backup.restore': {
        const chosen = this.backups.find((b) => b.info.name === input.name);
        if (!chosen) throw new PressdeskError('NOT_FOUND', 'no backup');
        const previous = this.snapshot('before-restore');
        this.releases.clear();
        for (const release of chosen.releases) this.releases.set(release.id, structuredClone(release));
        return { restored: chosen.info, previous, ...this.takeDropped() };
      }
      case 'backup.settings':
        return { keep: this.backupKeep };
      case 'backup.setSettings': {
        // Checked against the contract like every host does before the engine sees it.
        const parsed = BackupSettingsSchema.safeParse(input);
        if (!parsed.success) throw new PressdeskError('INVALID_INPUT', 'Invalid input for backup.setSettings.');
        this.backupKeep = parsed.data.keep;
        return { keep: this.backupKeep };
      }
      case 'backup.exportArchive': {
        const download = `00000000-0000-4000-8000-${String(this.archives.size + 1).padStart(12, '0')}`;
        this.archives.set(
          download,
          [...this.releases.values()].map((r) => structuredClone(r)),
        );
        const fileName = `pressdesk-archive-${this.archives.size}.zip`;
        return { status: 'download', download, fileName, bytes: 4096, releases: this.releases.size, assets: 0 };
      }
      case 'backup.importArchive':
        return this.chosenArchive === null ? { status: 'cancelled' } : this.applyArchive(this.chosenArchive);
      case 'backup.revealArchive':
        return { shown: false };
      case 'app.info':
        return { version: '0.0.0', schemaVersion: 1, dataDir: 'memory', host: 'web', exportTargets: ['download'] };
      case 'app.setUiLanguage':
        return { language: input.language, applied: false };
      case 'app.setSpellcheckLanguage':
        return { languages: [], applied: false };
      default:
        throw new PressdeskError('UNKNOWN_CHANNEL', `The fake engine does not serve ${channel}.`);
    }
  }
}
