import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SNIPPET_KINDS, type Snippet, type SnippetKind } from '../../../../shared/domain/snippet';
import { useAppStore } from '../../stores';
import { LanguageSetting } from './LanguageSetting';

/** Settings: the interface language and the reusable snippets for press contact and boilerplate. */
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
      <LanguageSetting />
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
    </main>
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
