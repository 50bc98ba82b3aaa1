import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { keys } from "../../api/queries";
import type { Group } from "../../api/types";
import { FormErrors, TextArea, TextField } from "../../components/fields";
import { NameSlugFields, useNameSlug } from "../../components/NameSlugFields";
import { ConfirmDialog, ErrorAlert, Loading, useTitle } from "../../components/ui";
import { slugProblem } from "../../lib/slug";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";
import { useGroupContext } from "./context";

export default function GroupSettings() {
  const { group, permissions, permissionsPending } = useGroupContext();
  useTitle(`Settings · ${group.name}`);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const ns = useNameSlug({ name: group.name, slug: group.slug });
  const [description, setDescription] = useState(group.description ?? "");
  const [saved, setSaved] = useState(false);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(["name", "slug", "description"], {}, "group-settings");
  const save = useMutation({
    mutationFn: (body: Partial<Group>) => api<Group>(`/groups/${group.slug}`, { method: "PATCH", body }),
    onSuccess: (g) => {
      setSaved(true);
      qc.setQueryData(keys.group(g.slug), g);
      void qc.invalidateQueries({ queryKey: keys.groups });
      if (g.slug !== group.slug) navigate(`/g/${g.slug}/settings`, { replace: true });
    },
    onError: fail,
  });
  const del = useMutation({
    mutationFn: () => api<void>(`/groups/${group.slug}`, { method: "DELETE" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.groups });
      void qc.invalidateQueries({ queryKey: keys.projects });
      navigate("/", { replace: true });
    },
  });
  if (permissionsPending) return <Loading label="Checking your permissions…" />;
  // Every field of a group is its owners' to change (decision 0017).
  if (!permissions.delete) return <NotFound />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaved(false);
    const local: Record<string, string> = {};
    if (!ns.name.trim()) local.name = "Required.";
    const sp = slugProblem(ns.slug);
    if (sp) local.slug = sp;
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    const body: Partial<Group> = {};
    if (ns.name.trim() !== group.name) body.name = ns.name.trim();
    if (ns.slug !== group.slug) body.slug = ns.slug;
    if (description !== (group.description ?? "")) body.description = description;
    if (Object.keys(body).length === 0) return setSaved(true);
    save.mutate(body);
  };
  return (
    <div className="stack">
      <form className="form card" id="group-settings" onSubmit={submit} noValidate aria-labelledby="gs-title">
        <h2 id="gs-title">General</h2>
        <FormErrors messages={errors.other} />
        {saved && <div className="alert ok" role="status">Saved.</div>}
        <NameSlugFields value={ns} nameLabel="Group name" pathPrefix="/g/" errors={errors.fields} onEdit={(f) => { clearField(f); setSaved(false); }} />
        <TextArea id="description" name="description" label="Description" maxLength={500} hint={`${description.length}/500 characters`} value={description} error={errors.fields.description} onChange={(e) => setDescription(e.target.value)} />
        <p className="small muted">After a slug change, the old address still leads to the group.</p>
        <div className="form-actions">
          <button className="button" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save changes"}</button>
        </div>
      </form>
      {permissions.delete && (
        <section className="card" aria-labelledby="gdel-title" style={{ borderColor: "#f1b5b5" }}>
          <h2 id="gdel-title">Delete the group</h2>
          <p>The group and all its projects are deleted for everyone. This cannot be undone.</p>
          {del.error && <ErrorAlert error={del.error} />}
          <button type="button" className="button danger" onClick={() => { setTyped(""); setOpen(true); }}>Delete group</button>
          <ConfirmDialog open={open} title={`Delete ${group.name}?`} confirmLabel="Delete this group" busy={del.isPending} confirmDisabled={typed !== group.slug} onCancel={() => setOpen(false)} onConfirm={() => del.mutate()}>
            <TextField id="confirm-group-slug" label={<>Type <code>{group.slug}</code> to confirm</>} value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
          </ConfirmDialog>
        </section>
      )}
    </div>
  );
}
