import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../../../lib/direction';
import { useAppStore } from '../../../stores';
import { useFocusTarget } from '../focusTargets';
import { typographicValue } from './typographicInput';

/** The topic (Dachzeile), with the archive's topics offered as suggestions. */
export function TopicField() {
  const { t } = useTranslation();
  const value = useAppStore((s) => s.compose.draft.topic);
  const language = useAppStore((s) => s.compose.draft.language);
  const topics = useAppStore((s) => s.compose.topics);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const listId = useId();
  const hintId = useId();
  const target = useFocusTarget<HTMLInputElement>('topic');
  return (
    <div className="field field-topic">
      <label htmlFor={id}>{t('compose.fields.topic')}</label>
      <input
        ref={target}
        id={id}
        type="text"
        autoComplete="off"
        list={listId}
        value={value}
        dir={directionOf(language)}
        lang={language}
        aria-describedby={hintId}
        onChange={(event) => setField('topic', typographicValue(event, value, language))}
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
