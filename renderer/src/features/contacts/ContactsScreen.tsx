import { useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ContactFieldsSchema, type Contact, type ContactList } from '../../../../shared/contract/contacts';
import { Dialog } from '../../components/Dialog';
import { useAppStore } from '../../stores';
import './contacts.css';

/** Height of one table row in pixels (the table shows only the rows in view). */
const ROW_HEIGHT = 40;
const OVERSCAN = 8;

/** Hands the CSV to the browser as a download. */
function downloadCsv(fileName: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The press list (Presseverteiler): the lists on the side with their counts,
 * the contacts of the chosen list as a table filtered by text, a form to edit
 * one, import from CSV and vCard files with the refused lines, and the export
 * as a CSV file for Excel.
 */
export function ContactsScreen() {
  const { t } = useTranslation();
  const navigations = useAppStore((s) => s.navigations);
  const error = useAppStore((s) => s.contacts.error);
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditingState] = useState<Contact | 'new' | null>(null);
  // Where the focus goes back to when the form closes: the button that opened it.
  const opener = useRef<HTMLElement | null>(null);
  const setEditing = (next: Contact | 'new'): void => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setEditingState(next);
  };
  const closeForm = (): void => {
    setEditingState(null);
    const back = opener.current;
    setTimeout(() => (back?.isConnected ? back : heading.current)?.focus(), 0);
  };

  useEffect(() => {
    if (navigations > 1) heading.current?.focus();
  }, [navigations]);

  return (
    <main id="main" className="screen contacts-screen" tabIndex={-1}>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('contacts.title')}
        </h1>
      </div>
      {error && (
        <div className="error-box" role="alert">
          <p>
            <strong>{t('contacts.failed')}</strong> {t(`errors.${error}`)}
          </p>
        </div>
      )}
      <div className="contacts-layout">
        <ListsPanel />
        <div className="contacts-main">
          <Toolbar onNew={() => setEditing('new')} />
          <ImportResult />
          <ContactTable onEdit={setEditing} />
        </div>
      </div>
      {editing && (
        <ContactForm
          key={editing === 'new' ? 'new' : editing.id}
          contact={editing === 'new' ? null : editing}
          onDone={closeForm}
        />
      )}
    </main>
  );
}

function ListsPanel() {
  const { t } = useTranslation();
  const lists = useAppStore((s) => s.contacts.lists);
  const listId = useAppStore((s) => s.contacts.listId);
  const all = useAppStore((s) => s.contacts.all);
  const show = useAppStore((s) => s.showContactList);
  const create = useAppStore((s) => s.createContactList);
  const rename = useAppStore((s) => s.renameContactList);
  const remove = useAppStore((s) => s.deleteContactList);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<ContactList | null>(null);
  const [newName, setNewName] = useState('');
  const [deleting, setDeleting] = useState<ContactList | null>(null);
  const cancelDelete = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const current = lists.find((l) => l.id === listId) ?? null;

  const onCreate = (event: FormEvent): void => {
    event.preventDefault();
    if (name.trim() === '') return;
    void create(name).then((list) => {
      if (list) {
        setName('');
        show(list.id);
      }
    });
  };
  const onRename = (event: FormEvent): void => {
    event.preventDefault();
    if (!renaming || newName.trim() === '') return;
    void rename(renaming.id, newName).then((ok) => ok && setRenaming(null));
  };

  return (
    <aside className="contact-lists" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('contacts.lists.heading')}</h2>
      <ul>
        <li>
          <button
            type="button"
            className="list-entry"
            aria-current={listId === null ? 'true' : undefined}
            onClick={() => show(null)}
          >
            <span>{t('contacts.lists.all')}</span> <span className="count">{all}</span>
          </button>
        </li>
        {lists.map((l) => (
          <li key={l.id}>
            <button
              type="button"
              className="list-entry"
              aria-current={listId === l.id ? 'true' : undefined}
              onClick={() => show(l.id)}
            >
              <span dir="auto">{l.name}</span> <span className="count">{l.contacts}</span>
            </button>
          </li>
        ))}
      </ul>
      {current && !renaming && (
        <div className="list-actions">
          <button
            type="button"
            onClick={() => {
              setRenaming(current);
              setNewName(current.name);
            }}
          >
            {t('contacts.lists.rename')}
          </button>
          <button type="button" className="danger" onClick={() => setDeleting(current)}>
            {t('contacts.lists.delete')}
          </button>
        </div>
      )}
      {renaming && (
        <form onSubmit={onRename} className="list-form">
          <label>
            {t('contacts.lists.newName')}
            <input value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={100} autoFocus />
          </label>
          <button type="submit" className="primary">
            {t('contacts.lists.renameSave')}
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      <form onSubmit={onCreate} className="list-form">
        <label>
          {t('contacts.lists.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </label>
        <button type="submit">{t('contacts.lists.create')}</button>
      </form>
      <Dialog
        open={deleting !== null}
        title={t('contacts.lists.deleteTitle', { name: deleting?.name ?? '' })}
        description={t('contacts.lists.deleteBody')}
        onCancel={() => setDeleting(null)}
        initialFocus={cancelDelete}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            const target = deleting;
            setDeleting(null);
            if (target) void remove(target.id);
          }}
        >
          {t('contacts.lists.deleteConfirm')}
        </button>
        <button ref={cancelDelete} type="button" onClick={() => setDeleting(null)}>
          {t('common.cancel')}
        </button>
      </Dialog>
    </aside>
  );
}

async function readFiles(list: FileList | null): Promise<{ name: string; bytes: Uint8Array }[]> {
  const files = list ? Array.from(list) : [];
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

function Toolbar({ onNew }: { onNew: () => void }) {
  const { t } = useTranslation();
  const query = useAppStore((s) => s.contacts.query);
  const filter = useAppStore((s) => s.filterContacts);
  const importContacts = useAppStore((s) => s.importContacts);
  const exportContacts = useAppStore((s) => s.exportContacts);
  const running = useAppStore((s) => s.contacts.importer.status === 'running');
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(query);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (text !== query) filter(text);
    }, 200);
    return () => clearTimeout(timer);
  }, [text, query, filter]);

  const onPick = (e: ChangeEvent<HTMLInputElement>): void => {
    const target = e.target;
    void readFiles(target.files).then((picked) => {
      target.value = '';
      return importContacts(picked);
    });
  };

  return (
    <div className="contacts-toolbar">
      <label className="contacts-filter">
        {t('contacts.filter')}
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" className="primary" onClick={onNew}>
        {t('contacts.new')}
      </button>
      <button type="button" disabled={running} onClick={() => input.current?.click()}>
        {running ? t('contacts.import.running') : t('contacts.import.button')}
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        multiple
        accept=".csv,.txt,.vcf,.vcard,text/csv,text/vcard"
        aria-label={t('contacts.import.button')}
        tabIndex={-1}
        onChange={onPick}
      />
      <button
        type="button"
        onClick={() =>
          void exportContacts().then((file) => {
            if (file) downloadCsv(file.fileName, file.bytes);
          })
        }
      >
        {t('contacts.export')}
      </button>
    </div>
  );
}

/** The import while it runs (rows checked, „Import abbrechen“) and its result afterwards. */
function ImportResult() {
  const { t } = useTranslation();
  const importer = useAppStore((s) => s.contacts.importer);
  const dismiss = useAppStore((s) => s.dismissContactImport);
  const cancel = useAppStore((s) => s.cancelContactImport);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const running = importer.status === 'running';

  // The import button is disabled while the import runs: the keyboard's focus moves to the cancel button.
  useEffect(() => {
    if (running) cancelButton.current?.focus();
  }, [running]);

  if (importer.status === 'idle') return null;
  if (running) {
    return (
      <section className="import-panel" aria-label={t('contacts.import.title')} aria-live="polite">
        <label htmlFor="contact-import-progress">
          {importer.total === 0
            ? t('contacts.import.reading')
            : t('contacts.import.progress', { done: importer.done, total: importer.total })}
        </label>
        <progress
          id="contact-import-progress"
          max={Math.max(importer.total, 1)}
          value={importer.total === 0 ? undefined : importer.done}
        />
        <p className="hint">{t('contacts.import.cancelHint')}</p>
        <button ref={cancelButton} type="button" onClick={() => void cancel()}>
          {t('contacts.import.cancel')}
        </button>
      </section>
    );
  }
  const summary = importer.summary;
  const left = importer.files.filter((f) => f.state === 'cancelled').map((f) => f.file);
  return (
    <section className="import-panel" aria-label={t('contacts.import.title')}>
      <p role="status">
        {importer.status === 'error' && importer.error
          ? t(`errors.${importer.error}`)
          : t(importer.status === 'cancelled' ? 'contacts.import.cancelled' : 'contacts.import.done', {
              imported: summary?.imported ?? 0,
              updated: summary?.updated ?? 0,
              skipped: summary?.skipped ?? 0,
              failed: summary?.errors.length ?? 0,
            })}
      </p>
      {left.length > 0 && (
        <p>
          <bdi>{t('contacts.import.notImported', { files: left.join(', ') })}</bdi>
        </p>
      )}
      {summary && summary.errors.length > 0 && (
        <ul className="import-errors" aria-label={t('contacts.import.errors')}>
          {summary.errors.slice(0, 200).map((e, i) => (
            <li key={i}>
              <span dir="auto">{e.file}</span>
              {e.line > 0 ? `, ${t('contacts.import.line', { line: e.line })}` : ''}:{' '}
              {t(`errors.${e.code}` as 'errors.INTERNAL', { defaultValue: e.message })}{' '}
              <span className="hint">({e.message})</span>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={dismiss}>
        {t('common.dismiss')}
      </button>
    </section>
  );
}

/** The contacts as a table; only the rows in view are in the document, the table's height stands for all. */
function ContactTable({ onEdit }: { onEdit: (contact: Contact) => void }) {
  const { t } = useTranslation();
  const items = useAppStore((s) => s.contacts.items);
  const total = useAppStore((s) => s.contacts.total);
  const status = useAppStore((s) => s.contacts.status);
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = (): void => setHeight(el.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  if (status === 'loading' && items.length === 0) return <p role="status">{t('contacts.loading')}</p>;
  if (items.length === 0) return status === 'ready' ? <p>{t('contacts.empty')}</p> : null;

  const visible = height > 0 ? Math.ceil(height / ROW_HEIGHT) : 30;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(items.length, Math.floor(scrollTop / ROW_HEIGHT) + visible + OVERSCAN);

  return (
    <>
      <p className="hint" role="status">
        {t('contacts.count', { count: total })}
      </p>
      <div
        ref={viewport}
        className="contacts-viewport"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        // The table scrolls with the keyboard too (Tab moves from row to row).
        tabIndex={-1}
      >
        <table className="contacts-table" aria-rowcount={items.length + 1}>
          <caption className="visually-hidden">{t('contacts.tableCaption')}</caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">{t('contacts.field.name')}</th>
              <th scope="col">{t('contacts.field.outlet')}</th>
              <th scope="col">{t('contacts.field.email')}</th>
              <th scope="col">{t('contacts.field.lists')}</th>
              <th scope="col">{t('contacts.field.status')}</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && (
              <tr aria-hidden="true" style={{ height: first * ROW_HEIGHT }}>
                <td colSpan={5} />
              </tr>
            )}
            {items.slice(first, last).map((c, i) => (
              <tr key={c.id} aria-rowindex={first + i + 2} style={{ height: ROW_HEIGHT }}>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onEdit(c)}
                    aria-label={t('contacts.editLabel', { name: c.name || c.email })}
                    onFocus={(e) => e.currentTarget.scrollIntoView({ block: 'nearest' })}
                  >
                    <span dir="auto">{c.name || c.email}</span>
                  </button>
                </td>
                <td dir="auto">{c.outlet}</td>
                <td>{c.email}</td>
                <td dir="auto">{c.lists.join(', ')}</td>
                <td>{c.optOut ? <span className="badge">{t('contacts.optedOut')}</span> : ''}</td>
              </tr>
            ))}
            {last < items.length && (
              <tr aria-hidden="true" style={{ height: (items.length - last) * ROW_HEIGHT }}>
                <td colSpan={5} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

type TextField = 'name' | 'outlet' | 'role' | 'email' | 'phone' | 'language' | 'consentSource';

function ContactForm({ contact, onDone }: { contact: Contact | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lists = useAppStore((s) => s.contacts.lists);
  const shownList = useAppStore((s) => s.contacts.listId);
  const save = useAppStore((s) => s.saveContact);
  const remove = useAppStore((s) => s.deleteContact);
  const optOut = useAppStore((s) => s.optOutContact);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const cancelOptOut = useRef<HTMLButtonElement>(null);
  const cancelDelete = useRef<HTMLButtonElement>(null);
  const [fields, setFields] = useState({
    name: contact?.name ?? '',
    outlet: contact?.outlet ?? '',
    role: contact?.role ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    language: contact?.language ?? '',
    consentSource: contact?.consentSource ?? '',
  });
  const [beats, setBeats] = useState((contact?.beats ?? []).join(', '));
  const [remarks, setRemarks] = useState(contact?.remarks ?? '');
  const [consentAt, setConsentAt] = useState(contact?.consentAt ?? '');
  const [listIds, setListIds] = useState<string[]>(
    contact ? lists.filter((l) => contact.lists.includes(l.name)).map((l) => l.id) : shownList ? [shownList] : [],
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<'optOut' | 'delete' | null>(null);

  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'nearest' });
    heading.current?.focus();
  }, []);

  const text = (field: TextField, props: { type?: string; maxLength?: number; required?: boolean } = {}) => (
    <label className="field">
      {t(`contacts.field.${field}`)}
      <input
        type={props.type ?? 'text'}
        value={fields[field]}
        maxLength={props.maxLength ?? 200}
        required={props.required}
        aria-invalid={problems[field] ? true : undefined}
        aria-describedby={problems[field] ? `${headingId}-${field}` : undefined}
        onChange={(e) => setFields((f) => ({ ...f, [field]: e.target.value }))}
      />
      {problems[field] && (
        <span id={`${headingId}-${field}`} className="field-error">
          {problems[field]}
        </span>
      )}
    </label>
  );

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const input = {
      ...fields,
      beats: beats
        .split(/[,;]/)
        .map((b) => b.trim())
        .filter((b) => b !== ''),
      remarks,
      consentAt: consentAt === '' ? null : consentAt,
    };
    const parsed = ContactFieldsSchema.safeParse(input);
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        found[field] ??= field === 'email' ? t('contacts.form.emailInvalid') : t('contacts.form.invalid');
      }
      setProblems(found);
      return;
    }
    setProblems({});
    void save(contact?.id ?? null, input, listIds).then((stored) => stored && onDone());
  };

  const optedOutAt = contact?.optOutAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(contact.optOutAt))
    : '';

  return (
    <section className="contact-form" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {contact ? t('contacts.form.editTitle', { name: contact.name || contact.email }) : t('contacts.form.newTitle')}
      </h2>
      {contact?.optOut && (
        <p className="notice-optout" role="note">
          {t('contacts.form.optedOutNote', { date: optedOutAt })}
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <div className="contact-fields">
          {text('name')}
          {text('outlet')}
          {text('role')}
          {text('email', { type: 'email', maxLength: 254, required: true })}
          {text('phone', { type: 'tel', maxLength: 60 })}
          <label className="field">
            {t('contacts.field.beats')}
            <input value={beats} onChange={(e) => setBeats(e.target.value)} aria-describedby={`${headingId}-beats`} />
            <span id={`${headingId}-beats`} className="hint">
              {t('contacts.form.beatsHint')}
            </span>
          </label>
          {text('language', { maxLength: 35 })}
          {text('consentSource', { maxLength: 500 })}
          <label className="field">
            {t('contacts.field.consentAt')}
            <input type="date" value={consentAt} onChange={(e) => setConsentAt(e.target.value)} />
          </label>
          <label className="field wide">
            {t('contacts.field.remarks')}
            <textarea value={remarks} rows={3} maxLength={5000} onChange={(e) => setRemarks(e.target.value)} />
          </label>
        </div>
        {lists.length > 0 && (
          <fieldset className="contact-form-lists">
            <legend>{t('contacts.field.lists')}</legend>
            {lists.map((l) => (
              <label key={l.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={listIds.includes(l.id)}
                  onChange={(e) =>
                    setListIds((ids) => (e.target.checked ? [...ids, l.id] : ids.filter((id) => id !== l.id)))
                  }
                />{' '}
                <span dir="auto">{l.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('contacts.form.save')}
          </button>
          <button type="button" onClick={onDone}>
            {t('common.cancel')}
          </button>
          {contact && !contact.optOut && (
            <button type="button" className="danger" onClick={() => setConfirm('optOut')}>
              {t('contacts.form.optOut')}
            </button>
          )}
          {contact && (
            <button type="button" className="danger" onClick={() => setConfirm('delete')}>
              {t('contacts.form.delete')}
            </button>
          )}
        </div>
      </form>
      <Dialog
        open={confirm === 'optOut'}
        title={t('contacts.optOutDialog.title', { email: contact?.email ?? '' })}
        description={t('contacts.optOutDialog.body')}
        onCancel={() => setConfirm(null)}
        initialFocus={cancelOptOut}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirm(null);
            if (contact) void optOut(contact.email).then((ok) => ok && onDone());
          }}
        >
          {t('contacts.optOutDialog.confirm')}
        </button>
        <button ref={cancelOptOut} type="button" onClick={() => setConfirm(null)}>
          {t('common.cancel')}
        </button>
      </Dialog>
      <Dialog
        open={confirm === 'delete'}
        title={t('contacts.deleteDialog.title', { name: contact?.name || contact?.email || '' })}
        description={t(contact?.optOut ? 'contacts.deleteDialog.bodyOptedOut' : 'contacts.deleteDialog.body')}
        onCancel={() => setConfirm(null)}
        initialFocus={cancelDelete}
      >
        <button
          type="button"
          className="danger"
          onClick={() => {
            setConfirm(null);
            if (contact) void remove(contact.id).then((ok) => ok && onDone());
          }}
        >
          {t('contacts.deleteDialog.confirm')}
        </button>
        <button ref={cancelDelete} type="button" onClick={() => setConfirm(null)}>
          {t('common.cancel')}
        </button>
      </Dialog>
    </section>
  );
}
