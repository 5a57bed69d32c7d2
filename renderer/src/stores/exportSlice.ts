import type { ChannelOutput } from '../../../shared/contract';
import type { ExportJob, ExportTarget } from '../../../shared/contract/export';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import { followJob } from './followJob';
import type { SliceCreator } from './types';

export type Finding = ChannelOutput<'export.preflight'>['findings'][number];

export interface ExportState {
  /** The release the panel looks at. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'checking' | 'ready' | 'exporting' | 'error';
  /** Where this host can put a bundle (from app.info); null until known. */
  readonly targets: readonly ExportTarget[] | null;
  /** The running export: its renditions done of total. */
  readonly job: Pick<ExportJob, 'jobId' | 'target' | 'state' | 'done' | 'total'> | null;
  /** The last finished export, for "show in folder". */
  readonly lastJob: { readonly jobId: string; readonly target: ExportTarget } | null;
  readonly findings: readonly Finding[];
  readonly embargoActive: boolean;
  /** The user chose the embargoed bundle. */
  readonly embargoed: boolean;
  readonly error: UiErrorCode | null;
  /** The last bundle handed over for download. */
  readonly lastFile: string | null;
  readonly preview: string | null;
}

export interface ExportSlice {
  exportState: ExportState;
  /** Runs the preflight checks of a release. */
  checkExport: (releaseId: string) => Promise<void>;
  setEmbargoedExport: (embargoed: boolean) => void;
  /**
   * Exports in the background and follows its progress: `download` hands the
   * zip to `save` (the browser's download); `folder` and `zip` let the host
   * ask where to write.
   */
  startExport: (target: ExportTarget, save: (fileName: string, bytes: Uint8Array) => void) => Promise<boolean>;
  /** Stops the running export; nothing of it is left behind. */
  cancelExport: () => Promise<void>;
  /** Shows the last written bundle in the file manager (desktop only). */
  revealExport: () => Promise<void>;
  loadPreview: () => Promise<void>;
  closePreview: () => void;
}

export const initialExportState: ExportState = {
  releaseId: null,
  status: 'idle',
  targets: null,
  job: null,
  lastJob: null,
  findings: [],
  embargoActive: false,
  embargoed: false,
  error: null,
  lastFile: null,
  preview: null,
};

export const createExportSlice: SliceCreator<ExportSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<ExportState>): void => set((s) => ({ exportState: { ...s.exportState, ...patch } }));
  let request = 0;

  const loadTargets = async (): Promise<void> => {
    try {
      const info = await deps.api.call('app.info', {});
      update({ targets: info.exportTargets });
    } catch {
      // Without an answer the panel offers the download, which every host serves.
      update({ targets: ['download'] });
    }
  };

  return {
    exportState: initialExportState,

    async checkExport(releaseId) {
      const mine = ++request;
      const same = get().exportState.releaseId === releaseId;
      // Another release: nothing of the last one (findings, preview, file name) may show next to it.
      if (same) update({ status: 'checking', error: null });
      else
        set((s) => ({
          exportState: { ...initialExportState, targets: s.exportState.targets, releaseId, status: 'checking' },
        }));
      if (get().exportState.targets === null) void loadTargets();
      const { embargoed } = get().exportState;
      try {
        const result = await deps.api.call('export.preflight', { id: releaseId, embargoed });
        if (mine !== request) return;
        update({ status: 'ready', findings: result.findings, embargoActive: result.embargoActive });
        // An open preview follows the saved text.
        if (get().exportState.preview !== null) await get().loadPreview();
      } catch (error) {
        if (mine === request) update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    setEmbargoedExport(embargoed) {
      update({ embargoed });
      const id = get().exportState.releaseId;
      if (id) void get().checkExport(id);
    },

    async startExport(target, save) {
      const { releaseId, embargoed } = get().exportState;
      if (!releaseId) return false;
      update({ status: 'exporting', error: null, lastFile: null, lastJob: null, job: null });
      const fail = (error: unknown): false => {
        const details = (error as { details?: { findings?: Finding[] } }).details;
        update({
          status: 'error',
          job: null,
          error: errorCodeOf(error),
          findings: details?.findings ?? get().exportState.findings,
        });
        return false;
      };
      try {
        const job = await followJob(
          deps.api,
          'export.onDidChangeExportJob',
          () => deps.api.call('export.start', { id: releaseId, embargoed, target }),
          (id) => deps.api.call('export.progress', { jobId: id }),
          (changed) => {
            // Another release was opened: its panel no longer follows this export.
            if (get().exportState.releaseId !== releaseId) return;
            update({
              job: { jobId: changed.jobId, target, state: changed.state, done: changed.done, total: changed.total },
            });
          },
        );
        if (get().exportState.releaseId !== releaseId) return false;
        const { jobId } = job;
        if (job.state === 'cancelled') {
          update({ status: 'ready', job: null, error: 'CANCELLED' });
          return false;
        }
        if (job.state === 'failed' || !job.result) return fail(job.error ?? { code: 'INTERNAL' });
        if (target === 'download') {
          const { fileName, bytes } = await deps.api.call('export.download', { jobId });
          save(fileName, bytes);
        }
        update({
          status: 'ready',
          job: null,
          findings: job.result.findings,
          lastFile: job.result.fileName,
          lastJob: { jobId, target },
        });
        return true;
      } catch (error) {
        return fail(error);
      }
    },

    async cancelExport() {
      const job = get().exportState.job;
      if (!job) return;
      try {
        await deps.api.call('export.cancel', { jobId: job.jobId });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async revealExport() {
      const last = get().exportState.lastJob;
      if (!last) return;
      try {
        await deps.api.call('export.reveal', { jobId: last.jobId });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    async loadPreview() {
      const { releaseId, embargoed } = get().exportState;
      if (!releaseId) return;
      try {
        const { html } = await deps.api.call('export.preview', { id: releaseId, embargoed });
        update({ preview: html });
      } catch (error) {
        update({ error: errorCodeOf(error) });
      }
    },

    closePreview() {
      update({ preview: null });
    },
  };
};
