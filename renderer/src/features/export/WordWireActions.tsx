import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { downloadBytes } from './ExportPanel';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Writes text to the clipboard: the Clipboard API (Electron allows the page
 * this one permission; browsers on a user's click), else the older copy
 * command on a hidden text field.
 */
async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Falls through to the copy command.
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  document.body.append(field);
  field.select();
  const copied = document.execCommand('copy');
  field.remove();
  if (!copied) throw new Error('The clipboard refused the text.');
}

export interface WordWireActionsProps {
  readonly releaseId: string;
  /** The export panel's own reasons to wait: unsaved changes, blocking findings, a running check. */
  readonly blocked: boolean;
  /** Further actions of the same row, placed first (the PDF). */
  readonly children?: ReactNode;
  /** Actions of the same row placed last, with a state of their own (the review copy: not blocked by preflight). */
  readonly trailing?: ReactNode;
}

/** „Als Word-Datei exportieren“ and „Agenturtext kopieren“: the saved release as .docx, and its wire text (ots) on the clipboard. */
export function WordWireActions({ releaseId, blocked, children, trailing }: WordWireActionsProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const state = useAppStore((s) => s.wordState);
  const embargoed = useAppStore((s) => s.exportState.embargoed);
  const exportDocx = useAppStore((s) => s.exportDocx);
  const copyWireText = useAppStore((s) => s.copyWireText);
  const manual = useRef<HTMLTextAreaElement>(null);
  const busy = state.status === 'working';

  useEffect(() => {
    if (state.unCopied !== null) manual.current?.select();
  }, [state.unCopied]);

  return (
    <div className="export-more" role="group" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('word.title')}</h3>
      <div className="export-actions">
        {children}
        <button
          type="button"
          onClick={() => void exportDocx(releaseId, embargoed, (name, bytes) => downloadBytes(name, bytes, DOCX_TYPE))}
          disabled={blocked || busy}
        >
          {t('word.docx')}
        </button>
        <button
          type="button"
          onClick={() => void copyWireText(releaseId, embargoed, writeClipboard)}
          disabled={blocked || busy}
        >
          {t('word.copyWire')}
        </button>
        {trailing}
      </div>
      {busy ? <p role="status">{t('word.working')}</p> : null}
      {state.done?.kind === 'docx' ? <p role="status">{t('word.docxDone', { file: state.done.file })}</p> : null}
      {state.done?.kind === 'copied' ? <p role="status">{t('word.copied')}</p> : null}
      {state.error && state.error !== 'EXPORT_BLOCKED' ? <p role="alert">{t(`errors.${state.error}`)}</p> : null}
      {state.error === 'EXPORT_BLOCKED' ? <p role="alert">{t('word.blocked')}</p> : null}
      {state.unCopied !== null ? (
        <label className="export-manual-copy">
          <span role="alert">{t('word.copyByHand')}</span>
          <textarea ref={manual} readOnly value={state.unCopied} rows={8} />
        </label>
      ) : null}
    </div>
  );
}
