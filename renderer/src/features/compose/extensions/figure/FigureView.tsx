import { NodeViewWrapper, type NodeViewProps } from '@tiptap/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../../../shared/document';
import { CREDIT_PREFIXES, formatCredit, parseCredit, type CreditPrefix } from '../../../../../../shared/domain/credit';
import { figureChecks } from '../../../../../../shared/preflight/figure';
import { assetUrl } from '../../../../api/client';
import './figure.css';

/** The figure in the editor: the picture, and caption, credit and alt text editable in place, with their checks. */
export function FigureView({ node, updateAttributes, deleteNode, selected, editor }: NodeViewProps) {
  const { t } = useTranslation();
  const id = useId();
  const attrs = node.attrs as FigureAttrs;
  const credit = parseCredit(attrs.credit);
  const checks = figureChecks(attrs);
  const editable = editor.isEditable;
  const setCredit = (prefix: CreditPrefix, holder: string) =>
    updateAttributes({ credit: formatCredit({ prefix, holder }) });

  return (
    <NodeViewWrapper as="figure" className={`figure-node${selected ? ' is-selected' : ''}`} data-drag-handle="">
      <img src={assetUrl(attrs.assetId, 'thumb')} alt={attrs.decorative ? '' : attrs.alt} draggable={false} />
      <div className="figure-fields" contentEditable={false}>
        <label htmlFor={`${id}-caption`}>{t('figure.caption')}</label>
        <textarea
          id={`${id}-caption`}
          value={attrs.caption}
          rows={2}
          disabled={!editable}
          onChange={(e) => updateAttributes({ caption: e.target.value })}
        />
        <fieldset className="figure-credit">
          <legend>{t('figure.credit')}</legend>
          <label htmlFor={`${id}-prefix`} className="visually-hidden">
            {t('figure.creditPrefix')}
          </label>
          <select
            id={`${id}-prefix`}
            value={credit.prefix}
            disabled={!editable}
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
            id={`${id}-holder`}
            value={credit.holder}
            disabled={!editable}
            placeholder={t('figure.creditHolderPlaceholder')}
            onChange={(e) => setCredit(credit.prefix, e.target.value)}
          />
          {attrs.creditRaw && attrs.creditRaw !== attrs.credit ? (
            <p className="figure-raw">{t('figure.creditRaw', { credit: attrs.creditRaw })}</p>
          ) : null}
        </fieldset>
        <label htmlFor={`${id}-alt`}>{t('figure.alt')}</label>
        <textarea
          id={`${id}-alt`}
          value={attrs.decorative ? '' : attrs.alt}
          rows={2}
          disabled={!editable || attrs.decorative}
          onChange={(e) => updateAttributes({ alt: e.target.value })}
        />
        <label className="figure-decorative">
          <input
            type="checkbox"
            checked={attrs.decorative}
            disabled={!editable}
            onChange={(e) => updateAttributes({ decorative: e.target.checked, alt: e.target.checked ? '' : attrs.alt })}
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
        {editable ? (
          <button type="button" className="figure-remove" onClick={() => deleteNode()}>
            {t('figure.remove')}
          </button>
        ) : null}
      </div>
    </NodeViewWrapper>
  );
}
