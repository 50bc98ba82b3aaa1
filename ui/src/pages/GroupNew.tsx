import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client";
import { keys, useAuthorizationConfig } from "../api/queries";
import type { Group, SelfUser } from "../api/types";
import { FormErrors, TextArea } from "../components/fields";
import { NameSlugFields, useNameSlug } from "../components/NameSlugFields";
import { RequireLogin } from "../components/RequireLogin";
import { useTitle } from "../components/ui";
import { slugProblem } from "../lib/slug";
import { useFormErrors } from "../lib/useFormErrors";

function NewGroupForm({ user }: { user: SelfUser }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const authz = useAuthorizationConfig();
  const ns = useNameSlug();
  const [description, setDescription] = useState("");
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(["name", "slug", "description"], {}, "new-group");
  const create = useMutation({
    mutationFn: () => api<Group>("/groups", { method: "POST", body: { name: ns.name.trim(), slug: ns.slug, description: description.trim() || undefined } }),
    onSuccess: (g) => {
      void qc.invalidateQueries({ queryKey: keys.groups });
      void qc.invalidateQueries({ queryKey: ["namespaces"] });
      navigate(`/g/${g.slug}`);
    },
    onError: fail,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local: Record<string, string> = {};
    if (!ns.name.trim()) local.name = "Required.";
    const sp = slugProblem(ns.slug);
    if (sp) local.slug = sp;
    if (Object.keys(local).length) {
      setErrors({ fields: local, other: [] });
      document.getElementById(local.name ? "name" : "slug")?.focus();
      return;
    }
    create.mutate();
  };
  const adminsOnly = authz.data?.create_groups === "admins_only" && !user.is_admin;
  return (
    <>
      <div className="breadcrumbs"><Link to="/groups">Groups</Link> / New</div>
      <h1>Create a group</h1>
      {adminsOnly && <div className="alert warn" role="status">On this platform only administrators may create groups.</div>}
      <form className="form card" id="new-group" onSubmit={submit} noValidate>
        <FormErrors messages={errors.other} />
        <NameSlugFields value={ns} nameLabel="Group name" pathPrefix="/g/" errors={errors.fields} onEdit={(f) => clearField(f)} />
        <TextArea id="description" name="description" label="Description (optional)" maxLength={500} hint={`${description.length}/500 characters`} value={description} error={errors.fields.description} onChange={(e) => setDescription(e.target.value)} />
        <p className="small muted">You become the group's owner. The slug is shared with users: it must not be anyone's username.</p>
        <div className="form-actions">
          <button className="button" type="submit" disabled={create.isPending} id="create-group">{create.isPending ? "Creating…" : "Create group"}</button>
          <Link className="button secondary" to="/groups">Cancel</Link>
        </div>
      </form>
    </>
  );
}

export default function GroupNew() {
  useTitle("New group");
  return <RequireLogin what="the group form">{(user) => <NewGroupForm user={user} />}</RequireLogin>;
}
