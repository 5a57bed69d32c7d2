import { useTranslation } from 'react-i18next';
import { countWords, documentToPlainText, type DocumentNode } from '../../../../shared/document';

/** Words a reader takes in per minute (press texts; a common newsroom estimate). */
export const WORDS_PER_MINUTE = 200;

export function bodyStats(body: DocumentNode): { words: number; minutes: number } {
  let words = 0;
  try {
    words = countWords(documentToPlainText(body));
  } catch {
    // a body outside the vocabulary counts as empty until it is fixed
  }
  return { words, minutes: words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE)) };
}

/** Body words and reading time, under the editor. */
export function BodyStats({ body }: { body: DocumentNode }) {
  const { t } = useTranslation();
  const { words, minutes } = bodyStats(body);
  return (
    <p className="hint body-stats">
      {t('editor.stats.words', { count: words })} · {t('editor.stats.reading', { count: minutes })}
    </p>
  );
}
