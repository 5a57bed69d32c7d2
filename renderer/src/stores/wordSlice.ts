import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { Finding } from './exportSlice';
import type { SliceCreator } from './types';

export interface WordState {
  readonly status: 'idle' | 'working' | 'error';
  /** What the last finished action did: a Word file handed over, or the wire text copied. */
  readonly done: { readonly kind: 'docx'; readonly file: string } | { readonly kind: 'copied' } | null;
  readonly error: UiErrorCode | null;
  /** The clipboard refused the text (no permission, no focus): the text is shown to copy by hand. */
  readonly unCopied: string | null;
}

export interface WordSlice {
  wordState: WordState;
  /** The saved release as a Word file, handed to `save` (a download in the browser, the save dialog in the app). */
  exportDocx: (
    releaseId: string,
    embargoed: boolean,
    save: (fileName: string, bytes: Uint8Array) => void,
  ) => Promise<boolean>;
  /** The saved release's wire text (ots layout) handed to `write` (the clipboard). */
  copyWireText: (releaseId: string, embargoed: boolean, write: (text: string) => Promise<void>) => Promise<boolean>;
}

export const initialWordState: WordState = { status: 'idle', done: null, error: null, unCopied: null };

/** The Word file and the wire text: both from the saved release, both checked by preflight in the engine. */
export const createWordSlice: SliceCreator<WordSlice> = (deps) => (set) => {
  const update = (patch: Partial<WordState>): void => set((s) => ({ wordState: { ...s.wordState, ...patch } }));
  const fail = (error: unknown): false => {
    const findings = (error as { details?: { findings?: Finding[] } }).details?.findings;
    update({ status: 'error', error: errorCodeOf(error), done: null });
    // Blocking findings show in the export panel's list, as for the bundle.
    if (findings) set((s) => ({ exportState: { ...s.exportState, findings } }));
    return false;
  };
  return {
    wordState: initialWordState,

    async exportDocx(releaseId, embargoed, save) {
      update({ status: 'working', error: null, done: null, unCopied: null });
      try {
        const { fileName, bytes } = await deps.api.call('export.docx', { id: releaseId, embargoed });
        save(fileName, bytes);
        update({ status: 'idle', done: { kind: 'docx', file: fileName } });
        return true;
      } catch (error) {
        return fail(error);
      }
    },

    async copyWireText(releaseId, embargoed, write) {
      update({ status: 'working', error: null, done: null, unCopied: null });
      let text: string;
      try {
        ({ text } = await deps.api.call('export.wireText', { id: releaseId, embargoed }));
      } catch (error) {
        return fail(error);
      }
      try {
        await write(text);
      } catch {
        update({ status: 'error', done: null, unCopied: text });
        return false;
      }
      update({ status: 'idle', done: { kind: 'copied' } });
      return true;
    },
  };
};
