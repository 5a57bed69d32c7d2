import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface PdfExportState {
  /** The release the state belongs to. */
  readonly releaseId: string | null;
  readonly status: 'idle' | 'exporting' | 'done' | 'error';
  readonly error: UiErrorCode | null;
  /** The file name of the last PDF handed over, with its number of pages. */
  readonly lastFile: string | null;
  readonly pages: number;
}

export interface PdfSlice {
  pdfExport: PdfExportState;
  /**
   * Makes the release's PDF on the letterhead and hands it to `save` (the
   * browser's download; the app asks where to save it). Preflight errors
   * refuse it (EXPORT_BLOCKED) as they refuse the export.
   */
  exportPdf: (releaseId: string, save: (fileName: string, bytes: Uint8Array) => void) => Promise<boolean>;
}

export const initialPdfExportState: PdfExportState = {
  releaseId: null,
  status: 'idle',
  error: null,
  lastFile: null,
  pages: 0,
};

export const createPdfSlice: SliceCreator<PdfSlice> = (deps) => (set, get) => ({
  pdfExport: initialPdfExportState,

  async exportPdf(releaseId, save) {
    if (get().pdfExport.status === 'exporting') return false;
    set({ pdfExport: { ...initialPdfExportState, releaseId, status: 'exporting' } });
    try {
      const pdf = await deps.api.call('export.pdf', { id: releaseId });
      // Another release was opened meanwhile: its panel does not show this one's PDF.
      if (get().pdfExport.releaseId !== releaseId) return false;
      save(pdf.fileName, pdf.bytes);
      set({ pdfExport: { releaseId, status: 'done', error: null, lastFile: pdf.fileName, pages: pdf.pages } });
      return true;
    } catch (error) {
      if (get().pdfExport.releaseId === releaseId) {
        set({ pdfExport: { ...initialPdfExportState, releaseId, status: 'error', error: errorCodeOf(error) } });
      }
      return false;
    }
  },
});
