import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../shared/document';
import type { Asset } from '../../../../shared/domain/asset';
import { Dialog } from '../../components/Dialog';
import { EmbargoBadge } from '../../components/EmbargoBadge';
import { NoticeBar } from '../../components/Notice';
import { useUiLocale } from '../../i18n';
import { directionOf } from '../../lib/direction';
import { errorCodeOf } from '../../lib/errors';
import { formatClockTime, formatOfficeDateTime, languageEndonym } from '../../lib/format';
import { COMMAND_SHORTCUTS } from '../../../../shared/commands';
import { ariaShortcut, formatShortcut } from '../../lib/shortcuts';
import { appStore, useAppStore, type DraftTextField } from '../../stores';
import { ExportPanel } from '../export/ExportPanel';
import { LeadImageField } from '../media/LeadImageField';
import { BodyEditor } from './BodyEditor';
import { figureFromAsset } from './extensions/figure';
import { BodyStats } from './BodyStats';
import { HistoryPanel } from './HistoryPanel';
import { DateField, RelatedLinksField, SnippetField, TagsField, WorkflowBar } from './ReleaseDetails';
import { RelatedReleasesField } from './RelatedReleasesField';
import { comparableText, WordDiff } from './WordDiff';

const SAVE_SHORTCUT = COMMAND_SHORTCUTS['release.save']!;
/** Languages offered for a release besides German and English (press offices publish in these). */
const OTHER_LANGUAGES = ['ar', 'es', 'fa', 'fr', 'it', 'pl', 'ru', 'tr', 'uk'];
/** Recommended maximum lengths (portal style guide). */
const HEADLINE_MAX = 70;
const TEASER_MAX = 300;

/** Editing one release: its fields, the body, save state and the way back. */
export function ComposeScreen() {
  const { t } = useTranslation();
  const loadStatus = useAppStore((s) => s.compose.loadStatus);
  const isNew = useAppStore((s) => s.compose.releaseId === null && s.compose.requestedId === null);
  const navigations = useAppStore((s) => s.navigations);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (navigations > 1) heading.current?.focus();
  }, [navigations]);

  useWarnBeforeUnload();
  useFlushOnLeave();

  return (
    <main id="main" className="screen compose-screen" tabIndex={-1}>
      <div className="screen-head compose-head">
        <button type="button" className="back" onClick={() => requestNavigation({ screen: 'archive' })}>
          <span aria-hidden="true">← </span>
          {t('compose.back')}
        </button>
        <h1 ref={heading} tabIndex={-1}>
          {isNew ? t('compose.titleNew') : t('compose.titleEdit')}
        </h1>
        {loadStatus === 'ready' && <HeaderEmbargo />}
        {loadStatus === 'ready' && <SaveBar />}
      </div>
      {loadStatus === 'loading' && (
        <p className="state-message" role="status">
          {t('compose.loading')}
        </p>
      )}
      {loadStatus === 'error' && <LoadError />}
      <NoticeBar />
      {loadStatus === 'ready' && <RecoveryOffer />}
      {loadStatus === 'ready' && <ConflictPanel />}
      {loadStatus === 'ready' && <HistoryPanel />}
      {loadStatus === 'ready' && <ComposeForm />}
    </main>
  );
}

/** The running embargo of the release being edited, in the header where it cannot be missed. */
function HeaderEmbargo() {
  const until = useAppStore((s) => s.compose.draft.embargoUntil);
  return <EmbargoBadge until={until} />;
}

/**
 * Saves at once when the window loses focus or is hidden, so switching to
 * another program or closing the laptop never leaves text only in memory.
 */
function useFlushOnLeave(): void {
  useEffect(() => {
    const flush = (): void => void appStore.getState().flushSave();
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') {
        appStore.getState().keepUnsaved();
        flush();
      }
    };
    window.addEventListener('blur', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', flush);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
}

/**
 * Closing or reloading the window with unsaved text keeps it in the recovery
 * slot, starts a last save and asks first.
 */
function useWarnBeforeUnload(): void {
  const dirty = useAppStore((s) => s.compose.dirty);
  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      const state = appStore.getState();
      state.keepUnsaved();
      void state.flushSave();
      event.preventDefault();
      // Older engines only ask when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}

function LoadError() {
  const { t } = useTranslation();
  const code = useAppStore((s) => s.compose.loadError);
  const requestedId = useAppStore((s) => s.compose.requestedId);
  const openRelease = useAppStore((s) => s.openRelease);
  return (
    <div className="state-message error-box" role="alert">
      <p>
        <strong>{t('compose.loadError')}</strong> {code && t(`errors.${code}`)}
      </p>
      {requestedId && (
        <button type="button" onClick={() => void openRelease(requestedId)}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

function SaveBar() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const save = useAppStore((s) => s.compose.save);
  const dirty = useAppStore((s) => s.compose.dirty);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const updatedAt = useAppStore((s) => s.compose.updatedAt);
  const saveRelease = useAppStore((s) => s.saveRelease);
  const hintId = useId();

  let text: string;
  if (save.kind === 'saving') text = t('compose.saveState.saving');
  else if (save.kind === 'error') text = `${t('compose.saveState.failed')} ${t(`errors.${save.code}`)}`;
  else if (dirty) text = t('compose.saveState.unsaved');
  else if (save.kind === 'saved') text = t('compose.saveState.savedAt', { time: formatClockTime(save.at, locale) });
  else if (!exists) text = t('compose.saveState.new');
  else text = t('compose.saveState.loaded', { date: updatedAt ? formatOfficeDateTime(updatedAt, locale) : '' });

  const stateClass =
    save.kind === 'error' ? 'error' : save.kind === 'saving' ? 'saving' : dirty || !exists ? 'unsaved' : 'saved';
  const keys = formatShortcut(SAVE_SHORTCUT, { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') });
  const conflict = save.kind === 'error' && save.code === 'CONFLICT';
  const comparing = useAppStore((s) => s.compose.conflict !== null);

  return (
    <div className="save-bar">
      <p role="status" className={`save-state save-state-${stateClass}`}>
        {text}
      </p>
      {save.kind === 'error' && !comparing && (
        <div className="save-recovery">
          <button
            type="button"
            aria-describedby={conflict ? hintId : undefined}
            onClick={() => void saveRelease({ overwrite: conflict })}
          >
            {conflict ? t('compose.overwrite') : t('compose.retrySave')}
          </button>
          {conflict ? (
            <p id={hintId} className="hint">
              {t('compose.overwriteHint')}
            </p>
          ) : (
            <p className="hint">{t('compose.keptLocally')}</p>
          )}
        </div>
      )}
      <button
        type="button"
        className="primary"
        title={t('common.withShortcut', { label: t('compose.save'), keys })}
        aria-keyshortcuts={ariaShortcut(SAVE_SHORTCUT)}
        onClick={() => void saveRelease({ checkpoint: true })}
      >
        {t('compose.save')}
      </button>
    </div>
  );
}

/** Unsaved text from an earlier session of this release, offered back to the user. */
function RecoveryOffer() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const recovery = useAppStore((s) => s.compose.recovery);
  const acceptRecovery = useAppStore((s) => s.acceptRecovery);
  const dismissRecovery = useAppStore((s) => s.dismissRecovery);
  if (!recovery) return null;
  return (
    <div className="notice recovery-offer" role="alert">
      <p>
        <strong>{t('compose.recovery.title')}</strong>{' '}
        {t('compose.recovery.body', { date: formatOfficeDateTime(recovery.keptAt, locale) })}
      </p>
      <button type="button" className="primary" onClick={acceptRecovery}>
        {t('compose.recovery.accept')}
      </button>
      <button type="button" onClick={dismissRecovery}>
        {t('compose.recovery.dismiss')}
      </button>
    </div>
  );
}

/** Both versions after a conflicting save, with the word diff, until the user chooses. */
function ConflictPanel() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const theirs = useAppStore((s) => s.compose.conflict?.theirs ?? null);
  const draft = useAppStore((s) => s.compose.draft);
  const resolveConflict = useAppStore((s) => s.resolveConflict);
  const headingId = useId();
  if (!theirs) return null;
  const theirsText = comparableText(theirs);
  const mineText = comparableText(draft);
  return (
    <section className="conflict-panel error-box" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('compose.conflict.title')}</h2>
      <p>{t('compose.conflict.body', { date: formatOfficeDateTime(theirs.updatedAt, locale) })}</p>
      <div className="conflict-versions">
        <div className="conflict-version">
          <h3>{t('compose.conflict.theirs')}</h3>
          <p className="conflict-text">{theirsText}</p>
        </div>
        <div className="conflict-version">
          <h3>{t('compose.conflict.mine')}</h3>
          <p className="conflict-text">{mineText}</p>
        </div>
      </div>
      <h3>{t('compose.conflict.changes')}</h3>
      <WordDiff before={theirsText} after={mineText} label={t('compose.conflict.changes')} />
      <div className="conflict-actions">
        <button type="button" className="primary" onClick={() => void resolveConflict('mine')}>
          {t('compose.overwrite')}
        </button>
        <button type="button" onClick={() => void resolveConflict('theirs')}>
          {t('compose.conflict.takeTheirs')}
        </button>
      </div>
      <p className="hint">{t('compose.overwriteHint')}</p>
    </section>
  );
}

function ComposeForm() {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.compose.session);
  const language = useAppStore((s) => s.compose.draft.language);
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const flushSave = useAppStore((s) => s.flushSave);
  return (
    <div className="compose-layout" onBlur={() => void flushSave()}>
      <section className="compose-fields" aria-label={t('compose.fieldsLabel')}>
        {exists && <WorkflowBar />}
        <TopicField />
        <TextField
          field="headline"
          label={t('compose.fields.headline')}
          max={HEADLINE_MAX}
          className="field-headline"
        />
        <TextField field="subheadline" label={t('compose.fields.subheadline')} />
        <TextField
          field="teaser"
          label={t('compose.fields.teaser')}
          max={TEASER_MAX}
          hint={t('compose.hints.teaser')}
          multiline
        />
        <ConnectedLeadImage />
        <div className="field-row">
          <TextField field="dateline" label={t('compose.fields.dateline')} hint={t('compose.hints.dateline')} />
          <LanguageField />
        </div>
        <div className="field-row">
          <DateField field="publishedAt" label={t('compose.fields.publishedAt')} />
          <DateField field="embargoUntil" label={t('compose.fields.embargoUntil')} />
        </div>
        <TagsField key={session} />
      </section>
      <ConnectedBodyEditor key={session} language={language} />
      <ConnectedBodyStats />
      <section className="compose-fields compose-appendix" aria-label={t('compose.appendixLabel')}>
        <SnippetField field="pressContact" label={t('compose.fields.pressContact')} />
        <SnippetField field="boilerplate" label={t('compose.fields.boilerplate')} />
        <RelatedLinksField />
        <RelatedReleasesField />
      </section>
      <ConnectedExportPanel />
      <ComposeActions />
    </div>
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
  return (
    <div className="field-lead-image" data-field="leadImage">
      <LeadImageField value={value} onChange={(leadImage: FigureAttrs | null) => setFields({ leadImage })} />
    </div>
  );
}

/** Export of the stored version; shown once the release exists. */
function ConnectedExportPanel() {
  const releaseId = useAppStore((s) => s.compose.releaseId);
  const dirty = useAppStore((s) => s.compose.dirty);
  if (releaseId === null) return null;
  return <ExportPanel releaseId={releaseId} dirty={dirty} onJump={jumpToField} />;
}

const FOCUSABLE = 'input:not([type="hidden"]):not(:disabled), textarea:not(:disabled), select, button';

/**
 * Moves the focus to the field a preflight finding is about: a text field, the
 * embargo, the lead image, the body, or the N-th figure in the body (its
 * first empty credit or alt text, else its caption).
 */
export function jumpToField(field: string): void {
  const layout = document.querySelector('.compose-layout');
  if (!layout) return;
  let target: HTMLElement | null = null;
  const figure = /^body\.figure\[(\d+)\]$/.exec(field);
  if (figure) {
    const node = layout.querySelectorAll<HTMLElement>('.body-editor .figure-node')[Number(figure[1])];
    if (node) {
      const holder = node.querySelector<HTMLInputElement>('.figure-credit input');
      const texts = Array.from(node.querySelectorAll<HTMLTextAreaElement>('textarea:not(:disabled)'));
      const alt = texts[1];
      if (holder && holder.value.trim() === '') target = holder;
      else if (alt && alt.value.trim() === '') target = alt;
      else target = texts[0] ?? node;
    }
  } else if (field === 'body' || field.startsWith('body.')) {
    target = layout.querySelector<HTMLElement>('.body-editor');
  } else {
    const wrapper = layout.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
    target = wrapper?.querySelector<HTMLElement>(FOCUSABLE) ?? null;
  }
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  target.focus();
}

function ConnectedBodyEditor({ language }: { language: string }) {
  const bodyChanged = useAppStore((s) => s.bodyChanged);
  const uploadImage = useAppStore((s) => s.uploadImage);
  const showError = useAppStore((s) => s.showError);
  const setFields = useAppStore((s) => s.setFields);
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
    />
  );
}

interface TextFieldProps {
  readonly field: Exclude<DraftTextField, 'language' | 'topic'>;
  readonly label: string;
  readonly hint?: string;
  /** Recommended maximum; shows a character count. */
  readonly max?: number;
  readonly multiline?: boolean;
  readonly className?: string;
}

function TextField({ field, label, hint, max, multiline, className }: TextFieldProps) {
  const { t } = useTranslation();
  const value = useAppStore((s) => s.compose.draft[field]);
  const language = useAppStore((s) => s.compose.draft.language);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const hintId = useId();
  const chars = Array.from(value).length;
  const tooLong = max !== undefined && chars > max;
  const count =
    max === undefined
      ? null
      : tooLong
        ? t('compose.hints.tooLong', { chars, max })
        : t('compose.hints.length', { chars, max });
  const described = hint || count ? hintId : undefined;
  const common = {
    id,
    value,
    dir: directionOf(language),
    lang: language,
    'aria-describedby': described,
    onChange: (event: { target: { value: string } }) => setField(field, event.target.value),
  };
  return (
    <div className={className ? `field ${className}` : 'field'} data-field={field}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" autoComplete="off" {...common} />}
      {described && (
        <p id={hintId} className="hint">
          {hint}
          {hint && count ? ' ' : ''}
          {count && <span className={tooLong ? 'count count-over' : 'count'}>{count}</span>}
        </p>
      )}
    </div>
  );
}

function TopicField() {
  const { t } = useTranslation();
  const value = useAppStore((s) => s.compose.draft.topic);
  const language = useAppStore((s) => s.compose.draft.language);
  const topics = useAppStore((s) => s.compose.topics);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const listId = useId();
  const hintId = useId();
  return (
    <div className="field field-topic" data-field="topic">
      <label htmlFor={id}>{t('compose.fields.topic')}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        list={listId}
        value={value}
        dir={directionOf(language)}
        lang={language}
        aria-describedby={hintId}
        onChange={(event) => setField('topic', event.target.value)}
      />
      <datalist id={listId}>
        {topics.map((topic) => (
          <option key={topic} value={topic} />
        ))}
      </datalist>
      <p id={hintId} className="hint">
        {t('compose.hints.topic')}
      </p>
    </div>
  );
}

function LanguageField() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.compose.draft.language);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const known = ['de', 'en', ...OTHER_LANGUAGES];
  return (
    <div className="field field-language">
      <label htmlFor={id}>{t('compose.fields.language')}</label>
      <select id={id} value={language} onChange={(event) => setField('language', event.target.value)}>
        <option value="de" lang="de">
          {languageEndonym('de')}
        </option>
        <option value="en" lang="en">
          {languageEndonym('en')}
        </option>
        {!known.includes(language) && (
          <option value={language} lang={language}>
            {languageEndonym(language)}
          </option>
        )}
        <optgroup label={t('compose.otherLanguages')}>
          {OTHER_LANGUAGES.map((tag) => (
            <option key={tag} value={tag} lang={tag}>
              {languageEndonym(tag)}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}

function ComposeActions() {
  const { t } = useTranslation();
  const exists = useAppStore((s) => s.compose.releaseId !== null);
  const actionError = useAppStore((s) => s.compose.actionError);
  const trashRelease = useAppStore((s) => s.trashRelease);
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  if (!exists) return null;
  return (
    <div className="compose-actions">
      {actionError && (
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
