import type { ChannelOutput } from '../../../shared/contract';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export type Finding = ChannelOutput<'export.preflight'>['findings'][number];

export interface ExportState {
  /** The release the panel looks at. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'checking' | 'ready' | 'exporting' | 'error';
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
  /** Builds the bundle and hands it to `save` (a download in the browser, a save dialog in the app). */
  exportZip: (save: (fileName: string, bytes: Uint8Array) => void) => Promise<boolean>;
  loadPreview: () => Promise<void>;
  closePreview: () => void;
}

export const initialExportState: ExportState = {
  releaseId: null,
  status: 'idle',
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

  return {
    exportState: initialExportState,

    async checkExport(releaseId) {
      const mine = ++request;
      const same = get().exportState.releaseId === releaseId;
      // Another release: nothing of the last one (findings, preview, file name) may show next to it.
      if (same) update({ status: 'checking', error: null });
      else set({ exportState: { ...initialExportState, releaseId, status: 'checking' } });
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

    async exportZip(save) {
      const { releaseId, embargoed } = get().exportState;
      if (!releaseId) return false;
      update({ status: 'exporting', error: null });
      try {
        const result = await deps.api.call('export.zip', { id: releaseId, embargoed });
        save(result.fileName, result.bytes);
        update({ status: 'ready', findings: result.findings, lastFile: result.fileName });
        return true;
      } catch (error) {
        const details = (error as { details?: { findings?: Finding[] } }).details;
        update({
          status: 'error',
          error: errorCodeOf(error),
          findings: details?.findings ?? get().exportState.findings,
        });
        return false;
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
