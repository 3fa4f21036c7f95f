import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
}

/** A native modal <dialog>: it traps focus and closes on Escape by itself. */
export function Modal({ title, onClose, children, footer, testId }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // No close() on cleanup: removing the element ends the modal, and a close() would fire onClose late.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={ref} className="modal" aria-label={title} onClose={onClose} data-testid={testId}>
      <header className="modal-head">
        <h2>{title}</h2>
        <button type="button" className="secondary" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="modal-body">{children}</div>
      {footer ? <footer className="modal-foot">{footer}</footer> : null}
    </dialog>
  );
}
