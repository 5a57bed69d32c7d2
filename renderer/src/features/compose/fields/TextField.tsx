import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from '../../../lib/direction';
import { useAppStore, type DraftTextField } from '../../../stores';
import { useFocusTarget } from '../focusTargets';
import { typographicValue } from './typographicInput';

export interface TextFieldProps {
  readonly field: Exclude<DraftTextField, 'language' | 'topic'>;
  readonly label: string;
  readonly hint?: string;
  /** Recommended maximum; shows a character count. */
  readonly max?: number;
  readonly multiline?: boolean;
  readonly className?: string;
}

export function TextField({ field, label, hint, max, multiline, className }: TextFieldProps) {
  const { t } = useTranslation();
  const value = useAppStore((s) => s.compose.draft[field]);
  const language = useAppStore((s) => s.compose.draft.language);
  const setField = useAppStore((s) => s.setField);
  const id = useId();
  const hintId = useId();
  const target = useFocusTarget<HTMLInputElement & HTMLTextAreaElement>(field);
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
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setField(field, typographicValue(event, value, language)),
  };
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea ref={target} rows={3} {...common} />
      ) : (
        <input ref={target} type="text" autoComplete="off" {...common} />
      )}
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
