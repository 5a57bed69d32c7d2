import { useEditorState, type Editor } from '@tiptap/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { typographicValue } from './fields/typographicInput';

/** Speaker and role of the quote at the caret, edited in place next to the editor. */
export function QuoteForm({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const quote = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e.isActive('quote')
        ? {
            speaker: String(e.getAttributes('quote').speaker ?? ''),
            role: String(e.getAttributes('quote').role ?? ''),
          }
        : null,
  });
  const language = useAppStore((s) => s.compose.draft.language);
  const speakerId = useId();
  const roleId = useId();
  const headingId = useId();
  if (!quote) return null;
  return (
    <div className="quote-form" role="group" aria-labelledby={headingId}>
      <span id={headingId} className="quote-form-title">
        {t('editor.quoteForm.title')}
      </span>
      <label htmlFor={speakerId}>{t('editor.quoteForm.speaker')}</label>
      <input
        id={speakerId}
        type="text"
        value={quote.speaker}
        onChange={(event) =>
          editor.commands.setQuoteAttributes({ speaker: typographicValue(event, quote.speaker, language) })
        }
      />
      <label htmlFor={roleId}>{t('editor.quoteForm.role')}</label>
      <input
        id={roleId}
        type="text"
        value={quote.role}
        onChange={(event) =>
          editor.commands.setQuoteAttributes({ role: typographicValue(event, quote.role, language) })
        }
      />
    </div>
  );
}
