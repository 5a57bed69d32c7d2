import { basename } from 'node:path';
import type { ExportJob, ExportTarget } from '../../../shared/contract/export';
import { releaseSlug } from '../../../shared/domain/office';
import { PressdeskError, toErrorPayload } from '../../../shared/errors';
import type { AssetStore } from '../assets/assetStore';
import type { EventHub } from '../engine/eventHub';
import { JobRegistry, type Job as RegisteredJob, type JobKind } from '../engine/jobs';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';
import { buildBundle, exportRelease, zipBundle, type ExportFs } from './bundle';

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
  /** The engine's registry of long work (a registry of its own when not given). */
  readonly jobs?: JobRegistry;
}

export interface ExportJobInput {
  readonly id: string;
  readonly target: ExportTarget;
  readonly embargoed?: boolean;
  readonly relatedIds?: readonly string[];
}

/** An export job: its state and cancel signal in the registry, and what only an export keeps. */
interface Job {
  readonly registered: RegisteredJob<ExportJob>;
  readonly input: ExportJobInput;
  /** Where a folder or zip job writes; null for a download. */
  readonly out: string | null;
  /** The zip of a finished download (kept as long as the registry keeps the job). */
  bytes: Uint8Array | null;
}

/** A file name for the bundle: the headline's words, safe on every system. */
export function bundleFileName(headline: string, id: string, extension = '.zip'): string {
  return `${releaseSlug(headline, id)}${extension}`;
}

/**
 * Exports in the background: `start` answers at once with a job id, every
 * change of the job (queued, running, each image rendition, the end) is
 * pushed as `export.onDidChangeExportJob`, `progress` tells where it stands
 * for whoever asks, `cancel` stops the job and leaves no partial bundle. Jobs
 * run one after another (renditions keep the processor busy).
 */
export class ExportJobs {
  private readonly jobs: JobKind<ExportJob>;
  /** What each job keeps besides its state; goes when the registry forgets the job. */
  private readonly extras = new WeakMap<RegisteredJob<ExportJob>, Job>();
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ExportJobDeps) {
    this.jobs = (deps.jobs ?? new JobRegistry()).kind<ExportJob>({
      unknown: (jobId) => new PressdeskError('EXPORT_JOB_UNKNOWN', `No export job ${jobId}.`, { jobId }),
      active: (job) => job.state === 'queued' || job.state === 'running',
      emit: (job) => deps.events?.emit('export.onDidChangeExportJob', job),
    });
  }

  /** The targets this host can write to. */
  targets(): ExportTarget[] {
    return this.deps.hooks ? ['download', 'folder', 'zip'] : ['download'];
  }

  async start(input: ExportJobInput): Promise<ExportJob> {
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
    const registered = this.jobs.create({
      state: 'queued',
      target: input.target,
      done: 0,
      total: 0,
      error: null,
      result: null,
    });
    const job: Job = { registered, input, out, bytes: null };
    this.extras.set(registered, job);
    this.jobs.update(registered, {});
    if (closed) {
      this.finish(job, 'cancelled', new PressdeskError('CANCELLED', 'No place was chosen; nothing was written.'));
    } else {
      this.tail = this.tail.then(() => this.run(job)).catch(() => undefined);
    }
    return this.jobs.snapshot(registered);
  }

  progress(jobId: string): ExportJob {
    return this.jobs.snapshot(this.jobs.get(jobId));
  }

  cancel(jobId: string): ExportJob {
    return this.jobs.cancel(jobId);
  }

  /** The zip of a finished download job. */
  download(jobId: string): { fileName: string; bytes: Uint8Array } {
    const job = this.get(jobId);
    const { state, result } = job.registered.state;
    if (state !== 'done' || !job.bytes || !result) {
      throw new PressdeskError('EXPORT_JOB_UNKNOWN', `Export job ${jobId} has no bundle to download.`, { jobId });
    }
    return { fileName: result.fileName, bytes: job.bytes };
  }

  /** Shows the bundle of a finished folder or zip job in the file manager. */
  async reveal(jobId: string): Promise<void> {
    const job = this.get(jobId);
    const hooks = this.deps.hooks;
    if (!hooks) throw new PressdeskError('EXPORT_TARGET_UNSUPPORTED', 'This host has no file manager to show.');
    if (job.registered.state.state !== 'done' || !job.out) {
      throw new PressdeskError('EXPORT_JOB_UNKNOWN', `Export job ${jobId} has written no bundle.`, { jobId });
    }
    await hooks.revealPath(job.out);
  }

  /** Resolves when the job has finished (tests, CLI). */
  settled(jobId: string): Promise<ExportJob> {
    return this.jobs.settled(jobId);
  }

  private async run(job: Job): Promise<void> {
    const { registered, input } = job;
    const { signal } = registered;
    if (signal.aborted) {
      this.finish(job, 'cancelled', new PressdeskError('CANCELLED', 'The export was cancelled; nothing was written.'));
      return;
    }
    this.jobs.update(registered, { state: 'running' });
    const common = {
      embargoed: input.embargoed,
      relatedIds: input.relatedIds,
      settings: this.deps.settings.exportSettings(),
      now: (this.deps.now ?? (() => new Date()))(),
      signal,
      onProgress: ({ done, total }: { done: number; total: number }) => this.jobs.update(registered, { done, total }),
    };
    try {
      if (job.out === null) {
        const built = await buildBundle(this.deps, input.id, common);
        if (signal.aborted) throw new PressdeskError('CANCELLED', 'The export was cancelled; nothing was written.');
        job.bytes = zipBundle(built.files, built.release.updatedAt);
        registered.state = {
          ...registered.state,
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
        registered.state = {
          ...registered.state,
          result: {
            fileName: basename(result.out),
            embargoed: result.embargoed,
            findings: result.findings,
            files: result.files.length,
          },
        };
      }
      const { result } = registered.state;
      this.deps.releases.logExport(input.id, {
        format: 'bundle',
        target: input.target,
        embargoed: result?.embargoed ?? false,
      });
      this.finish(job, 'done', null);
    } catch (error) {
      const cancelled = error instanceof PressdeskError && error.code === 'CANCELLED';
      this.finish(job, cancelled ? 'cancelled' : 'failed', error);
    }
  }

  private finish(job: Job, state: 'done' | 'failed' | 'cancelled', error: unknown): void {
    this.jobs.finish(job.registered, { state, error: error === null ? null : toErrorPayload(error) });
  }

  private get(jobId: string): Job {
    const job = this.extras.get(this.jobs.get(jobId));
    if (!job) throw new PressdeskError('EXPORT_JOB_UNKNOWN', `No export job ${jobId}.`, { jobId });
    return job;
  }
}
