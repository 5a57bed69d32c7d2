import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Backup } from '../../../../shared/contract/backup';
import { SNIPPET_KINDS, type Snippet, type SnippetKind } from '../../../../shared/domain/snippet';
import { Dialog } from '../../components/Dialog';
import { NoticeBar } from '../../components/Notice';
import { formatOfficeDateTime } from '../../lib/format';
import { useAppStore } from '../../stores';
import { ApprovalRulesSection } from '../approval/ApprovalRulesSection';
import { LanguageSetting } from './LanguageSetting';
import { MailSection } from './MailSection';
import { OfficeSection } from './OfficeSection';
import { ProfileSection } from './ProfileSection';
import { TeamSection } from './TeamSection';
import { TemplatesSection } from './TemplatesSection';

/** Settings: the interface language, the press office, the reusable snippets for press contact and boilerplate, and the backups. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const snippets = useAppStore((s) => s.settings.snippets);
  const error = useAppStore((s) => s.settings.error);
  const navigations = useAppStore((s) => s.navigations);
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<Snippet | 'new' | null>(null);
  const headingId = useId();

  useEffect(() => {
    if (navigations > 1) heading.current?.focus();
  }, [navigations]);

  return (
    <main id="main" className="screen settings-screen" tabIndex={-1}>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('settings.title')}
        </h1>
      </div>
      <NoticeBar />
      <LanguageSetting />
      <ProfileSection />
      <OfficeSection />
      <MailSection />
      <TeamSection />
      <ApprovalRulesSection />
      <TemplatesSection />
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t('settings.snippetsHeading')}</h2>
        <p className="hint">{t('settings.snippetsIntro')}</p>
        {error && (
          <div className="error-box" role="alert">
            <p>
              <strong>{t('settings.failed')}</strong> {t(`errors.${error}`)}
            </p>
          </div>
        )}
        {snippets.length === 0 ? (
          <p>{t('settings.empty')}</p>
        ) : (
          <ul className="snippet-list">
            {snippets.map((snippet) => (
              <SnippetRow key={snippet.id} snippet={snippet} onEdit={() => setEditing(snippet)} />
            ))}
          </ul>
        )}
        {editing ? (
          <SnippetForm
            key={editing === 'new' ? 'new' : editing.id}
            snippet={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('settings.add')}
          </button>
        )}
      </section>
      <BackupSection />
      <ArchiveSection />
    </main>
  );
}

function formatBytes(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(bytes / 1024, 1), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** Back up now, the list of backups and restoring one after a confirmation. */
function BackupSection() {
  const { t, i18n } = useTranslation();
  const backup = useAppStore((s) => s.backup);
  const createBackup = useAppStore((s) => s.createBackup);
  const restoreBackup = useAppStore((s) => s.restoreBackup);
  const [confirming, setConfirming] = useState<Backup | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLButtonElement | null>(null);
  const headingId = useId();
  const locale = i18n.language;
  const time = (iso: string) => formatOfficeDateTime(iso, locale);

  const close = (): void => {
    setConfirming(null);
    returnFocus.current?.focus();
  };

  return (
    <section aria-labelledby={headingId} className="backup-section">
      <h2 id={headingId}>{t('settings.backup.heading')}</h2>
      <p className="hint">{t('settings.backup.intro')}</p>
      <button type="button" className="primary" disabled={backup.busy !== null} onClick={() => void createBackup()}>
        {backup.busy === 'creating' ? t('settings.backup.creating') : t('settings.backup.now')}
      </button>
      <p role="status" className="backup-status">
        {backup.busy === 'restoring' && t('settings.backup.restoring')}
        {backup.done?.kind === 'created' &&
          t('settings.backup.created', { time: time(backup.done.backup.createdAt), name: backup.done.backup.name })}
        {backup.done?.kind === 'restored' &&
          t('settings.backup.restored', {
            time: time(backup.done.backup.createdAt),
            previous: backup.done.previous.name,
          })}
      </p>
      {backup.done?.kind === 'restored' && (
        <DroppedList dropped={backup.done.dropped} count={backup.done.droppedCount} />
      )}
      {backup.error && (
        <div className="error-box" role="alert">
          <p>
            <strong>{t('settings.backup.failed')}</strong> {t(`errors.${backup.error}`)}
          </p>
        </div>
      )}
      <BackupKeepSetting />
      {backup.items.length === 0 ? (
        backup.status === 'ready' && <p>{t('settings.backup.empty')}</p>
      ) : (
        <table className="backup-table">
          <caption>{t('settings.backup.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settings.backup.time')}</th>
              <th scope="col">{t('settings.backup.kind')}</th>
              <th scope="col">{t('settings.backup.size')}</th>
              <th scope="col">{t('settings.backup.action')}</th>
            </tr>
          </thead>
          <tbody>
            {backup.items.map((item) => (
              <tr key={item.name} data-backup={item.name}>
                <th scope="row">
                  <time dateTime={item.createdAt}>{time(item.createdAt)}</time>
                </th>
                <td>{t(`settings.backup.kinds.${item.kind}`)}</td>
                <td>{formatBytes(item.bytes, locale)}</td>
                <td>
                  {item.kind !== 'damaged' && (
                    <button
                      type="button"
                      disabled={backup.busy !== null}
                      aria-label={t('settings.backup.restoreLabel', { time: time(item.createdAt) })}
                      onClick={(event) => {
                        returnFocus.current = event.currentTarget;
                        setConfirming(item);
                      }}
                    >
                      {t('settings.backup.restore')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog
        open={confirming !== null}
        title={t('settings.backup.dialogTitle')}
        description={confirming ? t('settings.backup.dialogBody', { time: time(confirming.createdAt) }) : ''}
        onCancel={close}
        initialFocus={cancelButton}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            const chosen = confirming;
            close();
            if (chosen) void restoreBackup(chosen.name);
          }}
        >
          {t('settings.backup.confirm')}
        </button>
        <button type="button" ref={cancelButton} onClick={close}>
          {t('settings.backup.cancel')}
        </button>
      </Dialog>
    </section>
  );
}

/** How many automatic backups are kept; the next automatic backup deletes the oldest beyond it. */
function BackupKeepSetting() {
  const { t } = useTranslation();
  const keep = useAppStore((s) => s.backup.keep);
  const keepState = useAppStore((s) => s.backup.keepState);
  const saveBackupKeep = useAppStore((s) => s.saveBackupKeep);
  // What the user typed; until then the stored number (which a restore may change).
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? (keep === null ? '' : String(keep));
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  const failed = keepState?.kind === 'error' ? keepState.code : null;
  return (
    <form
      className="backup-keep-form"
      // The engine's range check speaks the interface language; the browser's own would not.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void saveBackupKeep(value.trim() === '' ? Number.NaN : Number(value)).then((saved) => saved && setDraft(null));
      }}
    >
      <fieldset className="backup-keep">
        <legend>{t('settings.backup.keepHeading')}</legend>
        <div className="field">
          <label htmlFor={inputId}>{t('settings.backup.keepLabel')}</label>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            value={value}
            aria-invalid={failed !== null}
            aria-describedby={failed ? `${hintId} ${errorId}` : hintId}
            onChange={(event) => setDraft(event.target.value)}
          />
          <p className="hint" id={hintId}>
            {t('settings.backup.keepHint')}
          </p>
        </div>
        <button type="submit" disabled={keep === null || keepState?.kind === 'saving'}>
          {t('settings.backup.keepSave')}
        </button>
        <p role="status" className="backup-keep-status">
          {keepState?.kind === 'saved' && t('settings.backup.keepSaved', { count: keepState.keep })}
        </p>
        {failed && (
          <p className="error-box" role="alert" id={errorId}>
            {failed === 'INVALID_INPUT' ? t('settings.backup.keepInvalid') : t(`errors.${failed}`)}
          </p>
        )}
      </fieldset>
    </form>
  );
}

/** The portable full backup: export it, or replace everything with one after a confirmation. */
function ArchiveSection() {
  const { t, i18n } = useTranslation();
  const backup = useAppStore((s) => s.backup);
  const exportFullBackup = useAppStore((s) => s.exportFullBackup);
  const importFullBackup = useAppStore((s) => s.importFullBackup);
  const revealFullBackup = useAppStore((s) => s.revealFullBackup);
  const uploads = useAppStore((s) => s.canUploadArchive)();
  const [confirming, setConfirming] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const introId = useId();
  const locale = i18n.language;
  const done = backup.done;

  const close = (): void => {
    setConfirming(false);
    importButton.current?.focus();
  };

  return (
    <section aria-labelledby={headingId} className="archive-file-section">
      <h2 id={headingId}>{t('settings.fullBackup.heading')}</h2>
      <p className="hint" id={introId}>
        {t('settings.fullBackup.intro')}
      </p>
      <div className="archive-file-actions">
        <button
          type="button"
          className="primary"
          disabled={backup.busy !== null}
          aria-describedby={introId}
          onClick={() => void exportFullBackup()}
        >
          {backup.busy === 'exporting' ? t('settings.fullBackup.exporting') : t('settings.fullBackup.export')}
        </button>
        <button type="button" ref={importButton} disabled={backup.busy !== null} onClick={() => setConfirming(true)}>
          {backup.busy === 'importing' ? t('settings.fullBackup.importing') : t('settings.fullBackup.import')}
        </button>
      </div>
      {uploads && (
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".zip,application/zip"
          aria-label={t('settings.fullBackup.chooseFile')}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void importFullBackup(file);
          }}
        />
      )}
      <p role="status" className="archive-file-status">
        {backup.busy === 'exporting' && t('settings.fullBackup.exportingLong')}
        {backup.busy === 'importing' && t('settings.fullBackup.importingLong')}
        {done?.kind === 'exported' &&
          t(done.result.status === 'saved' ? 'settings.fullBackup.saved' : 'settings.fullBackup.downloaded', {
            name: done.result.fileName,
            size: formatBytes(done.result.bytes, locale),
            releases: done.result.releases,
            assets: done.result.assets,
          })}
        {done?.kind === 'imported' &&
          t('settings.fullBackup.imported', {
            releases: done.result.releases,
            assets: done.result.assets,
            added: done.result.addedImages,
            previous: done.result.previous.name,
          })}
      </p>
      {done?.kind === 'imported' && (
        <DroppedList
          dropped={done.result.dropped ?? []}
          count={done.result.droppedCount ?? done.result.dropped?.length ?? 0}
        />
      )}
      {done?.kind === 'exported' && done.result.status === 'saved' && (
        <button type="button" onClick={() => void revealFullBackup()}>
          {t('settings.fullBackup.showInFolder')}
        </button>
      )}
      {backup.archiveError && (
        <div className="error-box" role="alert">
          <p>
            <strong>{t('settings.fullBackup.failed')}</strong> {t(`errors.${backup.archiveError}`)}
          </p>
        </div>
      )}
      <Dialog
        open={confirming}
        title={t('settings.fullBackup.dialogTitle')}
        description={t('settings.fullBackup.dialogBody')}
        onCancel={close}
        initialFocus={cancelButton}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            close();
            // Web mode: the page asks for the file (this click allows it); the app asks in its own dialog.
            if (uploads) fileInput.current?.click();
            else void importFullBackup();
          }}
        >
          {t('settings.fullBackup.confirm')}
        </button>
        <button type="button" ref={cancelButton} onClick={close}>
          {t('settings.fullBackup.cancel')}
        </button>
      </Dialog>
    </section>
  );
}

/** What a restore or an archive import left out because it did not pass the checks: the number and the names. */
function DroppedList({ dropped, count }: { dropped: readonly string[]; count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <details className="dropped-list">
      <summary>{t('settings.dropped', { count })}</summary>
      <ul>
        {dropped.map((item, i) => (
          <li key={i}>
            <code>{item}</code>
          </li>
        ))}
      </ul>
      {count > dropped.length && <p>{t('settings.droppedMore', { count: count - dropped.length })}</p>}
    </details>
  );
}

function SnippetRow({ snippet, onEdit }: { snippet: Snippet; onEdit: () => void }) {
  const { t } = useTranslation();
  const deleteSnippet = useAppStore((s) => s.deleteSnippet);
  return (
    <li className="snippet-row">
      <p>
        <strong>{snippet.title}</strong> <span className="hint">({t(`settings.kinds.${snippet.kind}`)})</span>
      </p>
      <p className="snippet-text">{snippet.text}</p>
      <button type="button" onClick={onEdit}>
        {t('settings.edit', { title: snippet.title })}
      </button>
      <button type="button" className="danger" onClick={() => void deleteSnippet(snippet.id)}>
        {t('settings.delete', { title: snippet.title })}
      </button>
    </li>
  );
}

function SnippetForm({ snippet, onDone }: { snippet: Snippet | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saveSnippet = useAppStore((s) => s.saveSnippet);
  const [kind, setKind] = useState<SnippetKind>(snippet?.kind ?? 'pressContact');
  const [title, setTitle] = useState(snippet?.title ?? '');
  const [text, setText] = useState(snippet?.text ?? '');
  const kindId = useId();
  const titleId = useId();
  const textId = useId();
  return (
    <form
      className="snippet-form"
      onSubmit={(event) => {
        event.preventDefault();
        void saveSnippet({ id: snippet?.id, kind, title, text }).then((ok) => ok && onDone());
      }}
    >
      <div className="field">
        <label htmlFor={kindId}>{t('settings.kind')}</label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as SnippetKind)}>
          {SNIPPET_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`settings.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={titleId}>{t('settings.titleLabel')}</label>
        <input id={titleId} type="text" required value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={textId}>{t('settings.text')}</label>
        <textarea id={textId} rows={5} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="primary">
        {t('settings.save')}
      </button>
      <button type="button" onClick={onDone}>
        {t('settings.cancel')}
      </button>
    </form>
  );
}
