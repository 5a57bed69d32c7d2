import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ExportJob, ExportTarget } from '../../../shared/contract/export';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import type { AssetStore } from '../assets/assetStore';
import type { EventHub } from '../engine/eventHub';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import { buildBundle, exportRelease, zipBundle, type ExportFs } from './bundle';

/** Finished jobs (and the zip of a download) are kept this long for a last poll. */
const KEEP_FINISHED_MS = 10 * 60 * 1000;

/**
 * What only a desktop host can do. The engine stays host-neutral: Electron's
 * main process passes these (a save dialog, the file manager); web mode and
 * the CLI pass nothing and export by download or by `--out`.
 */
export interface ExportHostHooks {
  /** Asks the user where to write the bundle; undefined when the dialog was closed. */
  chooseExportTarget(kind: 'folder' | 'zip', suggestedName: string): Promise<string | undefined>;
  /** Shows a written bundle in the system's file manager. */
  revealPath(path: string): Promise<void> | void;
}

export interface ExportJobDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
  readonly settings: SettingsStore;
  readonly hooks?: ExportHostHooks;
  readonly now?: () => Date;
  /** The file system bundles are written through (tests inject faults here). */
  readonly fs?: ExportFs;
  /** Where every change of a job's state is pushed (`export.onDidChangeExportJob`). */
  readonly events?: EventHub;
}

export interface ExportJobInput {
  readonly id: string;
  readonly target: ExportTarget;
  readonly embargoed?: boolean;
  readonly relatedIds?: readonly string[];
}

interface Job {
  state: ExportJob;
  readonly input: ExportJobInput;
  readonly controller: AbortController;
  readonly out: string | null;
  bytes: Uint8Array | null;
  finishedAt: number | null;
}

/** A file name for the bundle: the headline's words, safe on every system. */
export function bundleFileName(headline: string, id: string, extension = '.zip'): string {
  const slug = headline
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|(?<!-)-+$/g, '')
    .slice(0, 60);
  return `${slug || 'pressemitteilung'}-${id.slice(0, 8)}${extension}`;
}

/**
 * Exports in the background: `start` answers at once with a job id, every
 * change of the job (queued, running, each image rendition, the end) is
 * pushed as `export.onDidChangeExportJob`, `progress` tells where it stands
 * for whoever asks, `cancel` stops the job and leaves no partial bundle. Jobs
 * run one after another (renditions keep the processor busy).
 */
export class ExportJobs {
  private readonly jobs = new Map<string, Job>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ExportJobDeps) {}

  /** The targets this host can write to. */
  targets(): ExportTarget[] {
    return this.deps.hooks ? ['download', 'folder', 'zip'] : ['download'];
  }

  async start(input: ExportJobInput): Promise<ExportJob> {
    this.forgetOld();
    const release = this.deps.releases.get(input.id);
    let out: string | null = null;
    let closed = false;
    if (input.target !== 'download') {
      const hooks = this.deps.hooks;
      if (!hooks) {
        throw new PressdeskError(
          'EXPORT_TARGET_UNSUPPORTED',
          'This host cannot write a bundle to a chosen place; download it instead.',
          { target: input.target },
        );
      }
      const suggested = bundleFileName(release.headline, release.id, input.target === 'zip' ? '.zip' : '');
      const chosen = await hooks.chooseExportTarget(input.target, suggested);
      if (chosen) out = chosen;
      else closed = true;
    }
    const jobId = randomUUID();
    const job: Job = {
      state: { jobId, state: 'queued', target: input.target, done: 0, total: 0, error: null, result: null },
      input,
      controller: new AbortController(),
      out,
      bytes: null,
      finishedAt: null,
    };
    this.jobs.set(jobId, job);
    this.changed(job);
    if (closed) {
      this.finish(job, 'cancelled', new PressdeskError('CANCELLED', 'No place was chosen; nothing was written.'));
    } else {
      this.tail = this.tail.then(() => this.run(job)).catch(() => undefined);
    }
    return this.snapshot(job);
  }

  progress(jobId: string): ExportJob {
    return this.snapshot(this.get(jobId));
  }

  cancel(jobId: string): ExportJob {
    const job = this.get(jobId);
    if (job.state.state === 'queued' || job.state.state === 'running') job.controller.abort();
    return this.snapshot(job);
  }

  /** The zip of a finished download job. */
  download(jobId: string): { fileName: string; bytes: Uint8Array } {
    const job = this.get(jobId);
    if (job.state.state !== 'done' || !job.bytes || !job.state.result) {
      throw new PressdeskError('EXPORT_JOB_UNKNOWN', `Export job ${jobId} has no bundle to download.`, { jobId });
    }
    return { fileName: job.state.result.fileName, bytes: job.bytes };
  }

  /** Shows the bundle of a finished folder or zip job in the file manager. */
  async reveal(jobId: string): Promise<void> {
    const job = this.get(jobId);
    const hooks = this.deps.hooks;
    if (!hooks) throw new PressdeskError('EXPORT_TARGET_UNSUPPORTED', 'This host has no file manager to show.');
    if (job.state.state !== 'done' || !job.out) {
      throw new PressdeskError('EXPORT_JOB_UNKNOWN', `Export job ${jobId} has written no bundle.`, { jobId });
    }
    await hooks.revealPath(job.out);
  }

  /** Resolves when the job has finished (tests, CLI). */
  async settled(jobId: string): Promise<ExportJob> {
    for (;;) {
      const { state } = this.get(jobId).state;
      if (state !== 'queued' && state !== 'running') return this.progress(jobId);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private async run(job: Job): Promise<void> {
    const { signal } = job.controller;
    if (signal.aborted) {
      this.finish(job, 'cancelled', new PressdeskError('CANCELLED', 'The export was cancelled; nothing was written.'));
      return;
    }
    job.state = { ...job.state, state: 'running' };
    this.changed(job);
    const { input } = job;
    const common = {
      embargoed: input.embargoed,
      relatedIds: input.relatedIds,
      settings: this.deps.settings.exportSettings(),
      now: (this.deps.now ?? (() => new Date()))(),
      signal,
      onProgress: ({ done, total }: { done: number; total: number }) => {
        job.state = { ...job.state, done, total };
        this.changed(job);
      },
    };
    try {
      if (job.out === null) {
        const built = await buildBundle(this.deps, input.id, common);
        if (signal.aborted) throw new PressdeskError('CANCELLED', 'The export was cancelled; nothing was written.');
        job.bytes = zipBundle(built.files, built.release.updatedAt);
        job.state = {
          ...job.state,
          result: {
            fileName: bundleFileName(built.release.headline, built.release.id),
            embargoed: built.embargoed,
            findings: built.findings,
            files: built.files.size,
          },
        };
      } else {
        const result = await exportRelease(this.deps, input.id, {
          ...common,
          out: job.out,
          zip: input.target === 'zip',
          // The save dialog asked before replacing a file.
          replaceFile: true,
          fs: this.deps.fs,
        });
        job.state = {
          ...job.state,
          result: {
            fileName: basename(result.out),
            embargoed: result.embargoed,
            findings: result.findings,
            files: result.files.length,
          },
        };
      }
      this.finish(job, 'done', null);
    } catch (error) {
      const cancelled = error instanceof PressdeskError && error.code === 'CANCELLED';
      this.finish(job, cancelled ? 'cancelled' : 'failed', error);
    }
  }

  private finish(job: Job, state: 'done' | 'failed' | 'cancelled', error: unknown): void {
    job.state = { ...job.state, state, error: error === null ? null : toErrorPayload(error) };
    job.finishedAt = Date.now();
    this.changed(job);
  }

  private changed(job: Job): void {
    this.deps.events?.emit('export.onDidChangeExportJob', this.snapshot(job));
  }

  private get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new PressdeskError('EXPORT_JOB_UNKNOWN', `No export job ${jobId}.`, { jobId });
    return job;
  }

  private snapshot(job: Job): ExportJob {
    return { ...job.state };
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
  }
}
