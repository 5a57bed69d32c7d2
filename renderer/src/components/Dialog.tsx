import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

export interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly description: string;
  /** Escape and the Cancel action. */
  readonly onCancel: () => void;
  /** The button to focus when the dialog opens (the safest choice). */
  readonly initialFocus?: RefObject<HTMLButtonElement | HTMLInputElement | null>;
  readonly children: ReactNode;
}

/**
 * A modal question inside the app (Electron has no window.confirm worth
 * showing). Uses the native <dialog>: focus stays inside, the rest is inert.
 */
export function Dialog({ open, title, description, onCancel, initialFocus, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      initialFocus?.current?.focus();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open, initialFocus]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <p id={descriptionId}>{description}</p>
      <div className="dialog-actions">{children}</div>
    </dialog>
  );
}
