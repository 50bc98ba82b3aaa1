import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Environment, EnvironmentFields } from "../../api/types";
import { Checkbox, FormErrors, TextArea, TextField } from "../../components/fields";
import { ConfirmDialog, ErrorAlert, Loading, useTitle } from "../../components/ui";
import { linesToList } from "../../lib/format";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";

interface EnvForm {
  name: string;
  description: string;
  container_image: string;
  default_url: string;
  port: string;
  uid: string;
  gid: string;
  working_directory: string;
  mount_directory: string;
  command: string;
  args: string;
  strip_path_prefix: boolean;
  is_archived: boolean;
}

function formFrom(e?: Environment): EnvForm {
  return {
    name: e?.name ?? "",
    description: e?.description ?? "",
    container_image: e?.container_image ?? "",
    default_url: e?.default_url ?? "",
    port: e ? String(e.port) : "",
    uid: e ? String(e.uid) : "",
    gid: e ? String(e.gid) : "",
    working_directory: e?.working_directory ?? "",
    mount_directory: e?.mount_directory ?? "",
    command: (e?.command ?? []).join("\n"),
    args: (e?.args ?? []).join("\n"),
    strip_path_prefix: e?.strip_path_prefix ?? false,
    is_archived: e?.is_archived ?? false,
  };
}

function bodyFrom(f: EnvForm, editing: boolean): EnvironmentFields {
  const b: EnvironmentFields = { name: f.name.trim(), container_image: f.container_image.trim(), strip_path_prefix: f.strip_path_prefix, is_archived: f.is_archived };
  if (f.description.trim() || editing) b.description = f.description.trim();
  if (f.default_url.trim()) b.default_url = f.default_url.trim();
  for (const k of ["port", "uid", "gid"] as const) if (f[k].trim() !== "") b[k] = Number(f[k]);
  if (f.working_directory.trim()) b.working_directory = f.working_directory.trim();
  if (f.mount_directory.trim()) b.mount_directory = f.mount_directory.trim();
  const command = linesToList(f.command);
  if (command.length || editing) b.command = command;
  const args = linesToList(f.args);
  if (args.length || editing) b.args = args;
  return b;
}

const FIELDS = ["name", "description", "container_image", "default_url", "port", "uid", "gid", "working_directory", "mount_directory", "command", "args"] as const;

function EnvironmentForm({ original }: { original?: Environment }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [f, setF] = useState<EnvForm>(formFrom(original));
  const [confirm, setConfirm] = useState(false);
  const { errors, fail, clear, setErrors } = useFormErrors(FIELDS, { "command[]": "command", "args[]": "args" }, "env-form");
  const set = (p: Partial<EnvForm>) => setF((s) => ({ ...s, ...p }));
  const save = useMutation({
    mutationFn: () =>
      original
        ? api<Environment>(`/environments/${original.id}`, { method: "PATCH", body: bodyFrom(f, true) })
        : api<Environment>("/environments", { method: "POST", body: bodyFrom(f, false) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["environments"] });
      void qc.invalidateQueries({ queryKey: ["environment"] });
      navigate("/admin/environments");
    },
    onError: fail,
  });
  const del = useMutation({
    mutationFn: () => api<void>(`/environments/${original!.id}`, { method: "DELETE" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["environments"] });
      navigate("/admin/environments");
    },
    onSettled: () => setConfirm(false),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local: Record<string, string> = {};
    if (!f.name.trim()) local.name = "Required.";
    if (f.container_image.trim().length < 3 || /\s/.test(f.container_image.trim())) local.container_image = "An image reference, at least 3 characters, no spaces.";
    if (f.port.trim() && !(Number.isInteger(Number(f.port)) && Number(f.port) >= 0 && Number(f.port) <= 65400)) local.port = "A port between 0 and 65400.";
    for (const k of ["uid", "gid"] as const) if (f[k].trim() && !(Number.isInteger(Number(f[k])) && Number(f[k]) >= 0 && Number(f[k]) <= 65535)) local[k] = "A number between 0 and 65535.";
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    save.mutate();
  };
  return (
    <form className="form card" id="env-form" onSubmit={submit} noValidate aria-labelledby="env-title">
      <div className="breadcrumbs"><Link to="/admin/environments">Environments</Link> / {original ? original.name : "New"}</div>
      <h2 id="env-title">{original ? `Edit ${original.name}` : "New global environment"}</h2>
      <FormErrors messages={errors.other} />
      <TextField id="env-name" name="name" label="Name" value={f.name} maxLength={99} error={errors.fields.name} onChange={(e) => set({ name: e.target.value })} />
      <TextArea id="env-description" name="description" label="Description" rows={2} maxLength={500} value={f.description} error={errors.fields.description} onChange={(e) => set({ description: e.target.value })} />
      <TextField id="env-image" name="container_image" label="Container image" spellCheck={false} value={f.container_image} error={errors.fields.container_image} onChange={(e) => set({ container_image: e.target.value })} />
      <div className="field-grid">
        <TextField id="env-port" name="port" label="Port" inputMode="numeric" placeholder="8080" value={f.port} error={errors.fields.port} onChange={(e) => set({ port: e.target.value })} />
        <TextField id="env-url" name="default_url" label="Default URL path" placeholder="/" value={f.default_url} error={errors.fields.default_url} onChange={(e) => set({ default_url: e.target.value })} />
        <TextField id="env-uid" name="uid" label="UID" inputMode="numeric" placeholder="1000" value={f.uid} error={errors.fields.uid} onChange={(e) => set({ uid: e.target.value })} />
        <TextField id="env-gid" name="gid" label="GID" inputMode="numeric" placeholder="1000" value={f.gid} error={errors.fields.gid} onChange={(e) => set({ gid: e.target.value })} />
        <TextField id="env-wd" name="working_directory" label="Working directory" value={f.working_directory} error={errors.fields.working_directory} onChange={(e) => set({ working_directory: e.target.value })} />
        <TextField id="env-md" name="mount_directory" label="Mount directory" value={f.mount_directory} error={errors.fields.mount_directory} onChange={(e) => set({ mount_directory: e.target.value })} />
      </div>
      <TextArea id="env-command" name="command" label="Command" hint="One argument per line." rows={2} spellCheck={false} value={f.command} error={errors.fields.command} onChange={(e) => set({ command: e.target.value })} />
      <TextArea id="env-args" name="args" label="Arguments" hint="One argument per line; $(RENKU_BASE_URL_PATH), $(RENKU_SESSION_PORT) and friends are replaced." rows={6} spellCheck={false} value={f.args} error={errors.fields.args} onChange={(e) => set({ args: e.target.value })} />
      <Checkbox id="env-strip" label="Strip the path prefix" checked={f.strip_path_prefix} onChange={(e) => set({ strip_path_prefix: e.target.checked })} />
      <Checkbox id="env-archived" label="Archived" hint="Kept for existing launchers, not offered for new ones." checked={f.is_archived} onChange={(e) => set({ is_archived: e.target.checked })} />
      <div className="form-actions">
        <button className="button" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : original ? "Save environment" : "Create environment"}</button>
        <Link className="button secondary" to="/admin/environments">Cancel</Link>
        {original && <button type="button" className="button danger-outline" onClick={() => setConfirm(true)}>Delete</button>}
      </div>
      {del.error && <div style={{ marginTop: "1rem" }}><ErrorAlert error={del.error} title="The environment was not deleted." /></div>}
      <ConfirmDialog open={confirm} title={`Delete ${original?.name ?? ""}?`} confirmLabel="Delete environment" busy={del.isPending} onCancel={() => setConfirm(false)} onConfirm={() => del.mutate()}>
        <p>Environments that launchers still use cannot be deleted; archive them instead.</p>
      </ConfirmDialog>
    </form>
  );
}

export default function EnvironmentEdit() {
  const { environmentId } = useParams();
  useTitle(environmentId ? "Edit environment · Admin" : "New environment · Admin");
  const env = useQuery<Environment, Error>({
    queryKey: keys.environment(environmentId ?? ""),
    queryFn: ({ signal }) => api<Environment>(`/environments/${environmentId}`, { signal }),
    enabled: !!environmentId,
  });
  if (!environmentId) return <EnvironmentForm />;
  if (env.isPending) return <Loading label="Loading environment…" />;
  if (env.error) return isStatus(env.error, 404) ? <NotFound what="environment" /> : <ErrorAlert error={env.error} />;
  return <EnvironmentForm key={env.data.id} original={env.data} />;
}
