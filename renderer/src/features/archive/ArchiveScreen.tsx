import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ChangeEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { COMMAND_KEY_ALIASES, COMMAND_SHORTCUTS } from '../../../../shared/commands';
import {
  SEARCH_SORTS,
  type SearchFacets,
  type SearchQuote,
  type SearchSort,
} from '../../../../shared/contract/archive';
import { filterToken, UNDATED } from '../../../../shared/search/query';
import { assetUrl } from '../../api/client';
import { publishedFact } from '../../../../shared/domain/publicity';
import { EmbargoBadge } from '../../components/EmbargoBadge';
import { NoticeBar } from '../../components/Notice';
import { RecoverableList } from '../compose/RecoverableList';
import { useNameList } from '../compose/TeamBanners';
import { ArchivePreview } from './ArchivePreview';
import { TemplatePicker } from './TemplatePicker';
import { useUiLocale } from '../../i18n';
import { formatOfficeDateTime } from '../../lib/format';
import { ariaShortcut, formatShortcut } from '../../lib/shortcuts';
import { useAppStore } from '../../stores';
import type { ArchiveRow, UploadFile } from '../../stores/archiveSlice';

const NEW_RELEASE_SHORTCUT = COMMAND_SHORTCUTS['release.new']!;
/** Mod-F, the key users press to search. */
const SEARCH_SHORTCUT = COMMAND_KEY_ALIASES['archive.search']![0]!;

/** The list of releases, newest first, with a way to start a new one. */
export function ArchiveScreen() {
  const { t } = useTranslation();
  const navigations = useAppStore((s) => s.navigations);
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // After a navigation (not at start) focus goes to the new screen's heading, so screen readers announce it,
    // unless a field of the screen took it already (the search field, asked for with Ctrl/Cmd+F).
    const main = heading.current?.closest('main');
    if (navigations > 1 && !main?.contains(document.activeElement)) heading.current?.focus();
  }, [navigations]);

  useTeamEditors();

  const keys = formatShortcut(NEW_RELEASE_SHORTCUT, { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') });
  return (
    <main id="main" className="screen archive-screen" tabIndex={-1}>
      <div className="screen-head">
        <h1 ref={heading} tabIndex={-1}>
          {t('archive.title')}
        </h1>
        <button
          type="button"
          className="primary"
          title={t('common.withShortcut', { label: t('archive.newRelease'), keys })}
          aria-keyshortcuts={ariaShortcut(NEW_RELEASE_SHORTCUT)}
          onClick={() => requestNavigation({ screen: 'compose', releaseId: null })}
        >
          {t('archive.newRelease')}
        </button>
        <TemplatePicker />
        <ImportButtons />
        <button type="button" onClick={() => requestNavigation({ screen: 'trash' })}>
          {t('trash.open')}
        </button>
      </div>
      <NoticeBar />
      <SearchBar />
      <ImportPanel />
      <RecoverableList />
      <div className="archive-body">
        <FacetPanel />
        <ArchiveContent />
        <ArchivePreview />
      </div>
    </main>
  );
}

/**
 * While joined: who has which release open, asked once per list refresh and
 * once per live event (the team slice does that), never per row.
 */
function useTeamEditors(): void {
  // The list as loaded: a refresh under way (status `loading`) asks once it is there.
  const items = useAppStore((s) => (s.archive.status === 'ready' ? s.archive.items : null));
  const connected = useAppStore((s) => s.team.status?.connected === true);
  const loadTeam = useAppStore((s) => s.loadTeam);
  const loadTeamEditors = useAppStore((s) => s.loadTeamEditors);
  useEffect(() => {
    void loadTeam();
  }, [loadTeam]);
  useEffect(() => {
    if (connected && items !== null) void loadTeamEditors();
  }, [items, connected, loadTeamEditors]);
}

/** „Anna Weber bearbeitet gerade“ on a release a colleague has open. */
function RowEditors({ releaseId }: { releaseId: string }) {
  const { t } = useTranslation();
  const names = useNameList();
  // A string, so the row renders again only when its editors change.
  const joined = useAppStore((s) =>
    s.team.editors
      .filter((e) => e.releaseId === releaseId)
      .map((e) => e.name)
      .join('\n'),
  );
  if (joined === '') return null;
  const list = joined.split('\n');
  return (
    <span className="row-editors">
      <span aria-hidden="true">● </span>
      {t('archive.teamEditing', { count: list.length, names: names(list) })}
    </span>
  );
}

/** Height of one row of the list in pixels (fixed, so that 100,000 rows can be windowed). */
export const ROW_HEIGHT = 76;
/** Each quote line a `sprecher:` search adds to every row of its list. */
export const QUOTE_LINE_HEIGHT = 21;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 8;
/** Rows rendered when the viewport's height is not known (tests, first paint). */
const FALLBACK_ROWS = 30;

function SearchBar() {
  const { t } = useTranslation();
  const query = useAppStore((s) => s.archive.query);
  const sort = useAppStore((s) => s.archive.sort);
  const setQuery = useAppStore((s) => s.setArchiveQuery);
  const setSort = useAppStore((s) => s.setArchiveSort);
  const input = useRef<HTMLInputElement>(null);
  const focusRequested = useAppStore((s) => s.searchFocusPending);
  const takeSearchFocus = useAppStore((s) => s.takeSearchFocus);

  useEffect(() => {
    // Ctrl/Cmd+F (anywhere in the app) asks for the search field.
    if (!focusRequested || !takeSearchFocus()) return;
    input.current?.focus();
    input.current?.select();
  }, [focusRequested, takeSearchFocus]);

  /** Down arrow leads from the field to the first result, as in a search engine. */
  const toResults = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key !== 'ArrowDown' || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const first = document.querySelector<HTMLButtonElement>('.release-list button.release-row');
    if (!first) return;
    event.preventDefault();
    first.focus();
  };

  const searching = query.trim() !== '';
  const keys = formatShortcut(SEARCH_SHORTCUT, { mod: t('keys.mod'), shift: t('keys.shift'), alt: t('keys.alt') });
  return (
    <search className="search-bar" data-region="search">
      <label htmlFor="archive-search">{t('search.label')}</label>
      <input
        ref={input}
        id="archive-search"
        type="search"
        value={query}
        placeholder={t('search.placeholder')}
        title={t('common.withShortcut', { label: t('search.label'), keys })}
        aria-keyshortcuts={ariaShortcut(SEARCH_SHORTCUT)}
        aria-describedby="archive-search-help"
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={toResults}
      />
      <label htmlFor="archive-sort">{t('search.sortLabel')}</label>
      <select
        id="archive-sort"
        value={sort ?? (searching ? 'relevance' : 'date')}
        onChange={(e) => setSort(e.target.value as SearchSort)}
      >
        {SEARCH_SORTS.filter((s) => s !== 'relevance' || searching).map((s) => (
          <option key={s} value={s}>
            {t(`search.sort.${s}`)}
          </option>
        ))}
      </select>
      <p id="archive-search-help" className="search-help">
        {t('search.help')}
      </p>
    </search>
  );
}

/** The query tokens of a facet value, so that a click adds or removes exactly that filter. */
type FacetKind = Exclude<keyof SearchFacets, 'exact'>;

function facetTokens(kind: FacetKind, value: string): string[] {
  switch (kind) {
    case 'topic':
      return [filterToken('thema', value)];
    case 'status':
      return [filterToken('status', value)];
    case 'tag':
      return [filterToken('tag', value)];
    case 'year':
      // Releases without a date are in no year: their entry filters to them alone.
      return value === UNDATED ? [filterToken('datum', value)] : [filterToken('von', value), filterToken('bis', value)];
  }
}

function FacetPanel() {
  const { t } = useTranslation();
  const facets = useAppStore((s) => s.archive.facets);
  const query = useAppStore((s) => s.archive.query);
  const setQuery = useAppStore((s) => s.setArchiveQuery);
  if (!facets) return null;
  const toggle = (tokens: string[], active: boolean): void => {
    let next = query;
    if (active) for (const token of tokens) next = next.replace(token, ' ');
    else next = `${next.trim()} ${tokens.join(' ')}`;
    setQuery(next.replace(/\s+/g, ' ').trim() + ' ');
  };
  const groups: FacetKind[] = ['topic', 'status', 'year', 'tag'];
  return (
    <aside className="facets" aria-labelledby="facets-heading" data-region="facets">
      <h2 id="facets-heading">{t('search.facets.title')}</h2>
      {groups.map((kind) =>
        facets[kind].length === 0 ? null : (
          <section key={kind} className="facet-group" aria-label={t(`search.facets.${kind}`)}>
            <h3>{t(`search.facets.${kind}`)}</h3>
            <ul>
              {facets[kind].slice(0, 12).map((f) => {
                const tokens = facetTokens(kind, f.value);
                const active = tokens.every((token) => query.includes(token));
                const label =
                  kind === 'status'
                    ? t(`status.${f.value}` as 'status.draft')
                    : kind === 'year' && f.value === UNDATED
                      ? t('search.facets.undated')
                      : f.value;
                return (
                  <li key={f.value}>
                    <button
                      type="button"
                      className="facet"
                      aria-pressed={active}
                      onClick={() => toggle(tokens, active)}
                    >
                      <span dir="auto">{label}</span>{' '}
                      <span className="facet-count">{facets.exact ? f.count : `≈ ${f.count}`}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ),
      )}
    </aside>
  );
}

async function readFiles(list: FileList | null): Promise<UploadFile[]> {
  const files = list ? [...list] : [];
  return Promise.all(
    files.map(async (f) => ({
      name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name,
      bytes: new Uint8Array(await f.arrayBuffer()),
    })),
  );
}

function ImportButtons() {
  const { t } = useTranslation();
  const importFiles = useAppStore((s) => s.importFiles);
  const running = useAppStore((s) => s.importer.status === 'running');
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not a React attribute; set on the element so the picker selects folders.
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);
  const onPick = (e: ChangeEvent<HTMLInputElement>): void => {
    const target = e.target;
    void readFiles(target.files).then((picked) => {
      target.value = '';
      return importFiles(picked);
    });
  };
  return (
    <div className="import-buttons">
      <button type="button" disabled={running} onClick={() => files.current?.click()}>
        {t('importer.files')}
      </button>
      <button type="button" disabled={running} onClick={() => folder.current?.click()}>
        {t('importer.folder')}
      </button>
      <input
        ref={files}
        className="visually-hidden"
        type="file"
        multiple
        accept=".json,.ndjson,.jsonl,.html,.htm,.zip,.docx"
        aria-label={t('importer.files')}
        tabIndex={-1}
        onChange={onPick}
      />
      <input
        ref={folder}
        className="visually-hidden"
        type="file"
        multiple
        aria-label={t('importer.folder')}
        tabIndex={-1}
        onChange={onPick}
      />
    </div>
  );
}

function ImportPanel() {
  const { t } = useTranslation();
  const importer = useAppStore((s) => s.importer);
  const cancel = useAppStore((s) => s.cancelImport);
  const dismiss = useAppStore((s) => s.dismissImport);
  if (importer.status === 'idle') return null;
  const running = importer.status === 'running';
  return (
    <section className="import-panel" aria-label={t('importer.title')} aria-live="polite">
      {running ? (
        <>
          <label htmlFor="import-progress">
            {t('importer.progress', { done: importer.done, total: importer.total })}
          </label>
          <progress id="import-progress" max={importer.total} value={importer.done} />
          <button type="button" onClick={() => void cancel()}>
            {t('importer.cancel')}
          </button>
        </>
      ) : (
        <>
          <p role="status">
            {importer.status === 'error' && importer.error
              ? t(`errors.${importer.error}`)
              : t(importer.status === 'cancelled' ? 'importer.cancelled' : 'importer.done', {
                  imported: importer.imported,
                  updated: importer.updated,
                  skipped: importer.skipped,
                  failed: importer.errors.length,
                })}
          </p>
          {importer.errors.length > 0 && (
            <ul className="import-errors">
              {importer.errors.slice(0, 20).map((e, i) => (
                <li key={i}>
                  <span dir="auto">{e.file}</span>:{' '}
                  {t(`errors.${e.code}` as 'errors.INTERNAL', { defaultValue: e.message })}
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={dismiss}>
            {t('common.dismiss')}
          </button>
        </>
      )}
    </section>
  );
}

function ArchiveContent() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.archive.status);
  const items = useAppStore((s) => s.archive.items);
  const total = useAppStore((s) => s.archive.total);
  const error = useAppStore((s) => s.archive.error);
  const query = useAppStore((s) => s.archive.query);
  const similarTo = useAppStore((s) => s.archive.similarTo);
  const loadArchive = useAppStore((s) => s.loadArchive);

  if ((status === 'loading' || status === 'idle') && items.length === 0) {
    return (
      <p className="state-message" role="status">
        {t('archive.loading')}
      </p>
    );
  }
  if (status === 'error') {
    return (
      <div className="state-message error-box" role="alert">
        <p>
          <strong>{t('archive.loadError')}</strong> {error && t(`errors.${error}`)}
        </p>
        <button type="button" onClick={() => void loadArchive()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (items.length === 0) {
    if (query.trim() !== '' || similarTo) {
      return (
        <div className="state-message empty-state" role="status">
          <h2>{t('search.noResults')}</h2>
          <p>{t('search.noResultsHint')}</p>
        </div>
      );
    }
    return (
      <div className="state-message empty-state">
        <h2>{t('archive.emptyTitle')}</h2>
        <p>{t('archive.emptyBody')}</p>
      </div>
    );
  }
  return (
    <section aria-labelledby="archive-list-heading" className="archive-results" data-region="results">
      <h2 id="archive-list-heading" className="list-heading" aria-live="polite">
        {similarTo
          ? t('search.similarTo', { headline: similarTo.headline })
          : query.trim()
            ? t('search.count', { count: total })
            : t('archive.count', { count: total })}
      </h2>
      {similarTo && (
        <button type="button" onClick={() => void loadArchive()}>
          {t('search.backToList')}
        </button>
      )}
      <VirtualList items={items} total={total} />
      {error && (
        <div className="error-box" role="alert">
          <p>{t(`errors.${error}`)}</p>
        </div>
      )}
    </section>
  );
}

/** Only the rows in view are in the DOM; the list's height stands for all of them. */
function VirtualList({ items, total }: { items: readonly ArchiveRow[]; total: number }) {
  const { t } = useTranslation();
  const loadMore = useAppStore((s) => s.loadMoreArchive);
  const viewport = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const focusIndex = useRef<number | null>(null);

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

  // A speaker search shows the quotes under each hit: all rows grow by as many lines as the most quotes of a hit.
  const quoteLines = useMemo(() => items.reduce((most, item) => Math.max(most, item.quotes?.length ?? 0), 0), [items]);
  const rowHeight = ROW_HEIGHT + quoteLines * QUOTE_LINE_HEIGHT;
  const visibleRows = height > 0 ? Math.ceil(height / rowHeight) : FALLBACK_ROWS;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.floor(scrollTop / rowHeight) + visibleRows + OVERSCAN);

  useEffect(() => {
    if (last >= items.length - OVERSCAN && items.length < total) void loadMore();
  }, [last, items.length, total, loadMore]);

  useEffect(() => {
    if (focusIndex.current === null) return;
    const button = list.current?.querySelector<HTMLButtonElement>(`button[data-index="${focusIndex.current}"]`);
    if (button) {
      button.focus();
      focusIndex.current = null;
    }
  });

  const moveTo = useCallback(
    (index: number): void => {
      const el = viewport.current;
      const target = Math.max(0, Math.min(items.length - 1, index));
      if (el) {
        const top = target * rowHeight;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
        setScrollTop(el.scrollTop);
      }
      focusIndex.current = target;
      const button = list.current?.querySelector<HTMLButtonElement>(`button[data-index="${target}"]`);
      if (button) {
        button.focus();
        focusIndex.current = null;
      }
    },
    [items.length, rowHeight],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const current = Number((event.target as HTMLElement).closest('li')?.dataset.index ?? -1);
    if (event.key === 'ArrowDown') moveTo(current + 1);
    else if (event.key === 'ArrowUp') moveTo(current - 1);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(items.length - 1);
    else return;
    event.preventDefault();
  };

  const rows = [];
  for (let i = first; i < last; i++)
    rows.push(<ReleaseRow key={items[i]!.id} release={items[i]!} index={i} size={total} height={rowHeight} />);
  return (
    <div ref={viewport} className="list-viewport" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul
        ref={list}
        className="release-list"
        aria-label={t('archive.listLabel')}
        style={{ height: items.length * rowHeight }}
        onKeyDown={onKeyDown}
      >
        {rows}
      </ul>
    </div>
  );
}

/** A search excerpt with its hits marked; built from text and ranges, never from markup. */
function Excerpt({
  text,
  highlights,
  className = 'row-excerpt',
}: {
  text: string;
  highlights: readonly (readonly [number, number])[];
  className?: string;
}) {
  const parts = [];
  let at = 0;
  highlights.forEach(([s, e], i) => {
    if (s < at || e > text.length) return;
    if (s > at) parts.push(text.slice(at, s));
    parts.push(<mark key={i}>{text.slice(s, e)}</mark>);
    at = e;
  });
  if (at < text.length) parts.push(text.slice(at));
  return (
    <span className={className} dir="auto">
      {parts}
    </span>
  );
}

/** What a person asked for with `sprecher:` said in the release: one line, the speaker first. */
function QuoteLine({ quote }: { quote: SearchQuote }) {
  const { t } = useTranslation();
  const by = [quote.speaker, quote.role].filter(Boolean).join(', ');
  return (
    <span className="row-quote">
      <span className="visually-hidden">{t('archive.quoteBy')} </span>
      <span className="row-quote-speaker" dir="auto">
        {by}
      </span>
      {': '}
      <Excerpt text={quote.text} highlights={quote.highlights} className="row-quote-text" />
    </span>
  );
}

function ReleaseRow({
  release,
  index,
  size,
  height,
}: {
  release: ArchiveRow;
  index: number;
  size: number;
  height: number;
}) {
  const { t } = useTranslation();
  const requestNavigation = useAppStore((s) => s.requestNavigation);
  const showSimilar = useAppStore((s) => s.showSimilar);
  const previewRelease = useAppStore((s) => s.previewRelease);
  const locale = useUiLocale();
  // „Veröffentlicht am“ only for a publication that has happened; a future date is a plan.
  const now = new Date();
  const published = publishedFact(release, now);
  const planned = !published && release.publishedAt !== null && Date.parse(release.publishedAt) > now.getTime();
  const when = published || planned ? release.publishedAt! : release.updatedAt;
  const date = formatOfficeDateTime(when, locale);
  return (
    <li
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={size}
      style={{ height, transform: `translateY(${index * height}px)` }}
    >
      <button
        type="button"
        className={release.leadImageId ? 'release-row has-thumb' : 'release-row'}
        data-index={index}
        onFocus={() => void previewRelease(release.id)}
        onMouseEnter={() => void previewRelease(release.id)}
        onClick={() => requestNavigation({ screen: 'compose', releaseId: release.id })}
      >
        {/* The lead image's thumbnail; the headline says what the release is about, so it is decorative here. */}
        {release.leadImageId ? (
          <img
            className="row-thumb"
            src={assetUrl(release.leadImageId, 'thumb')}
            alt=""
            loading="lazy"
            decoding="async"
          />
        ) : null}
        {release.headline ? (
          <span className="row-headline" dir="auto" lang={release.language}>
            {release.headline}
          </span>
        ) : (
          <span className="row-headline untitled">{t('archive.untitled')}</span>
        )}
        <span className="row-topic" dir="auto">
          {release.topic || t('archive.noTopic')}
        </span>
        {release.excerpt && <Excerpt text={release.excerpt} highlights={release.highlights ?? []} />}
        {release.quotes && release.quotes.length > 0 && (
          <span className="row-quotes">
            {release.quotes.map((quote, i) => (
              <QuoteLine key={i} quote={quote} />
            ))}
          </span>
        )}
        <span className="row-meta">
          <span className={`status-badge status-${release.status}`}>{t(`status.${release.status}`)}</span>{' '}
          <EmbargoBadge until={release.embargoUntil} now={now} />
          <RowEditors releaseId={release.id} />
          <time dateTime={when}>
            {published
              ? t('archive.publishedOn', { date })
              : planned
                ? t('archive.plannedFor', { date })
                : t('archive.updatedOn', { date })}
          </time>
        </span>
      </button>
      <div className="row-actions">
        <button
          type="button"
          className="link-button"
          aria-label={t('search.similarFor', { headline: release.headline || t('archive.untitled') })}
          onClick={() => void showSimilar(release.id, release.headline)}
        >
          {t('search.similar')}
        </button>
      </div>
    </li>
  );
}
