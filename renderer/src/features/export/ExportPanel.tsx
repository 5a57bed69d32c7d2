import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EmbargoBadge } from '../../components/EmbargoBadge';
import { useUiLocale } from '../../i18n';
import { handleCommand } from '../../lib/commands';
import { formatOfficeDateTimeWithZone } from '../../lib/format';
import { useAppStore } from '../../stores';
import { ReviewCopyButtons, ReviewCopyStatus } from './ReviewCopyActions';
import { WordWireActions } from './WordWireActions';
import './export.css';

export interface ExportPanelProps {
  readonly releaseId: string;
  /** Unsaved changes are not in the bundle: the panel says so and waits for a save. */
  readonly dirty: boolean;
  /** Moves the focus to the field a finding is about (headline, teaser, leadImage, body…). */
  readonly onJump: (field: string) => void;
}

/** Hands bytes to the browser as a download (web mode; the app asks where to save it). */
export function downloadBytes(fileName: string, bytes: Uint8Array, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
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
 * to its problem), the embargo choice, the preview of the exported page, and
 * the export itself with its progress and a cancel button: a download in the
 * browser, a bundle written where the user chooses in the app (then "show in
 * folder").
 */
export function ExportPanel({ releaseId, dirty, onJump }: ExportPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const state = useAppStore((s) => s.exportState);
  const checkExport = useAppStore((s) => s.checkExport);
  const setEmbargoed = useAppStore((s) => s.setEmbargoedExport);
  const startExport = useAppStore((s) => s.startExport);
  const cancelExport = useAppStore((s) => s.cancelExport);
  const revealExport = useAppStore((s) => s.revealExport);
  const loadPreview = useAppStore((s) => s.loadPreview);
  const pdf = useAppStore((s) => s.pdfExport);
  const exportPdf = useAppStore((s) => s.exportPdf);
  const closePreview = useAppStore((s) => s.closePreview);
  const embargoUntil = useAppStore((s) => s.compose.draft.embargoUntil);
  const locale = useUiLocale();
  const heading = useRef<HTMLHeadingElement>(null);

  /** A finding's text; a left-out related release says why in the interface language. */
  const findingText = (f: (typeof state.findings)[number]): string => {
    const details = { ...f.details };
    if (f.code === 'RELATED_NOT_PUBLIC') {
      const reason = String(details.reason ?? 'not-published') as 'not-published' | 'trashed' | 'embargo';
      const status = String(details.status ?? 'draft') as 'draft';
      const time =
        typeof details.embargoUntil === 'string' ? formatOfficeDateTimeWithZone(details.embargoUntil, locale) : '';
      return t('export.finding.RELATED_NOT_PUBLIC', {
        headline: String(details.headline ?? ''),
        why: t(`export.relatedWhy.${reason}`, { status: t(`status.${status}`), time }),
      });
    }
    return t(`export.finding.${f.code}`, details);
  };

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
  const job = state.job;
  // A save during an export re-runs the checks; the running export still blocks a second one.
  const blocked =
    dirty || errors.length > 0 || state.status === 'checking' || state.status === 'exporting' || job !== null;
  const toDisk = state.targets?.includes('zip') === true;
  const pdfHere = pdf.releaseId === releaseId;
  const pdfBusy = pdfHere && pdf.status === 'exporting';
  const pdfBlocked = dirty || errors.length > 0 || state.status === 'checking' || pdfBusy;

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
              <span className="export-severity">{t(`export.severity.${f.severity}`)}</span> {findingText(f)}{' '}
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
        {toDisk ? (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => void startExport('zip', downloadBytes)}
              disabled={blocked}
            >
              {t('export.saveZip')}
            </button>
            <button type="button" onClick={() => void startExport('folder', downloadBytes)} disabled={blocked}>
              {t('export.saveFolder')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => void startExport('download', downloadBytes)}
            disabled={blocked}
          >
            {state.status === 'exporting' ? t('export.exporting') : t('export.zip')}
          </button>
        )}
      </div>
      <WordWireActions
        releaseId={releaseId}
        blocked={dirty || errors.length > 0 || state.status === 'checking'}
        trailing={<ReviewCopyButtons releaseId={releaseId} dirty={dirty} statusId={`${headingId}-review`} />}
      >
        <button
          type="button"
          onClick={() => void exportPdf(releaseId, (name, bytes) => downloadBytes(name, bytes, 'application/pdf'))}
          disabled={pdfBlocked}
          aria-describedby={pdfHere && pdf.status !== 'idle' ? `${headingId}-pdf` : undefined}
        >
          {pdfBusy ? t('pdfExport.exporting') : t('pdfExport.button')}
        </button>
      </WordWireActions>
      <div className="export-pdf">
        {pdfHere && pdf.status === 'done' && pdf.lastFile ? (
          <p role="status" id={`${headingId}-pdf`}>
            {t('pdfExport.done', { file: pdf.lastFile, count: pdf.pages })}
          </p>
        ) : null}
        {pdfHere && pdf.status === 'exporting' ? (
          <p role="status" id={`${headingId}-pdf`}>
            {t('pdfExport.exporting')}
          </p>
        ) : null}
        {pdfHere && pdf.status === 'error' && pdf.error ? (
          <p role="alert" id={`${headingId}-pdf`}>
            {pdf.error === 'EXPORT_BLOCKED' ? t('pdfExport.blocked') : t(`errors.${pdf.error}`)}
          </p>
        ) : null}
        <ReviewCopyStatus releaseId={releaseId} statusId={`${headingId}-review`} />
      </div>
      {job ? (
        <div className="export-progress">
          <div
            className="export-progress-bar"
            role="progressbar"
            aria-label={t('export.progressLabel')}
            aria-valuemin={0}
            aria-valuemax={Math.max(job.total, 1)}
            aria-valuenow={job.done}
            aria-valuetext={
              job.state === 'queued' ? t('export.queued') : t('export.progress', { done: job.done, total: job.total })
            }
          >
            <span style={{ width: `${job.total > 0 ? Math.round((job.done / job.total) * 100) : 0}%` }} />
          </div>
          <span aria-hidden="true">
            {job.state === 'queued' ? t('export.queued') : t('export.progress', { done: job.done, total: job.total })}
          </span>
          <button type="button" onClick={() => void cancelExport()}>
            {t('export.cancel')}
          </button>
        </div>
      ) : null}
      {state.lastFile ? (
        <div className="export-done">
          <p role="status">{t('export.done', { file: state.lastFile })}</p>
          {state.lastJob && state.lastJob.target !== 'download' ? (
            <button type="button" onClick={() => void revealExport()}>
              {t('export.reveal')}
            </button>
          ) : null}
        </div>
      ) : null}
      {state.preview !== null ? (
        <div className="export-preview">
          <div className="export-preview-bar">
            <h3>{t('export.previewTitle')}</h3>
            {state.embargoActive ? <EmbargoBadge until={embargoUntil} /> : null}
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
