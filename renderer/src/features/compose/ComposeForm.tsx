import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../shared/document';
import type { Asset } from '../../../../shared/domain/asset';
import { Dialog } from '../../components/Dialog';
import { errorCodeOf } from '../../lib/errors';
import { appStore, useAppStore } from '../../stores';
import { ApprovalPanel, ApprovalSupport } from '../approval/ApprovalPanel';
import { QuoteRegister } from '../approval/QuoteRegister';
import { ExportPanel } from '../export/ExportPanel';
import { MailPanel } from '../mail/MailPanel';
import type { FigureFieldsHandle } from '../media/FigureFields';
import { LeadImageField } from '../media/LeadImageField';
import { BodyEditor } from './BodyEditor';
import { BodyStats } from './BodyStats';
import { figureFromAsset } from './extensions/figure';
import { LanguageField } from './fields/LanguageField';
import { TextField } from './fields/TextField';
import { TopicField } from './fields/TopicField';
import { jumpToField, registerFocusTarget } from './focusTargets';
import { CommentsPanel } from './CommentsPanel';
import { HistoryPanel } from './HistoryPanel';
import { DateField, RelatedLinksField, SnippetField, TagsField, WorkflowBar } from './ReleaseDetails';
import { RelatedReleasesField } from './RelatedReleasesField';

/** Recommended maximum lengths (portal style guide). */
const HEADLINE_MAX = 70;
const TEASER_MAX = 300;

/**
 * The compose workspace: the document in the centre (topic, headline,
 * subheadline and teaser as the top of the page they become, then the body
 * at reading width), the release's other data in a side panel of
 * collapsible sections, and a second panel with the checks and export and
 * the history. Each panel is a region that F6 reaches (`data-region`).
 */
export function ComposeForm() {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.compose.session);
  const language = useAppStore((s) => s.compose.draft.language);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const flushSave = useAppStore((s) => s.flushSave);
  const panels = useAppStore((s) => s.workspacePanels);
  return (
    <div
      className="compose-layout"
      data-details={panels.details ? 'open' : 'closed'}
      data-tools={panels.tools && exists ? 'open' : 'closed'}
      onBlur={() => void flushSave()}
    >
      <section className="compose-document" aria-label={t('compose.documentLabel')} data-region="document">
        <div className="document-head">
          <TopicField />
          <TextField
            field="headline"
            label={t('compose.fields.headline')}
            max={HEADLINE_MAX}
            className="field-headline"
          />
          <TextField field="subheadline" label={t('compose.fields.subheadline')} className="field-subheadline" />
          <TextField
            field="teaser"
            label={t('compose.fields.teaser')}
            max={TEASER_MAX}
            hint={t('compose.hints.teaser')}
            className="field-teaser"
            multiline
          />
        </div>
        <ConnectedBodyEditor key={session} language={language} />
        <ConnectedBodyStats />
      </section>
      <div className="compose-panels">
        {/* The checks first: at narrower widths both panels share one column, and the checks must stay in view. */}
        {exists && panels.tools && <ToolsPanel />}
        {panels.details && (
          <aside className="compose-side" aria-label={t('compose.fieldsLabel')} data-region="details">
            <PanelSection id="workflow" title={t('compose.sections.workflow')} hidden={!exists}>
              <WorkflowBar />
            </PanelSection>
            {/* Approval (Freigabe) and the quote register, both of the stored release. */}
            <PanelSection id="approval" title={t('approval.section')} hidden={!exists}>
              <ApprovalPanel />
            </PanelSection>
            <PanelSection id="quotes" title={t('approval.quotesSection')} hidden={!exists}>
              <QuoteRegister />
            </PanelSection>
            <PanelSection id="comments" title={t('comments.title')} hidden={!exists}>
              <CommentsPanel />
            </PanelSection>
            <PanelSection id="place" title={t('compose.sections.place')}>
              <TextField field="dateline" label={t('compose.fields.dateline')} hint={t('compose.hints.dateline')} />
              <LanguageField />
              <DateField field="publishedAt" label={t('compose.fields.publishedAt')} />
              <DateField field="embargoUntil" label={t('compose.fields.embargoUntil')} />
            </PanelSection>
            <PanelSection id="tags" title={t('compose.sections.tags')}>
              <TagsField key={session} />
            </PanelSection>
            <PanelSection id="leadImage" title={t('compose.sections.leadImage')}>
              <ConnectedLeadImage />
            </PanelSection>
            <PanelSection id="appendix" title={t('compose.appendixLabel')}>
              <SnippetField field="pressContact" label={t('compose.fields.pressContact')} />
              <SnippetField field="boilerplate" label={t('compose.fields.boilerplate')} />
            </PanelSection>
            <PanelSection id="links" title={t('compose.sections.links')}>
              <RelatedLinksField />
            </PanelSection>
            <PanelSection id="related" title={t('compose.sections.related')}>
              <RelatedReleasesField />
            </PanelSection>
            <ComposeActions />
          </aside>
        )}
      </div>
      {exists && <ApprovalSupport />}
    </div>
  );
}

/** Where the open and closed sections of the side panel are remembered (per browser profile). */
const SECTIONS_KEY = 'pressdesk.compose.sections';

function readClosedSections(): Set<string> {
  try {
    const raw = window.localStorage.getItem(SECTIONS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

/** One collapsible section of the side panel; whether it is open is remembered. */
function PanelSection({
  id,
  title,
  hidden = false,
  children,
}: {
  id: string;
  title: string;
  hidden?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(() => !readClosedSections().has(id));
  if (hidden) return null;
  return (
    <details
      className="panel-section"
      open={open}
      onToggle={(event) => {
        const nowOpen = event.currentTarget.open;
        if (nowOpen === open) return;
        setOpen(nowOpen);
        const closed = readClosedSections();
        if (nowOpen) closed.delete(id);
        else closed.add(id);
        try {
          window.localStorage.setItem(SECTIONS_KEY, JSON.stringify([...closed]));
        } catch {
          // A full or forbidden storage only forgets the choice.
        }
      }}
    >
      <summary>{title}</summary>
      <div className="panel-section-body">{children}</div>
    </details>
  );
}

/** The checks with the export, and the history, as tabs; the number of findings is always in the tab's name. */
function ToolsPanel() {
  const { t } = useTranslation();
  const findings = useAppStore((s) => s.exportState.findings);
  const historyOpen = useAppStore((s) => s.history.releaseId !== null);
  const openHistory = useAppStore((s) => s.openHistory);
  const closeHistory = useAppStore((s) => s.closeHistory);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const tabId = useId();
  const tab = historyOpen ? 'history' : 'checks';
  const select = (next: 'checks' | 'history'): void => {
    if (next === tab) return;
    if (next === 'history') void openHistory();
    else closeHistory();
  };
  const onKeyDown = (event: ReactKeyboardEvent): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next = tab === 'checks' ? 'history' : 'checks';
    select(next);
    document.getElementById(`${tabId}-${next}`)?.focus();
  };
  return (
    <aside className="compose-tools" aria-label={t('compose.toolsLabel')} data-region="tools">
      <div role="tablist" aria-label={t('compose.toolsLabel')} className="tools-tabs" onKeyDown={onKeyDown}>
        <button
          type="button"
          role="tab"
          id={`${tabId}-checks`}
          aria-selected={tab === 'checks'}
          aria-controls={`${tabId}-checks-panel`}
          tabIndex={tab === 'checks' ? 0 : -1}
          onClick={() => select('checks')}
        >
          {t('compose.tabs.checks')}{' '}
          <span className={errors > 0 ? 'tab-count tab-count-error' : 'tab-count'}>
            {t('compose.tabs.count', { count: findings.length })}
          </span>
        </button>
        <button
          type="button"
          role="tab"
          id={`${tabId}-history`}
          aria-selected={tab === 'history'}
          aria-controls={`${tabId}-history-panel`}
          tabIndex={tab === 'history' ? 0 : -1}
          onClick={() => select('history')}
        >
          {t('compose.tabs.history')}
        </button>
      </div>
      <div
        role="tabpanel"
        id={`${tabId}-${tab}-panel`}
        aria-labelledby={`${tabId}-${tab}`}
        className="tools-panel-body"
      >
        {tab === 'checks' ? <ConnectedExportPanel /> : <HistoryPanel />}
      </div>
    </aside>
  );
}

function ConnectedBodyStats() {
  const body = useAppStore((s) => s.compose.draft.body);
  return <BodyStats body={body} />;
}

const currentDraftLanguage = (): string => appStore.getState().compose.draft.language;

function ConnectedLeadImage() {
  const value = useAppStore((s) => s.compose.draft.leadImage);
  const setFields = useAppStore((s) => s.setFields);
  const field = useRef<FigureFieldsHandle>(null);
  useEffect(() => registerFocusTarget('leadImage', () => field.current?.focusTarget()), []);
  return (
    <div className="field-lead-image">
      <LeadImageField
        ref={field}
        value={value}
        onChange={(leadImage: FigureAttrs | null) => setFields({ leadImage })}
      />
    </div>
  );
}

/** Export of the stored version; shown once the release exists. */
function ConnectedExportPanel() {
  const releaseId = useAppStore((s) => s.compose.releaseId);
  const dirty = useAppStore((s) => s.compose.dirty);
  if (releaseId === null) return null;
  return (
    <>
      <ExportPanel releaseId={releaseId} dirty={dirty} onJump={(field) => void jumpToField(field)} />
      <MailPanel releaseId={releaseId} dirty={dirty} />
    </>
  );
}

function ConnectedBodyEditor({ language }: { language: string }) {
  const bodyChanged = useAppStore((s) => s.bodyChanged);
  const uploadImage = useAppStore((s) => s.uploadImage);
  const showError = useAppStore((s) => s.showError);
  const setFields = useAppStore((s) => s.setFields);
  const addComment = useAppStore((s) => s.addComment);
  // The editor owns its content after creation; the store is told of every change and reads the body lazily.
  const [initial] = useState(() => appStore.getState().compose.draft.body);
  return (
    <BodyEditor
      initialContent={initial}
      language={language}
      onChange={bodyChanged}
      currentLanguage={currentDraftLanguage}
      upload={uploadImage}
      onUploadError={(error) => showError(errorCodeOf(error))}
      onUseAsLeadImage={(asset: Asset) => setFields({ leadImage: figureFromAsset(asset) })}
      onAddComment={addComment}
    />
  );
}

function ComposeActions() {
  const { t } = useTranslation();
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const actionError = useAppStore((s) => s.compose.actionError);
  // A refused status change is shown beside the status choice.
  const statusError = useAppStore((s) => s.compose.statusError);
  const trashRelease = useAppStore((s) => s.trashRelease);
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  if (!exists) return null;
  return (
    <div className="compose-actions">
      {actionError && actionError !== statusError?.code && (
        <div className="error-box" role="alert">
          <p>
            <strong>{t('compose.trashFailed')}</strong> {t(`errors.${actionError}`)}
          </p>
        </div>
      )}
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        {t('compose.trash')}
      </button>
      <Dialog
        open={confirming}
        title={t('compose.trashDialog.title')}
        description={t('compose.trashDialog.body')}
        onCancel={() => setConfirming(false)}
        initialFocus={cancelButton}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirming(false);
            void trashRelease();
          }}
        >
          {t('compose.trashDialog.confirm')}
        </button>
        <button ref={cancelButton} type="button" onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </Dialog>
    </div>
  );
}
