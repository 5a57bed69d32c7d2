import { typographicEdit } from '../../../../../shared/document/typography';

type TextInput = HTMLInputElement | HTMLTextAreaElement;

interface InputChange {
  readonly target: TextInput;
  readonly nativeEvent?: Event & { readonly isComposing?: boolean; readonly inputType?: string };
}

/**
 * The value of a plain text field after a keystroke, with the body's
 * typographic rules in the release's language applied to the character just
 * typed (quotes, dash, ellipsis). The field's own value and caret are set
 * here, so that React keeps the caret where the user types.
 * `previous` is the value before the keystroke.
 */
export function typographicValue(event: InputChange, previous: string, language: string): string {
  const field = event.target;
  const next = field.value;
  const native = event.nativeEvent;
  // Input methods compose characters themselves; pastes and drops keep what they bring.
  if (native?.isComposing) return next;
  if (native?.inputType !== undefined && native.inputType !== 'insertText') return next;
  const caret = field.selectionStart;
  if (caret === null || caret !== field.selectionEnd) return next;
  const edit = typographicEdit(previous, next, caret, language);
  if (!edit) return next;
  field.value = edit.value;
  field.setSelectionRange(edit.caret, edit.caret);
  return edit.value;
}
