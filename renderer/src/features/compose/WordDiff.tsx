import { diffWords } from 'diff';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { documentToPlainText, type DocumentNode } from '../../../../shared/document';

/** The text of a release as compared in conflicts and the history: fields, then the body. */
export interface ComparableRelease {
  readonly topic: string;
  readonly headline: string;
  readonly subheadline: string;
  readonly teaser: string;
  readonly dateline: string;
  readonly body: DocumentNode;
}

/** One block of text per field, so a diff reads like the release itself. */
export function comparableText(release: ComparableRelease): string {
  let body = '';
  try {
    body = documentToPlainText(release.body);
  } catch {
    // a body the projection cannot read is compared as empty
  }
  return [release.topic, release.headline, release.subheadline, release.teaser, release.dateline, body]
    .map((s) => s.trim())
    .filter(Boolean)
    .join('\n\n');
}

export interface WordDiffProps {
  /** The older side (a revision, or the other window's version). */
  readonly before: string;
  /** The newer side (the current text, or the user's own). */
  readonly after: string;
  readonly label: string;
}

/** A word-level diff: removed words struck through, added words underlined, each announced to screen readers. */
export function WordDiff({ before, after, label }: WordDiffProps) {
  const { t } = useTranslation();
  const parts = useMemo(() => diffWords(before, after), [before, after]);
  const same = parts.every((p) => !p.added && !p.removed);
  return (
    <div className="word-diff" role="group" aria-label={label}>
      {same ? (
        <p className="hint">{t('compose.diff.same')}</p>
      ) : (
        <p className="word-diff-text">
          {parts.map((part, i) =>
            part.added ? (
              <ins key={i} aria-label={t('compose.diff.added', { text: part.value })}>
                {part.value}
              </ins>
            ) : part.removed ? (
              <del key={i} aria-label={t('compose.diff.removed', { text: part.value })}>
                {part.value}
              </del>
            ) : (
              <span key={i}>{part.value}</span>
            ),
          )}
        </p>
      )}
    </div>
  );
}
