// Labelled form controls: the label, the hint and the error message are tied to the control
// (aria-describedby, aria-invalid) so that screen readers announce them.

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

interface Common {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Extra line under the control (e.g. the slug preview). */
  after?: ReactNode;
}

function describedBy(hintId: string, errId: string, afterId: string, c: Common) {
  return [c.hint ? hintId : "", c.error ? errId : "", c.after ? afterId : ""].filter(Boolean).join(" ") || undefined;
}

/** What a control inside a {@link Field} needs to be tied to its label, hint and error. */
interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** The label, hint, extra line and error around one control. */
function Field({ label, hint, error, after, id, control }: Common & { id?: string; control: (props: ControlProps) => ReactNode }) {
  const auto = useId();
  const inputId = id ?? auto;
  const ids = { hint: `${inputId}-hint`, err: `${inputId}-err`, after: `${inputId}-after` };
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p className="hint" id={ids.hint}>
          {hint}
        </p>
      )}
      {control({
        id: inputId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy(ids.hint, ids.err, ids.after, { label, hint, error, after }),
      })}
      {after && (
        <div className="preview" id={ids.after} aria-live="polite">
          {after}
        </div>
      )}
      {error && (
        <p className="error-text" id={ids.err}>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ label, hint, error, after, id, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return <Field label={label} hint={hint} error={error} after={after} id={id} control={(p) => <input type="text" {...p} {...rest} />} />;
}

export function TextArea({ label, hint, error, after, id, ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Field label={label} hint={hint} error={error} after={after} id={id} control={(p) => <textarea {...p} {...rest} />} />;
}

export function SelectField({ label, hint, error, after, id, children, ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      after={after}
      id={id}
      control={(p) => (
        <select {...p} {...rest}>
          {children}
        </select>
      )}
    />
  );
}

export function Checkbox({ label, hint, id, ...rest }: { label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const inputId = id ?? auto;
  return (
    <div className="check">
      <input type="checkbox" id={inputId} aria-describedby={hint ? `${inputId}-hint` : undefined} {...rest} />
      <div>
        <label htmlFor={inputId}>{label}</label>
        {hint && (
          <div className="hint small muted" id={`${inputId}-hint`}>
            {hint}
          </div>
        )}
      </div>
    </div>
  );
}

/** A radio group in a fieldset. */
export function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  error,
  disabled,
}: {
  legend: string;
  name: string;
  value: T;
  options: { value: T; label: ReactNode; hint?: ReactNode }[];
  onChange: (v: T) => void;
  error?: string;
  disabled?: boolean;
}) {
  const base = useId();
  return (
    <fieldset aria-describedby={error ? `${base}-err` : undefined} disabled={disabled}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <Checkable key={o.value} id={`${base}-${o.value}`} name={name} checked={value === o.value} onChange={() => onChange(o.value)} label={o.label} hint={o.hint} />
      ))}
      {error && (
        <p className="error-text" id={`${base}-err`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Checkable({ id, name, checked, onChange, label, hint }: { id: string; name: string; checked: boolean; onChange: () => void; label: ReactNode; hint?: ReactNode }) {
  return (
    <div className="check">
      <input type="radio" id={id} name={name} checked={checked} onChange={onChange} aria-describedby={hint ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <div className="small muted" id={`${id}-hint`}>
            {hint}
          </div>
        )}
      </div>
    </div>
  );
}

/** Errors of a failed submission that belong to no field of the form. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="alert error" role="alert">
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <ul>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
