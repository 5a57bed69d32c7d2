import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { handleCommand } from '../../lib/commands';
import { useAppStore } from '../../stores';
import './export.css';

export interface ExportPanelProps {
  readonly releaseId: string;
  /** Unsaved changes are not in the bundle: the panel says so and waits for a save. */
  readonly dirty: boolean;
  /** Moves the focus to the field a finding is about (headline, teaser, leadImage, body…). */
  readonly onJump: (field: string) => void;
}

/** Hands bytes to the browser as a download (in the app, Electron asks where to save). */
export function downloadBytes(fileName: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Export: the preflight checklist (errors block, warnings inform; each jumps
 * to its problem), the embargo choice, the preview of the exported page and
 * the download of the bundle.
 */
export function ExportPanel({ releaseId, dirty, onJump }: ExportPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const state = useAppStore((s) => s.exportState);
  const checkExport = useAppStore((s) => s.checkExport);
  const setEmbargoed = useAppStore((s) => s.setEmbargoedExport);
  const exportZip = useAppStore((s) => s.exportZip);
  const loadPreview = useAppStore((s) => s.loadPreview);
  const closePreview = useAppStore((s) => s.closePreview);
  const heading = useRef<HTMLHeadingElement>(null);

  // The app's export command (Mod+E, or the menu) brings the panel into view with its checks.
  useEffect(
    () =>
      handleCommand('release.export', () => {
        heading.current?.scrollIntoView?.({ block: 'start' });
        heading.current?.focus();
      }),
    [],
  );

  useEffect(() => {
    if (!dirty) void checkExport(releaseId);
  }, [releaseId, dirty, checkExport]);

  const errors = state.findings.filter((f) => f.severity === 'error');
  const warnings = state.findings.filter((f) => f.severity === 'warning');
  const blocked = dirty || errors.length > 0 || state.status === 'checking' || state.status === 'exporting';

  return (
    <section className="export-panel" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {t('export.title')}
      </h2>
      {dirty ? <p className="export-note">{t('export.saveFirst')}</p> : null}
      {state.status === 'checking' ? <p role="status">{t('export.checking')}</p> : null}
      {state.findings.length === 0 && state.status === 'ready' ? <p role="status">{t('export.allGood')}</p> : null}
      {state.findings.length > 0 ? (
        <ul className="export-findings" aria-label={t('export.findings')}>
          {[...errors, ...warnings].map((f, i) => (
            <li key={`${f.code}-${i}`} className={f.severity}>
              <span className="export-severity">{t(`export.severity.${f.severity}`)}</span>{' '}
              {t(`export.finding.${f.code}`, { ...f.details })}{' '}
              <button type="button" className="link-button" onClick={() => onJump(f.field)}>
                {t('export.jump')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {state.embargoActive ? (
        <label className="export-embargo">
          <input type="checkbox" checked={state.embargoed} onChange={(e) => setEmbargoed(e.target.checked)} />
          {t('export.embargoed')}
        </label>
      ) : null}
      {state.error && state.error !== 'EXPORT_BLOCKED' ? <p role="alert">{t(`errors.${state.error}`)}</p> : null}
      <div className="export-actions">
        <button type="button" onClick={() => void loadPreview()} disabled={dirty}>
          {t('export.preview')}
        </button>
        <button type="button" className="primary" onClick={() => void exportZip(downloadBytes)} disabled={blocked}>
          {state.status === 'exporting' ? t('export.exporting') : t('export.zip')}
        </button>
      </div>
      {state.lastFile ? <p role="status">{t('export.done', { file: state.lastFile })}</p> : null}
      {state.preview !== null ? (
        <div className="export-preview">
          <div className="export-preview-bar">
            <h3>{t('export.previewTitle')}</h3>
            <button type="button" onClick={closePreview}>
              {t('export.closePreview')}
            </button>
          </div>
          {/* The exported page itself, rendered by the same code; no scripts may run in it. */}
          <iframe title={t('export.previewTitle')} sandbox="allow-same-origin" srcDoc={state.preview} />
        </div>
      ) : null}
    </section>
  );
}
