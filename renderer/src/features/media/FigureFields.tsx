import { useId, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../shared/document';
import { CREDIT_PREFIXES, formatCredit, parseCredit, type CreditPrefix } from '../../../../shared/domain/credit';
import { figureChecks } from '../../../../shared/preflight/figure';
import { typographicValue } from '../compose/fields/typographicInput';
import { useAppStore } from '../../stores';
import './media.css';

export interface FigureFieldsProps {
  readonly value: FigureAttrs;
  readonly onChange: (patch: Partial<FigureAttrs>) => void;
  readonly disabled?: boolean;
  /** The lead image also gets the size check. */
  readonly lead?: boolean;
  readonly width?: number;
  /** The language of the caption's typographic quotes; the release's language when not given. */
  readonly language?: string;
  /** Tells the caller which field to focus when a check points at this figure. */
  readonly ref?: Ref<FigureFieldsHandle>;
}

export interface FigureFieldsHandle {
  /** The first missing credit or alt text, else the caption. */
  focusTarget(): HTMLElement | null;
}

/** Caption, credit in the house format (prefix + holder, the photo's own credit beside it), alt text, decorative switch and the checks. */
export function FigureFields({
  value,
  onChange,
  disabled = false,
  lead = false,
  width,
  language,
  ref,
}: FigureFieldsProps) {
  const { t } = useTranslation();
  const releaseLanguage = useAppStore((s) => s.compose.draft.language);
  const id = useId();
  const captionRef = useRef<HTMLTextAreaElement>(null);
  const holderRef = useRef<HTMLInputElement>(null);
  const altRef = useRef<HTMLTextAreaElement>(null);
  const credit = parseCredit(value.credit);
  // The stored credit is trimmed, so a space typed at the end of the holder lives here until the next letter.
  const [typedHolder, setTypedHolder] = useState(credit.holder);
  const holder = typedHolder.trim() === credit.holder ? typedHolder : credit.holder;
  const checks = figureChecks(value, { lead, width });
  useImperativeHandle(
    ref,
    () => ({
      focusTarget: () => {
        if (holderRef.current && holderRef.current.value.trim() === '') return holderRef.current;
        if (altRef.current && !altRef.current.disabled && altRef.current.value.trim() === '') return altRef.current;
        return captionRef.current;
      },
    }),
    [],
  );
  const setCredit = (prefix: CreditPrefix, name: string) =>
    onChange({ credit: formatCredit({ prefix, holder: name }) });
  return (
    <div className="figure-fields">
      <label htmlFor={`${id}-caption`}>{t('figure.caption')}</label>
      <textarea
        ref={captionRef}
        id={`${id}-caption`}
        value={value.caption}
        rows={2}
        disabled={disabled}
        onChange={(e) => onChange({ caption: typographicValue(e, value.caption, language ?? releaseLanguage) })}
      />
      <fieldset className="figure-credit">
        <legend>{t('figure.credit')}</legend>
        <label htmlFor={`${id}-prefix`} className="visually-hidden">
          {t('figure.creditPrefix')}
        </label>
        <select
          id={`${id}-prefix`}
          value={credit.prefix}
          disabled={disabled}
          onChange={(e) => setCredit(e.target.value as CreditPrefix, credit.holder)}
        >
          {CREDIT_PREFIXES.map((p) => (
            <option key={p} value={p}>
              {p}: ©
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-holder`} className="visually-hidden">
          {t('figure.creditHolder')}
        </label>
        <input
          ref={holderRef}
          id={`${id}-holder`}
          value={holder}
          disabled={disabled}
          placeholder={t('figure.creditHolderPlaceholder')}
          onChange={(e) => {
            setTypedHolder(e.target.value);
            setCredit(credit.prefix, e.target.value);
          }}
        />
        {value.creditRaw && value.creditRaw !== value.credit ? (
          <p className="figure-raw">{t('figure.creditRaw', { credit: value.creditRaw })}</p>
        ) : null}
      </fieldset>
      <label htmlFor={`${id}-alt`}>{t('figure.alt')}</label>
      <textarea
        ref={altRef}
        id={`${id}-alt`}
        value={value.decorative ? '' : value.alt}
        rows={2}
        disabled={disabled || value.decorative}
        onChange={(e) => onChange({ alt: e.target.value })}
      />
      <label className="figure-decorative">
        <input
          type="checkbox"
          checked={value.decorative}
          disabled={disabled}
          onChange={(e) => onChange({ decorative: e.target.checked, alt: e.target.checked ? '' : value.alt })}
        />
        {t('figure.decorative')}
      </label>
      {checks.length > 0 ? (
        <ul className="figure-checks" aria-label={t('figure.checks')}>
          {checks.map((c) => (
            <li key={c.code} className={c.severity}>
              {t(`figure.check.${c.code}`)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
