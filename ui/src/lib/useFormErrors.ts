// Turns a failed submission into per-field messages (shown under the fields) and the rest
// (shown at the top of the form), and moves the focus to the first field in error.

import { useCallback, useState } from "react";
import { ApiError, errorMessage, mapFieldErrors } from "../api/errors";

export interface FormErrorState {
  fields: Record<string, string>;
  other: string[];
}

export const NO_ERRORS: FormErrorState = { fields: {}, other: [] };

/** Pure: what to show for an error thrown while submitting a form with the given fields. */
export function formErrorsFrom(err: unknown, known: readonly string[], rename: Record<string, string> = {}): FormErrorState {
  if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
    const { byField, other } = mapFieldErrors(err.fields, known, rename);
    if (Object.keys(byField).length === 0) return { fields: {}, other: other.length ? other : [err.message] };
    return { fields: byField, other };
  }
  return { fields: {}, other: [errorMessage(err)] };
}

export function useFormErrors(known: readonly string[], rename: Record<string, string> = {}, formId?: string) {
  const [state, setState] = useState<FormErrorState>(NO_ERRORS);
  const fail = useCallback(
    (err: unknown) => {
      const next = formErrorsFrom(err, known, rename);
      setState(next);
      // Focus the first field in error, after React has rendered the messages.
      const first = Object.keys(next.fields)[0];
      if (first && typeof document !== "undefined") {
        window.setTimeout(() => {
          const scope = formId ? document.getElementById(formId) : document;
          const name = first.replace(/["\\]/g, "\\$&");
          const el = scope?.querySelector<HTMLElement>(`[name="${name}"]`);
          el?.focus();
        }, 0);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [known.join(","), formId],
  );
  const clear = useCallback(() => setState(NO_ERRORS), []);
  const clearField = useCallback((f: string) => {
    setState((s) => {
      if (!(f in s.fields)) return s;
      const fields = { ...s.fields };
      delete fields[f];
      return { ...s, fields };
    });
  }, []);
  return { errors: state, fail, clear, clearField, setErrors: setState };
}
