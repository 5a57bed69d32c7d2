import { NodeViewWrapper, type NodeViewProps } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureAttrs } from '../../../../../../shared/document';
import { assetUrl } from '../../../../api/client';
import { FigureFields, type FigureFieldsHandle } from '../../../media/FigureFields';
import { registerFigureTarget } from './figureTargets';

/** The figure in the editor: the picture, and caption, credit and alt text editable in place, with their checks. */
export function FigureView({ node, updateAttributes, deleteNode, selected, editor, getPos }: NodeViewProps) {
  const { t } = useTranslation();
  const attrs = node.attrs as FigureAttrs;
  const editable = editor.isEditable;
  const fields = useRef<FigureFieldsHandle>(null);
  useEffect(
    () =>
      registerFigureTarget(editor, {
        position: () => getPos() ?? -1,
        element: () => fields.current?.focusTarget() ?? null,
      }),
    [editor, getPos],
  );
  return (
    <NodeViewWrapper as="figure" className={`figure-node${selected ? ' is-selected' : ''}`} data-drag-handle="">
      <img src={assetUrl(attrs.assetId, 'thumb')} alt={attrs.decorative ? '' : attrs.alt} draggable={false} />
      <div contentEditable={false}>
        <FigureFields ref={fields} value={attrs} onChange={(patch) => updateAttributes(patch)} disabled={!editable} />
        {editable ? (
          <button type="button" className="figure-remove" onClick={() => deleteNode()}>
            {t('figure.remove')}
          </button>
        ) : null}
      </div>
    </NodeViewWrapper>
  );
}
