import { useId } from 'react';
import type { LogEntry, LogKind } from '../../../../shared/domain/log';
import { RELEASE_STATUSES } from '../../../../shared/domain/constants';
import { useTranslation } from 'react-i18next';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import { comparableText, WordDiff } from './WordDiff';
import { approvalLogDetail } from '../approval/logDetail';

/** The button that opens the history of the open release. */
export function HistoryButton() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.history.releaseId !== null);
  const openHistory = useAppStore((s) => s.openHistory);
  const closeHistory = useAppStore((s) => s.closeHistory);
  return (
    <button type="button" aria-expanded={open} onClick={() => (open ? closeHistory() : void openHistory())}>
      {t('history.open')}
    </button>
  );
}

/** Kept revisions (time, status, words), a word diff against the current text, and restore. */
export function HistoryPanel() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const history = useAppStore((s) => s.history);
  const draft = useAppStore((s) => s.compose.draft);
  const selectRevision = useAppStore((s) => s.selectRevision);
  const restore = useAppStore((s) => s.restoreSelectedRevision);
  const headingId = useId();
  if (history.releaseId === null) return null;
  const selected = history.selected;
  return (
    <>
      <section className="history-panel" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('history.title')}</h2>
        {history.error && (
          <p className="error-box" role="alert">
            {t(`errors.${history.error}`)}
          </p>
        )}
        {history.status === 'loading' && <p role="status">{t('history.loading')}</p>}
        <ol className="history-list">
          {history.items.map((item) => (
            <li key={item.version}>
              <button
                type="button"
                aria-pressed={selected?.version === item.version}
                onClick={() => void selectRevision(item.version)}
              >
                {t('history.item', {
                  version: item.version,
                  date: formatOfficeDateTime(item.createdAt, locale),
                  status: t(`status.${item.status}`),
                  count: item.words,
                })}
              </button>
            </li>
          ))}
        </ol>
        {selected && (
          <div className="history-compare">
            <h3>{t('history.compareTitle', { version: selected.version })}</h3>
            <WordDiff
              before={comparableText(selected)}
              after={comparableText(draft)}
              label={t('history.diffLabel', { version: selected.version })}
            />
            <button type="button" className="primary" onClick={() => void restore()}>
              {t('history.restore', { version: selected.version })}
            </button>
            <p className="hint">{t('history.restoreHint')}</p>
          </div>
        )}
      </section>
      <ReleaseLog />
    </>
  );
}

/** The groups of log entries the filter offers. */
const LOG_FILTERS = {
  all: [],
  saves: ['autosave', 'save', 'correction', 'revision-restored'],
  status: ['status'],
  approval: ['review-requested', 'approved', 'approval-confirmed', 'quote'],
  exports: ['exported', 'mailed'],
  lifecycle: ['created', 'duplicated', 'imported', 'trashed', 'untrashed', 'purged'],
  comments: ['comment'],
} as const satisfies Record<string, readonly LogKind[]>;

type LogFilter = keyof typeof LOG_FILTERS;

/** What a `comment` entry can say was done. */
const COMMENT_ACTIONS = ['added', 'replied', 'resolved', 'reopened'] as const;

const isCommentAction = (value: unknown): value is (typeof COMMENT_ACTIONS)[number] =>
  typeof value === 'string' && (COMMENT_ACTIONS as readonly string[]).includes(value);

function filterOf(kinds: readonly LogKind[]): LogFilter {
  const key = kinds.join(',');
  return (Object.keys(LOG_FILTERS) as LogFilter[]).find((f) => LOG_FILTERS[f].join(',') === key) ?? 'all';
}

const isStatus = (value: unknown): value is (typeof RELEASE_STATUSES)[number] =>
  typeof value === 'string' && (RELEASE_STATUSES as readonly string[]).includes(value);

/** Who did what and when to the open release, oldest first: the append-only log. */
function ReleaseLog() {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const log = useAppStore((s) => s.history.log);
  const kinds = useAppStore((s) => s.history.logKinds);
  const filterLog = useAppStore((s) => s.filterLog);
  const headingId = useId();
  const detail = (entry: LogEntry): string => {
    const { from, to } = entry.detail;
    if (entry.kind === 'status' && isStatus(from) && isStatus(to))
      return t('history.log.statusDetail', { from: t(`status.${from}`), to: t(`status.${to}`) });
    if (entry.kind === 'revision-restored' && typeof from === 'number')
      return t('history.log.restoredDetail', { version: from });
    const action = entry.detail.action;
    if (entry.kind === 'comment' && isCommentAction(action)) return t(`history.log.commentActions.${action}`);
    const format = entry.detail.format;
    if (entry.kind === 'exported' && (format === 'review-pdf' || format === 'review-docx'))
      return t('history.log.reviewCopyDetail', { format: format === 'review-pdf' ? 'PDF' : 'Word' });
    return approvalLogDetail(entry, t);
  };
  return (
    <section className="release-log" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.log.title')}</h2>
      <label>
        {t('history.log.filter')}
        <select value={filterOf(kinds)} onChange={(e) => void filterLog(LOG_FILTERS[e.target.value as LogFilter])}>
          {(Object.keys(LOG_FILTERS) as LogFilter[]).map((f) => (
            <option key={f} value={f}>
              {t(`history.log.filters.${f}`)}
            </option>
          ))}
        </select>
      </label>
      {log.length === 0 ? (
        <p>{t('history.log.empty')}</p>
      ) : (
        <ol className="release-log-list" aria-label={t('history.log.title')}>
          {log.map((entry) => (
            <li key={entry.seq}>
              <span className="log-kind">{t(`history.log.kinds.${entry.kind}`)}</span>
              {detail(entry) && <span className="log-detail"> {detail(entry)}</span>}
              <span className="log-meta">
                {' · '}
                {formatOfficeDateTime(entry.at, locale)}
                {' · '}
                {entry.actor.name
                  ? entry.actor.function
                    ? `${entry.actor.name}, ${entry.actor.function}`
                    : entry.actor.name
                  : t('history.log.unknownActor')}
                {entry.version !== null && ` · ${t('history.log.version', { version: entry.version })}`}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
