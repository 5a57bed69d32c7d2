import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RELEASE_STATUSES, type ReleaseStatus } from '../../../../shared/domain/constants';
import { canTransition } from '../../../../shared/domain/workflow';
import { embargoRunning } from '../../../../shared/domain/publicity';
import { Dialog } from '../../components/Dialog';
import { StatusRefusal } from '../approval/ApprovalPanel';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTimeWithZone } from '../../lib/format';
import { useAppStore } from '../../stores';
import { isWebUrl } from '../../stores/composeSlice';
import { useFocusTarget } from './focusTargets';
import { HistoryButton } from './HistoryPanel';
import { dateTimePlaceholder, formatDateTimeInput, parseDateTimeInput, type InputLanguage } from '../../lib/dateInput';

/** Publication date and embargo: entered as Berlin wall-clock time, stored as UTC, shown with the zone. */
export function DateField({ field, label }: { field: 'publishedAt' | 'embargoUntil'; label: string }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const value = useAppStore((s) => s.compose.draft[field]);
  const setFields = useAppStore((s) => s.setFields);
  const id = useId();
  const hintId = useId();
  const target = useFocusTarget<HTMLInputElement>(field);
  const language: InputLanguage = locale.toLowerCase().startsWith('de') ? 'de' : 'en';
  const shown = value ? formatDateTimeInput(value, language) : '';
  // What is being typed stays as typed; the stored value changes only when the text is a date.
  const [text, setText] = useState(shown);
  const [typing, setTyping] = useState(false);
  const invalid = parseDateTimeInput(text) === undefined;
  return (
    <div className="field field-date" data-field={field}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={target}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={dateTimePlaceholder(language)}
        value={typing ? text : shown}
        aria-invalid={typing && invalid ? true : undefined}
        aria-describedby={hintId}
        onFocus={() => {
          setText(shown);
          setTyping(true);
        }}
        onBlur={() => setTyping(false)}
        onChange={(event) => {
          setText(event.target.value);
          const parsed = parseDateTimeInput(event.target.value);
          if (parsed !== undefined) setFields({ [field]: parsed });
        }}
      />
      <p id={hintId} className={typing && invalid ? 'hint hint-error' : 'hint'}>
        {typing && invalid
          ? t('compose.hints.dateInvalid', { form: dateTimePlaceholder(language) })
          : value
            ? formatOfficeDateTimeWithZone(value, locale)
            : t('compose.hints.berlinTime')}
      </p>
    </div>
  );
}

/** Keywords, separated by commas. */
export function TagsField() {
  const { t } = useTranslation();
  const tags = useAppStore((s) => s.compose.draft.tags);
  const setFields = useAppStore((s) => s.setFields);
  const [text, setText] = useState(() => tags.join(', '));
  const id = useId();
  const hintId = useId();
  return (
    <div className="field field-tags">
      <label htmlFor={id}>{t('compose.fields.tags')}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        value={text}
        aria-describedby={hintId}
        onChange={(event) => {
          setText(event.target.value);
          setFields({
            tags: event.target.value
              .split(',')
              .map((tag) => tag.trim())
              .filter(Boolean),
          });
        }}
      />
      <p id={hintId} className="hint">
        {t('compose.hints.tags')}
      </p>
    </div>
  );
}

/** Press contact or boilerplate: free text, or a snippet from the settings inserted with one choice. */
export function SnippetField({ field, label }: { field: 'pressContact' | 'boilerplate'; label: string }) {
  const { t } = useTranslation();
  const value = useAppStore((s) => s.compose.draft[field]);
  const language = useAppStore((s) => s.compose.draft.language);
  const snippets = useAppStore((s) => s.settings.snippets);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const pickId = useId();
  const choices = snippets.filter((s) => s.kind === field);
  return (
    <div className="field field-snippet">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={4}
        lang={language}
        value={value}
        onChange={(event) => setField(field, event.target.value)}
      />
      <div className="snippet-insert">
        <label htmlFor={pickId}>{t('compose.snippets.insert')}</label>
        <select
          id={pickId}
          value=""
          disabled={choices.length === 0}
          onChange={(event) => {
            const chosen = choices.find((s) => s.id === event.target.value);
            if (chosen) setField(field, chosen.text);
          }}
        >
          <option value="">{choices.length ? t('compose.snippets.choose') : t('compose.snippets.none')}</option>
          {choices.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** Further information: title and web address per row; rows with an invalid address are not stored. */
export function RelatedLinksField() {
  const { t } = useTranslation();
  const links = useAppStore((s) => s.compose.draft.relatedLinks);
  const setFields = useAppStore((s) => s.setFields);
  const headingId = useId();
  const change = (index: number, patch: Partial<{ title: string; url: string }>): void =>
    setFields({ relatedLinks: links.map((l, i) => (i === index ? { ...l, ...patch } : l)) });
  return (
    <fieldset className="field related-links" aria-labelledby={headingId}>
      <legend id={headingId}>{t('compose.fields.relatedLinks')}</legend>
      {links.map((link, index) => (
        <RelatedLinkRow
          key={index}
          index={index}
          title={link.title}
          url={link.url}
          onChange={(patch) => change(index, patch)}
          onRemove={() => setFields({ relatedLinks: links.filter((_, i) => i !== index) })}
        />
      ))}
      <button type="button" onClick={() => setFields({ relatedLinks: [...links, { title: '', url: '' }] })}>
        {t('compose.relatedLinks.add')}
      </button>
    </fieldset>
  );
}

function RelatedLinkRow(props: {
  index: number;
  title: string;
  url: string;
  onChange: (patch: Partial<{ title: string; url: string }>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const urlId = useId();
  const errorId = useId();
  const url = props.url.trim();
  const invalid = url !== '' && !isWebUrl(url);
  // „www.example.org“ lacks only its scheme: one click adds it.
  const fixable = invalid && !/^[a-z][a-z0-9+.-]*:/i.test(url) && isWebUrl(`https://${url}`);
  const n = props.index + 1;
  return (
    <div className="related-link">
      <label htmlFor={titleId}>{t('compose.relatedLinks.title', { n })}</label>
      <input id={titleId} type="text" value={props.title} onChange={(e) => props.onChange({ title: e.target.value })} />
      <label htmlFor={urlId}>{t('compose.relatedLinks.url', { n })}</label>
      <input
        id={urlId}
        type="url"
        inputMode="url"
        value={props.url}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(e) => props.onChange({ url: e.target.value })}
      />
      {invalid && (
        <p id={errorId} className="hint hint-error related-link-error">
          {t('compose.relatedLinks.invalid')}{' '}
          {fixable && (
            <button type="button" className="quiet" onClick={() => props.onChange({ url: `https://${url}` })}>
              {t('compose.relatedLinks.addHttps')}
            </button>
          )}
        </p>
      )}
      <button type="button" onClick={props.onRemove}>
        {t('compose.relatedLinks.remove', { n })}
      </button>
    </div>
  );
}

/** The workflow: current status, the allowed next steps, corrections and "use as template". */
export function WorkflowBar() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const status = useAppStore((s) => s.compose.status);
  const correctedAt = useAppStore((s) => s.compose.correctedAt);
  const releaseNumber = useAppStore((s) => s.compose.releaseNumber);
  const changeStatus = useAppStore((s) => s.changeStatus);
  const duplicateRelease = useAppStore((s) => s.duplicateRelease);
  const loadSnippets = useAppStore((s) => s.loadSnippets);
  const embargoUntil = useAppStore((s) => s.compose.draft.embargoUntil);
  const openApprovalDialog = useAppStore((s) => s.openApprovalDialog);
  const [askPublish, setAskPublish] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    void loadSnippets();
  }, [loadSnippets]);
  const next = RELEASE_STATUSES.filter((to) => to !== status && canTransition(status, to));
  // Publishing while the embargo runs is allowed (distribution under embargo), but never without asking.
  const choose = (to: ReleaseStatus): void => {
    // „Freigegeben“ needs an approval on record: the status comes with recording it.
    if (to === 'approved') openApprovalDialog('approve');
    else if (to === 'published' && embargoRunning(embargoUntil, new Date())) setAskPublish(true);
    else void changeStatus(to);
  };
  return (
    <div className="workflow-bar">
      <span className={`status-badge status-${status}`}>
        {t('compose.statusLabel', { status: t(`status.${status}`) })}
      </span>
      <label htmlFor={id}>{t('compose.workflow.change')}</label>
      <select
        id={id}
        value=""
        onChange={(event) => {
          const to = event.target.value as ReleaseStatus;
          if (to) choose(to);
        }}
      >
        <option value="">{t('compose.workflow.choose')}</option>
        {next.map((to) => (
          <option key={to} value={to}>
            {t(`status.${to}`)}
          </option>
        ))}
      </select>
      <StatusRefusal />
      <button type="button" onClick={() => void duplicateRelease()}>
        {t('compose.workflow.duplicate')}
      </button>
      <SaveAsTemplate />
      <HistoryButton />
      <Dialog
        open={askPublish}
        title={t('compose.workflow.publishEmbargoTitle')}
        description={
          embargoUntil
            ? t('compose.workflow.publishEmbargoBody', { time: formatOfficeDateTimeWithZone(embargoUntil, locale) })
            : ''
        }
        onCancel={() => setAskPublish(false)}
        initialFocus={cancelButton}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            setAskPublish(false);
            void changeStatus('published');
          }}
        >
          {t('compose.workflow.publishEmbargoConfirm')}
        </button>
        <button type="button" ref={cancelButton} onClick={() => setAskPublish(false)}>
          {t('compose.workflow.cancel')}
        </button>
      </Dialog>
      {releaseNumber ? (
        <p className="release-number">{t('compose.workflow.releaseNumber', { number: releaseNumber })}</p>
      ) : null}
      {status === 'published' && (
        <p className="hint">
          {correctedAt
            ? t('compose.workflow.correctedAt', { date: formatOfficeDateTimeWithZone(correctedAt, locale) })
            : t('compose.workflow.correctionHint')}
        </p>
      )}
    </div>
  );
}

/** Keeps the open release's structure and fields as a named template („Neue Meldung“ offers it). */
function SaveAsTemplate() {
  const { t } = useTranslation();
  const saveAsTemplate = useAppStore((s) => s.saveAsTemplate);
  const suggested = useAppStore((s) => s.compose.draft.topic);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (name.trim() === '') return;
    const result = await saveAsTemplate(name);
    setFailed(result === null);
    if (result) {
      setSaved(result.name);
      setOpen(false);
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setName(suggested);
          setSaved(null);
          setFailed(false);
          setOpen(true);
        }}
      >
        {t('compose.workflow.saveTemplate')}
      </button>
      {saved !== null && (
        <p role="status" className="hint">
          {t('compose.templateDialog.saved', { name: saved })}
        </p>
      )}
      <Dialog
        open={open}
        title={t('compose.templateDialog.title')}
        description={t('compose.templateDialog.body')}
        onCancel={() => setOpen(false)}
        initialFocus={input}
      >
        <form className="template-form" onSubmit={(event) => void save(event)}>
          <label htmlFor={id}>{t('compose.templateDialog.name')}</label>
          <input
            ref={input}
            id={id}
            type="text"
            value={name}
            maxLength={120}
            required
            onChange={(event) => setName(event.target.value)}
          />
          {failed && (
            <p className="hint hint-error" role="alert">
              {t('compose.templateDialog.failed')}
            </p>
          )}
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            {t('compose.templateDialog.save')}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      </Dialog>
    </>
  );
}
