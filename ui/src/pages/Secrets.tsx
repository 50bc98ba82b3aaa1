// /secrets: the caller's secrets. Session secrets (kind "general": mounted as files in sessions
// through a project's secret slots) and data connector credentials (kind "storage": saved from a
// data connector's page). Values are write-only: this page sends them and never shows them.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { keys, useUserSecrets } from "../api/queries";
import type { UserSecret, UserSecretPatch, UserSecretPost } from "../api/types";
import { FormDialog } from "../components/FormDialog";
import { FormErrors, TextField } from "../components/fields";
import { RequireLogin } from "../components/RequireLogin";
import { ConfirmDialog, Empty, ErrorAlert, Loading, useTitle } from "../components/ui";
import { formatDate, relativeTime } from "../lib/format";
import { EMPTY_SECRET, isExpired, SECRET_FIELDS, secretPatch, secretPost, secretProblems, toLocalInput, type SecretFormValues } from "../lib/secretForm";
import { useFormErrors } from "../lib/useFormErrors";

/** The fields of a secret; `mode` says which ones the form has. */
function SecretFields({
  values,
  onChange,
  errors,
  mode,
  idPrefix,
}: {
  values: SecretFormValues;
  onChange: (v: SecretFormValues) => void;
  errors: Record<string, string>;
  mode: "create" | "details" | "value";
  idPrefix: string;
}) {
  const set = (patch: Partial<SecretFormValues>) => onChange({ ...values, ...patch });
  return (
    <>
      {mode !== "value" && (
        <TextField
          id={`${idPrefix}-name`}
          name="name"
          label="Name"
          hint="How you find the secret again, e.g. “S3 access key”."
          maxLength={99}
          required
          autoComplete="off"
          value={values.name}
          error={errors.name}
          onChange={(e) => set({ name: e.target.value })}
        />
      )}
      {mode !== "details" && (
        <TextField
          id={`${idPrefix}-value`}
          name="value"
          type="password"
          label={mode === "value" ? "New value" : "Value"}
          hint="Stored encrypted; it is never shown again, not even to you."
          required
          autoComplete="new-password"
          spellCheck={false}
          value={values.value}
          error={errors.value}
          onChange={(e) => set({ value: e.target.value })}
        />
      )}
      {mode !== "value" && (
        <>
          <TextField
            id={`${idPrefix}-filename`}
            name="default_filename"
            label="File name in sessions (optional)"
            hint={mode === "create" ? "Letters, digits, dots, dashes and underscores. Empty: made from the name." : "Letters, digits, dots, dashes and underscores."}
            maxLength={99}
            autoComplete="off"
            spellCheck={false}
            value={values.defaultFilename}
            error={errors.default_filename}
            onChange={(e) => set({ defaultFilename: e.target.value })}
          />
          <TextField
            id={`${idPrefix}-expiration`}
            name="expiration_timestamp"
            type="datetime-local"
            label="Expires (optional)"
            hint="An expired secret is no longer given to new sessions."
            value={values.expiration}
            error={errors.expiration_timestamp}
            onChange={(e) => set({ expiration: e.target.value })}
          />
        </>
      )}
    </>
  );
}

function NewSecretForm({ onDone }: { onDone: (name: string) => void }) {
  const qc = useQueryClient();
  const [values, setValues] = useState<SecretFormValues>(EMPTY_SECRET);
  const { errors, fail, clear, setErrors } = useFormErrors(SECRET_FIELDS, {}, "new-secret");
  const create = useMutation({
    mutationFn: (body: UserSecretPost) => api<UserSecret>("/user/secrets", { method: "POST", body }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: keys.userSecrets });
      setValues(EMPTY_SECRET);
      onDone(s.name);
    },
    onError: fail,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local = secretProblems(values, { valueRequired: true });
    if (Object.keys(local).length) {
      setErrors({ fields: local, other: [] });
      document.querySelector<HTMLElement>(`#new-secret [name="${Object.keys(local)[0]}"]`)?.focus();
      return;
    }
    create.mutate(secretPost(values));
  };
  return (
    <form className="form card" id="new-secret" onSubmit={submit} noValidate aria-labelledby="new-secret-title">
      <h2 id="new-secret-title">New session secret</h2>
      <FormErrors messages={errors.other} />
      <SecretFields values={values} onChange={setValues} errors={errors.fields} mode="create" idPrefix="new-secret" />
      <div className="form-actions">
        <button className="button" type="submit" disabled={create.isPending} id="create-secret">
          {create.isPending ? "Saving…" : "Save secret"}
        </button>
      </div>
    </form>
  );
}

/** A dialog that changes a secret: its details, or its value alone. */
function EditSecretDialog({ secret, mode, onClose, onSaved }: { secret: UserSecret; mode: "details" | "value"; onClose: () => void; onSaved: (msg: string) => void }) {
  const qc = useQueryClient();
  const formId = `edit-secret-${secret.id}`;
  const [values, setValues] = useState<SecretFormValues>({
    name: secret.name,
    value: "",
    defaultFilename: secret.default_filename,
    expiration: toLocalInput(secret.expiration_timestamp),
  });
  const { errors, fail, clear, setErrors } = useFormErrors(SECRET_FIELDS, {}, formId);
  const save = useMutation({
    mutationFn: (body: UserSecretPatch) => api<UserSecret>(`/user/secrets/${encodeURIComponent(secret.id)}`, { method: "PATCH", body }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: keys.userSecrets });
      onSaved(mode === "value" ? `The value of ${s.name} was replaced.` : `${s.name} was saved.`);
    },
    onError: fail,
  });
  const submit = () => {
    clear();
    const local = secretProblems(values, { valueRequired: mode === "value", checkName: mode === "details" });
    if (Object.keys(local).length) {
      setErrors({ fields: local, other: [] });
      return;
    }
    const body = mode === "value" ? { value: values.value } : secretPatch(secret, { ...values, value: "" });
    if (Object.keys(body).length === 0) {
      onSaved(`${secret.name} is unchanged.`);
      return;
    }
    save.mutate(body);
  };
  return (
    <FormDialog
      open
      id={formId}
      title={mode === "value" ? `Replace the value of ${secret.name}` : `Edit ${secret.name}`}
      submitLabel={mode === "value" ? "Replace value" : "Save"}
      busy={save.isPending}
      onSubmit={submit}
      onCancel={onClose}
    >
      <FormErrors messages={errors.other} />
      {mode === "value" && <p className="small muted">Every project slot and data connector that uses this secret gets the new value in the sessions started from now on.</p>}
      <SecretFields values={values} onChange={setValues} errors={errors.fields} mode={mode} idPrefix={formId} />
    </FormDialog>
  );
}

function UsedBy({ secret }: { secret: UserSecret }) {
  const slots = secret.session_secret_slot_ids?.length ?? 0;
  const connectors = secret.data_connector_ids?.length ?? 0;
  if (slots === 0 && connectors === 0) return <span className="muted">Not used</span>;
  const parts = [];
  if (slots) parts.push(`${slots} secret slot${slots === 1 ? "" : "s"}`);
  if (connectors) parts.push(`${connectors} data connector${connectors === 1 ? "" : "s"}`);
  return <>{parts.join(", ")}</>;
}

function Expiry({ secret }: { secret: UserSecret }) {
  if (!secret.expiration_timestamp) return <span className="muted">Never</span>;
  const expired = isExpired(secret);
  return (
    <>
      {expired && <span className="badge error">Expired</span>} <time dateTime={secret.expiration_timestamp} title={relativeTime(secret.expiration_timestamp)}>{formatDate(secret.expiration_timestamp)}</time>
    </>
  );
}

function SecretTable({ secrets, caption, onEdit, onDelete }: { secrets: UserSecret[]; caption: string; onEdit: (s: UserSecret, mode: "details" | "value") => void; onDelete: (s: UserSecret) => void }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">File name</th>
            <th scope="col">Expires</th>
            <th scope="col">Used by</th>
            <th scope="col">Changed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {secrets.map((s) => (
            <tr key={s.id} data-testid="secret-row" data-secret-name={s.name}>
              <th scope="row" className="list-title">{s.name}</th>
              <td className="mono small">{s.default_filename}</td>
              <td className="small">
                <Expiry secret={s} />
              </td>
              <td className="small">
                <UsedBy secret={s} />
              </td>
              <td className="small">{formatDate(s.modification_date)}</td>
              <td>
                <div className="row">
                  <button type="button" className="button small secondary" onClick={() => onEdit(s, "value")} aria-label={`Replace the value of ${s.name}`}>
                    Replace value
                  </button>
                  {s.kind === "general" && (
                    <button type="button" className="button small secondary" onClick={() => onEdit(s, "details")} aria-label={`Edit ${s.name}`}>
                      Edit
                    </button>
                  )}
                  <button type="button" className="button small danger-outline" onClick={() => onDelete(s)} aria-label={`Delete ${s.name}`}>
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SecretsContent() {
  const qc = useQueryClient();
  const secrets = useUserSecrets();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState("");
  const [editing, setEditing] = useState<{ secret: UserSecret; mode: "details" | "value" } | null>(null);
  const [deleting, setDeleting] = useState<UserSecret | null>(null);
  const del = useMutation({
    mutationFn: (s: UserSecret) => api<void>(`/user/secrets/${encodeURIComponent(s.id)}`, { method: "DELETE" }),
    onSuccess: (_, s) => {
      setDeleting(null);
      setNotice(`${s.name} was deleted.`);
      void qc.invalidateQueries({ queryKey: keys.userSecrets });
    },
  });
  const general = secrets.data?.filter((s) => s.kind === "general") ?? [];
  const storage = secrets.data?.filter((s) => s.kind === "storage") ?? [];
  const edit = (secret: UserSecret, mode: "details" | "value") => {
    setNotice("");
    setEditing({ secret, mode });
  };
  const remove = (s: UserSecret) => {
    setNotice("");
    del.reset();
    setDeleting(s);
  };
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1 style={{ margin: 0 }}>Secrets</h1>
          <p className="muted" style={{ margin: 0 }}>
            Passwords, tokens and keys for your sessions. Values are stored encrypted and never shown again.
          </p>
        </div>
        <div className="actions">
          {!creating && (
            <button type="button" className="button" onClick={() => { setNotice(""); setCreating(true); }} id="new-secret-button">
              + New secret
            </button>
          )}
        </div>
      </div>
      <div aria-live="polite">
        {notice && (
          <div className="alert ok" role="status">
            {notice}
          </div>
        )}
      </div>
      {creating && (
        <NewSecretForm
          onDone={(name) => {
            setCreating(false);
            setNotice(`${name} was saved.`);
          }}
        />
      )}
      <section className="card" aria-labelledby="general-secrets">
        <h2 id="general-secrets">Session secrets</h2>
        <p className="small muted">A project's secret slots use them: each slot becomes a file in your sessions of that project.</p>
        {secrets.isPending ? (
          <Loading label="Loading your secrets…" />
        ) : secrets.error ? (
          <ErrorAlert error={secrets.error} onRetry={() => void secrets.refetch()} />
        ) : general.length === 0 ? (
          <Empty>
            <p>You have no session secrets yet.</p>
            {!creating && (
              <button type="button" className="button small" onClick={() => setCreating(true)}>
                Add a secret
              </button>
            )}
          </Empty>
        ) : (
          <SecretTable secrets={general} caption="Session secrets" onEdit={edit} onDelete={remove} />
        )}
      </section>
      <section className="card" aria-labelledby="storage-secrets">
        <h2 id="storage-secrets">Data connector credentials</h2>
        <p className="small muted">Saved from a data connector's page; only you use them, when your sessions mount that data connector.</p>
        {secrets.isPending ? (
          <Loading label="Loading your credentials…" />
        ) : secrets.error ? null : storage.length === 0 ? (
          <Empty>
            <p>No saved data connector credentials.</p>
          </Empty>
        ) : (
          <SecretTable secrets={storage} caption="Data connector credentials" onEdit={edit} onDelete={remove} />
        )}
      </section>
      {editing && (
        <EditSecretDialog
          key={`${editing.secret.id}-${editing.mode}`}
          secret={editing.secret}
          mode={editing.mode}
          onClose={() => setEditing(null)}
          onSaved={(msg) => {
            setEditing(null);
            setNotice(msg);
          }}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete ${deleting?.name ?? "the secret"}?`}
        confirmLabel="Delete secret"
        busy={del.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && del.mutate(deleting)}
      >
        <p>Sessions started from now on no longer get it; slots filled with it become empty. This cannot be undone.</p>
        {del.error && <ErrorAlert error={del.error} />}
      </ConfirmDialog>
    </div>
  );
}

export default function Secrets() {
  useTitle("Secrets");
  return <RequireLogin what="your secrets">{() => <SecretsContent />}</RequireLogin>;
}
