// A project's session secrets, in its settings: the slots (a name, a description and a file
// name in the sessions' secrets directory; editors create, edit and delete them) and, for the
// caller, which slots they filled: fill with one of their secrets or a new value, or clear.
// Everyone fills slots with their own secrets; nobody sees another member's, nor any value.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { keys, useProjectSecretSlots, useProjectSessionSecrets, useUserSecrets } from "../../api/queries";
import type { SessionSecret, SessionSecretPatch, SessionSecretSlot, SessionSecretSlotPatch, SessionSecretSlotPost, UserSecret } from "../../api/types";
import { FormDialog } from "../../components/FormDialog";
import { FormErrors, RadioGroup, SelectField, TextField } from "../../components/fields";
import { ConfirmDialog, Empty, ErrorAlert, Loading } from "../../components/ui";
import { isExpired } from "../../lib/secretForm";
import { useFormErrors } from "../../lib/useFormErrors";
import { useProjectContext } from "./context";
import { useProjectPatch } from "./useProjectPatch";

const SLOT_FIELDS = ["name", "filename", "description"] as const;
const FILENAME = /^[a-zA-Z0-9_\-.]+$/;

interface SlotValues {
  name: string;
  filename: string;
  description: string;
}

/** Browser-side checks of a slot (the contract's limits). */
export function slotProblems(v: SlotValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v.filename.trim()) out.filename = "Required.";
  else if (!FILENAME.test(v.filename.trim())) out.filename = "Use letters, digits, dots, dashes and underscores only (no spaces or slashes).";
  else if (v.filename.trim().length > 200) out.filename = "At most 200 characters.";
  if (v.name.trim().length > 99) out.name = "At most 99 characters.";
  if (v.description.length > 500) out.description = "At most 500 characters.";
  return out;
}

function SlotFields({ values, onChange, errors, idPrefix }: { values: SlotValues; onChange: (v: SlotValues) => void; errors: Record<string, string>; idPrefix: string }) {
  return (
    <>
      <TextField id={`${idPrefix}-filename`} name="filename" label="File name" hint="The file in the secrets directory of sessions, e.g. api_token." required maxLength={200} autoComplete="off" spellCheck={false} value={values.filename} error={errors.filename} onChange={(e) => onChange({ ...values, filename: e.target.value })} />
      <TextField id={`${idPrefix}-name`} name="name" label="Name (optional)" hint="What members see when they fill it. Empty: the file name." maxLength={99} autoComplete="off" value={values.name} error={errors.name} onChange={(e) => onChange({ ...values, name: e.target.value })} />
      <TextField id={`${idPrefix}-description`} name="description" label="Description (optional)" hint="Where to get the secret, what it is for." maxLength={500} autoComplete="off" value={values.description} error={errors.description} onChange={(e) => onChange({ ...values, description: e.target.value })} />
    </>
  );
}

function NewSlotForm({ projectId, onDone }: { projectId: string; onDone: (s: SessionSecretSlot) => void }) {
  const qc = useQueryClient();
  const empty = { name: "", filename: "", description: "" };
  const [values, setValues] = useState<SlotValues>(empty);
  const { errors, fail, clear, setErrors } = useFormErrors(SLOT_FIELDS, {}, "new-slot");
  const create = useMutation({
    mutationFn: (body: SessionSecretSlotPost) => api<SessionSecretSlot>("/session_secret_slots", { method: "POST", body }),
    onSuccess: (s) => {
      setValues(empty);
      void qc.invalidateQueries({ queryKey: keys.projectSecretSlots(projectId) });
      onDone(s);
    },
    onError: fail,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local = slotProblems(values);
    if (Object.keys(local).length) {
      setErrors({ fields: local, other: [] });
      document.querySelector<HTMLElement>(`#new-slot [name="${Object.keys(local)[0]}"]`)?.focus();
      return;
    }
    create.mutate({ project_id: projectId, filename: values.filename.trim(), name: values.name.trim() || undefined, description: values.description.trim() || undefined });
  };
  return (
    <form id="new-slot" onSubmit={submit} noValidate aria-labelledby="new-slot-title" style={{ marginTop: "1rem" }}>
      <h3 id="new-slot-title">Add a secret slot</h3>
      <FormErrors messages={errors.other} />
      <SlotFields values={values} onChange={setValues} errors={errors.fields} idPrefix="new-slot" />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add slot"}
      </button>
    </form>
  );
}

function EditSlotDialog({ slot, onClose, onSaved }: { slot: SessionSecretSlot; onClose: () => void; onSaved: (msg: string) => void }) {
  const qc = useQueryClient();
  const formId = `edit-slot-${slot.id}`;
  const [values, setValues] = useState<SlotValues>({ name: slot.name, filename: slot.filename, description: slot.description ?? "" });
  const { errors, fail, clear, setErrors } = useFormErrors(SLOT_FIELDS, {}, formId);
  const save = useMutation({
    mutationFn: (body: SessionSecretSlotPatch) => api<SessionSecretSlot>(`/session_secret_slots/${slot.id}`, { method: "PATCH", body, headers: { "If-Match": slot.etag } }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: keys.projectSecretSlots(slot.project_id) });
      void qc.invalidateQueries({ queryKey: keys.projectSessionSecrets(slot.project_id) });
      onSaved(`The slot ${s.name} was saved.`);
    },
    onError: fail,
  });
  const submit = () => {
    clear();
    const local = slotProblems(values);
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    const body: SessionSecretSlotPatch = {};
    if (values.filename.trim() !== slot.filename) body.filename = values.filename.trim();
    if (values.name.trim() && values.name.trim() !== slot.name) body.name = values.name.trim();
    if (values.description.trim() !== (slot.description ?? "")) body.description = values.description.trim();
    if (Object.keys(body).length === 0) return onSaved(`The slot ${slot.name} is unchanged.`);
    save.mutate(body);
  };
  return (
    <FormDialog open id={formId} title={`Edit the slot ${slot.name}`} submitLabel="Save slot" busy={save.isPending} onSubmit={submit} onCancel={onClose}>
      <FormErrors messages={errors.other} />
      <SlotFields values={values} onChange={setValues} errors={errors.fields} idPrefix={formId} />
    </FormDialog>
  );
}

type FillMode = "existing" | "new";

function FillDialog({ slot, filled, secrets, onClose, onSaved }: { slot: SessionSecretSlot; filled?: SessionSecret; secrets: UserSecret[]; onClose: () => void; onSaved: (msg: string) => void }) {
  const qc = useQueryClient();
  const usable = secrets.filter((s) => s.kind === "general" && !isExpired(s));
  const [mode, setMode] = useState<FillMode>(usable.length > 0 ? "existing" : "new");
  const [secretId, setSecretId] = useState(filled?.secret_id ?? "");
  const [value, setValue] = useState("");
  const formId = `fill-${slot.id}`;
  const { errors, fail, clear, setErrors } = useFormErrors(["secret_id", "value"], { secret_slot_id: "secret_id" }, formId);
  const save = useMutation({
    mutationFn: (item: SessionSecretPatch) => api<SessionSecret[]>(`/projects/${slot.project_id}/session_secrets`, { method: "PATCH", body: [item] }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.projectSessionSecrets(slot.project_id) });
      void qc.invalidateQueries({ queryKey: keys.userSecrets });
      onSaved(`The slot ${slot.name} is filled; your new sessions get the file ${slot.filename}.`);
    },
    onError: fail,
  });
  const submit = () => {
    clear();
    if (mode === "existing") {
      if (!secretId) return setErrors({ fields: { secret_id: "Choose one of your secrets." }, other: [] });
      save.mutate({ secret_slot_id: slot.id, secret_id: secretId });
    } else {
      if (!value) return setErrors({ fields: { value: "Required." }, other: [] });
      if (value.length > 5000) return setErrors({ fields: { value: "At most 5000 characters." }, other: [] });
      save.mutate({ secret_slot_id: slot.id, value });
    }
  };
  return (
    <FormDialog open id={formId} title={`Fill ${slot.name}`} submitLabel="Save" busy={save.isPending} onSubmit={submit} onCancel={onClose}>
      <FormErrors messages={errors.other} />
      {slot.description && <p className="small">{slot.description}</p>}
      <RadioGroup<FillMode>
        legend="Fill it with"
        name={`${formId}-mode`}
        value={mode}
        onChange={setMode}
        options={[
          { value: "existing", label: "One of my secrets", hint: usable.length ? undefined : "You have no session secrets yet." },
          { value: "new", label: "A new value", hint: filled ? "Replaces the value of the secret that fills it now (everywhere that secret is used)." : "Saved as a new secret of yours." },
        ]}
      />
      {mode === "existing" ? (
        <SelectField id={`${formId}-secret`} name="secret_id" label="Secret" value={secretId} error={errors.fields.secret_id} onChange={(e) => setSecretId(e.target.value)}>
          <option value="">Choose…</option>
          {usable.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      ) : (
        <TextField id={`${formId}-value`} name="value" type="password" label="Value" hint="Stored encrypted; never shown again." autoComplete="new-password" spellCheck={false} value={value} error={errors.fields.value} onChange={(e) => setValue(e.target.value)} />
      )}
    </FormDialog>
  );
}

function MountDirectory() {
  const { project, permissions } = useProjectContext();
  const current = project.secrets_mount_directory ?? "/secrets";
  const [dir, setDir] = useState(current);
  const [saved, setSaved] = useState(false);
  const { errors, fail, clear, setErrors } = useFormErrors(["secrets_mount_directory"], {}, "mount-dir");
  const save = useProjectPatch(project, () => setSaved(true), fail);
  if (!permissions.write) {
    return (
      <p className="small">
        Your sessions of this project get the filled slots as files in <span className="mono">{current}</span>, readable only by you.
      </p>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaved(false);
    const v = dir.trim();
    if (!v) return setErrors({ fields: { secrets_mount_directory: "Required." }, other: [] });
    if (!v.startsWith("/")) return setErrors({ fields: { secrets_mount_directory: "An absolute path, e.g. /secrets." }, other: [] });
    if (v === current) return setSaved(true);
    save.mutate({ secrets_mount_directory: v });
  };
  return (
    <form className="inline-form" id="mount-dir" onSubmit={submit} noValidate>
      <FormErrors messages={errors.other} />
      <TextField id="secrets-mount-directory" name="secrets_mount_directory" label="Secrets directory in sessions" hint="Every filled slot becomes a file here, readable only by the session's user." autoComplete="off" spellCheck={false} value={dir} error={errors.fields.secrets_mount_directory} onChange={(e) => { setDir(e.target.value); setSaved(false); }} />
      <button type="submit" className="button secondary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </button>
      {saved && (
        <span className="small" role="status">
          Saved.
        </span>
      )}
    </form>
  );
}

export function ProjectSessionSecrets() {
  const { project, permissions, user } = useProjectContext();
  const qc = useQueryClient();
  const canWrite = !!permissions.write;
  const slots = useProjectSecretSlots(project.id);
  const mine = useProjectSessionSecrets(project.id, !!user);
  const secrets = useUserSecrets(!!user);
  const [notice, setNotice] = useState("");
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<SessionSecretSlot | null>(null);
  const [filling, setFilling] = useState<SessionSecretSlot | null>(null);
  const [deleting, setDeleting] = useState<SessionSecretSlot | null>(null);
  const [clearingAll, setClearingAll] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.projectSecretSlots(project.id) });
    void qc.invalidateQueries({ queryKey: keys.projectSessionSecrets(project.id) });
    void qc.invalidateQueries({ queryKey: keys.userSecrets });
  };
  const clearOne = useMutation({
    mutationFn: (slot: SessionSecretSlot) => api(`/projects/${project.id}/session_secrets`, { method: "PATCH", body: [{ secret_slot_id: slot.id, value: null }] }),
    onSuccess: (_, slot) => {
      setNotice(`The slot ${slot.name} is empty again; your secret is kept.`);
      refresh();
    },
  });
  const clearAll = useMutation({
    mutationFn: () => api<void>(`/projects/${project.id}/session_secrets`, { method: "DELETE" }),
    onSuccess: () => {
      setClearingAll(false);
      setNotice("All your slots of this project are empty again; your secrets are kept.");
      refresh();
    },
  });
  const del = useMutation({
    mutationFn: (slot: SessionSecretSlot) => api<void>(`/session_secret_slots/${slot.id}`, { method: "DELETE" }),
    onSuccess: (_, slot) => {
      setDeleting(null);
      setNotice(`The slot ${slot.name} was deleted.`);
      refresh();
    },
  });
  const filledBy = new Map((mine.data ?? []).map((f) => [f.secret_slot.id, f]));
  const secretName = (id: string) => secrets.data?.find((s) => s.id === id)?.name;
  const say = (msg: string) => {
    setNotice(msg);
    clearOne.reset();
  };
  return (
    <section className="card" aria-labelledby="session-secrets-title" id="session-secrets" data-testid="session-secrets">
      <div className="spread">
        <h2 id="session-secrets-title">Session secrets</h2>
        {user && filledBy.size > 0 && (
          <button type="button" className="button small danger-outline" onClick={() => { clearAll.reset(); setClearingAll(true); }}>
            Clear all my slots
          </button>
        )}
      </div>
      <p className="small muted">
        Secret slots ask each member for a secret (an API token, a password) that their sessions of this project get as a file. Everyone fills them with their own secrets; nobody sees anyone else's.{" "}
        <Link to="/secrets">Your secrets</Link>
      </p>
      <MountDirectory />
      <div aria-live="polite">
        {notice && (
          <div className="alert ok" role="status">
            {notice}
          </div>
        )}
      </div>
      {clearOne.error && <ErrorAlert error={clearOne.error} />}
      {slots.isPending ? (
        <Loading label="Loading the secret slots…" />
      ) : slots.error ? (
        <ErrorAlert error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.data.length === 0 ? (
        <Empty>
          <p>No secret slots{canWrite ? " yet" : ""}.</p>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Secret slots</caption>
            <thead>
              <tr>
                <th scope="col">Slot</th>
                <th scope="col">File</th>
                {user && <th scope="col">Yours</th>}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {slots.data.map((slot) => {
                const f = filledBy.get(slot.id);
                return (
                  <tr key={slot.id} data-slot={slot.filename}>
                    <th scope="row">
                      {slot.name}
                      {slot.description && <div className="small muted" style={{ fontWeight: "normal" }}>{slot.description}</div>}
                    </th>
                    <td className="mono small">{slot.filename}</td>
                    {user && (
                      <td className="small">
                        {mine.isPending ? "…" : f ? (
                          <>
                            <span className="badge ok">Filled</span> {secretName(f.secret_id) && <span className="muted">with {secretName(f.secret_id)}</span>}
                          </>
                        ) : (
                          <span className="badge">Empty</span>
                        )}
                      </td>
                    )}
                    <td>
                      <div className="row">
                        {user && (
                          <button type="button" className="button small" onClick={() => { setNotice(""); setFilling(slot); }} aria-label={`${f ? "Change" : "Fill"} ${slot.name}`}>
                            {f ? "Change" : "Fill"}
                          </button>
                        )}
                        {user && f && (
                          <button type="button" className="button small secondary" disabled={clearOne.isPending} onClick={() => { setNotice(""); clearOne.mutate(slot); }} aria-label={`Clear ${slot.name}`}>
                            Clear
                          </button>
                        )}
                        {canWrite && (
                          <>
                            <button type="button" className="button small secondary" onClick={() => { setNotice(""); setEditing(slot); }} aria-label={`Edit the slot ${slot.name}`}>
                              Edit
                            </button>
                            <button type="button" className="button small danger-outline" onClick={() => { del.reset(); setDeleting(slot); }} aria-label={`Delete the slot ${slot.name}`}>
                              Delete
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canWrite &&
        (adding ? (
          <NewSlotForm
            projectId={project.id}
            onDone={(s) => {
              setAdding(false);
              setNotice(`The slot ${s.name} was added; members can fill it now.`);
            }}
          />
        ) : (
          <button type="button" className="button small secondary" style={{ marginTop: "0.75rem" }} onClick={() => { setNotice(""); setAdding(true); }}>
            + Add a secret slot
          </button>
        ))}
      {editing && <EditSlotDialog key={editing.id} slot={editing} onClose={() => setEditing(null)} onSaved={(m) => { setEditing(null); say(m); }} />}
      {filling && <FillDialog key={filling.id} slot={filling} filled={filledBy.get(filling.id)} secrets={secrets.data ?? []} onClose={() => setFilling(null)} onSaved={(m) => { setFilling(null); say(m); }} />}
      <ConfirmDialog open={!!deleting} title={`Delete the slot ${deleting?.name ?? ""}?`} confirmLabel="Delete slot" busy={del.isPending} onCancel={() => setDeleting(null)} onConfirm={() => deleting && del.mutate(deleting)}>
        <p>New sessions no longer get this file. The members' secrets are kept.</p>
        {del.error && <ErrorAlert error={del.error} />}
      </ConfirmDialog>
      <ConfirmDialog open={clearingAll} title="Clear all your slots?" confirmLabel="Clear all" busy={clearAll.isPending} onCancel={() => setClearingAll(false)} onConfirm={() => clearAll.mutate()}>
        <p>Your new sessions of this project get none of your secrets. The secrets themselves are kept.</p>
        {clearAll.error && <ErrorAlert error={clearAll.error} />}
      </ConfirmDialog>
    </section>
  );
}
