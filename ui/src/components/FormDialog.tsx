// A modal form (native <dialog>): focus stays inside, Escape cancels, Enter submits. Used where a
// small edit belongs to one row of a list (replace a secret's value, fill a secret slot).

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

export function FormDialog({
  open,
  title,
  children,
  submitLabel,
  busy = false,
  onSubmit,
  onCancel,
  id,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  submitLabel: string;
  busy?: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  /** The form's id (errors focus the first invalid field inside it). */
  id?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
    } else if (!open && d.open) {
      if (typeof d.close === "function") d.close();
      else d.removeAttribute("open");
    }
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); if (!busy) onCancel(); }}>
      {open && (
        <form id={id} onSubmit={submit} noValidate>
          <h2 id={titleId}>{title}</h2>
          {children}
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Saving…" : submitLabel}
            </button>
            <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
