import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { keys, useWritableNamespaces } from "../../api/queries";
import type { ProjectPatch, Visibility } from "../../api/types";
import { Checkbox, FormErrors, TextArea, TextField } from "../../components/fields";
import { NameSlugFields, useNameSlug } from "../../components/NameSlugFields";
import { OwnerVisibilityFields } from "../../components/OwnerVisibilityFields";
import { ConfirmDialog, ErrorAlert, Loading, useTitle } from "../../components/ui";
import { splitKeywords } from "../../lib/format";
import { slugProblem } from "../../lib/slug";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";
import { useProjectContext } from "./context";
import { ProjectSessionSecrets } from "./ProjectSessionSecrets";
import { useProjectPatch } from "./useProjectPatch";

const FIELDS = ["name", "slug", "namespace", "visibility", "description", "keywords", "is_template"] as const;

// The owner, slug and visibility of a project are its owners' to change (the data service answers
// 403 to anyone else, decision 0017); editors see them read-only.
const OWNERS_ONLY = "Only the project's owners can change this.";

function GeneralForm() {
  const { project, permissions } = useProjectContext();
  const owner = !!permissions.delete;
  const navigate = useNavigate();
  const namespaces = useWritableNamespaces(true);
  const ns = useNameSlug({ name: project.name, slug: project.slug });
  const [namespace, setNamespace] = useState(project.namespace);
  const [visibility, setVisibility] = useState<Visibility>(project.visibility);
  const [description, setDescription] = useState(project.description ?? "");
  const [keywords, setKeywords] = useState((project.keywords ?? []).join(", "));
  const [isTemplate, setIsTemplate] = useState(!!project.is_template);
  const [saved, setSaved] = useState(false);
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(FIELDS, { "keywords[]": "keywords" }, "project-settings");
  const save = useProjectPatch(
    project,
    (p) => {
      setSaved(true);
      if (p.namespace !== project.namespace || p.slug !== project.slug) navigate(`/p/${p.namespace}/${p.slug}/settings`, { replace: true });
    },
    fail,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaved(false);
    const local: Record<string, string> = {};
    if (!ns.name.trim()) local.name = "Required.";
    const sp = slugProblem(ns.slug);
    if (sp) local.slug = sp;
    if (Object.keys(local).length) {
      setErrors({ fields: local, other: [] });
      return;
    }
    const body: ProjectPatch = {};
    if (ns.name.trim() !== project.name) body.name = ns.name.trim();
    if (ns.slug !== project.slug) body.slug = ns.slug;
    if (namespace !== project.namespace) body.namespace = namespace;
    if (visibility !== project.visibility) body.visibility = visibility;
    if (description !== (project.description ?? "")) body.description = description;
    const kw = splitKeywords(keywords);
    if (kw.join("\n") !== (project.keywords ?? []).join("\n")) body.keywords = kw;
    if (isTemplate !== !!project.is_template) body.is_template = isTemplate;
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(body);
  };
  return (
    <form className="form card" id="project-settings" onSubmit={submit} noValidate aria-labelledby="general-title">
      <h2 id="general-title">General</h2>
      <FormErrors messages={errors.other} />
      {saved && (
        <div className="alert ok" role="status">
          Saved.
        </div>
      )}
      <NameSlugFields value={ns} nameLabel="Project name" pathPrefix={`/p/${namespace}/`} errors={errors.fields} onEdit={(f) => { clearField(f); setSaved(false); }} slugLocked={owner ? undefined : OWNERS_ONLY} />
      <OwnerVisibilityFields
        namespaces={namespaces}
        namespace={namespace}
        onNamespaceChange={setNamespace}
        visibility={visibility}
        onVisibilityChange={setVisibility}
        errors={errors.fields}
        ownerHint={owner ? "Moving the project needs write access to both namespaces." : OWNERS_ONLY}
        visibilityHints={{ private: "Only members can see the project.", public: "Anyone can see the project and launch its sessions." }}
        current={project.namespace}
        disabled={!owner}
      />
      <TextArea id="description" name="description" label="Description" maxLength={500} hint={`${description.length}/500 characters`} value={description} error={errors.fields.description} onChange={(e) => setDescription(e.target.value)} />
      <TextField id="keywords" name="keywords" label="Keywords" hint="Separated by commas, e.g. climate, python" value={keywords} error={errors.fields.keywords} onChange={(e) => setKeywords(e.target.value)} />
      <Checkbox id="is_template" name="is_template" label="This project is a template" hint="Templates invite others to copy them." checked={isTemplate} onChange={(e) => setIsTemplate(e.target.checked)} />
      <div className="form-actions">
        <button className="button" type="submit" disabled={save.isPending} id="save-project">
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

function TemplateLink() {
  const { project } = useProjectContext();
  const [open, setOpen] = useState(false);
  const unlink = useProjectPatch(project, () => setOpen(false));
  if (!project.template_id) return null;
  return (
    <section className="card" aria-labelledby="template-title">
      <h2 id="template-title">Template link</h2>
      <p>This project was copied from another project. Breaking the link removes it from the template's copies.</p>
      {unlink.error && <ErrorAlert error={unlink.error} />}
      <button type="button" className="button danger-outline" onClick={() => setOpen(true)}>
        Break the template link
      </button>
      <ConfirmDialog open={open} title="Break the template link?" confirmLabel="Break link" busy={unlink.isPending} onCancel={() => setOpen(false)} onConfirm={() => unlink.mutate({ template_id: "" })}>
        <p>The project keeps everything it has; it is only no longer listed as a copy.</p>
      </ConfirmDialog>
    </section>
  );
}

function DangerZone() {
  const { project, permissions } = useProjectContext();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const del = useMutation({
    mutationFn: () => api<void>(`/projects/${project.id}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.project(project.namespace, project.slug) });
      void qc.invalidateQueries({ queryKey: keys.projects });
      navigate("/", { replace: true });
    },
  });
  if (!permissions.delete) return null;
  return (
    <section className="card" aria-labelledby="danger-title" style={{ borderColor: "#f1b5b5" }}>
      <h2 id="danger-title">Delete the project</h2>
      <p>The project, its launchers and its documentation are deleted for everyone. This cannot be undone.</p>
      {del.error && <ErrorAlert error={del.error} />}
      <button type="button" className="button danger" onClick={() => { setTyped(""); setOpen(true); }} id="delete-project">
        Delete project
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${project.name}?`}
        confirmLabel="Delete this project"
        busy={del.isPending}
        confirmDisabled={typed !== project.slug}
        onCancel={() => setOpen(false)}
        onConfirm={() => del.mutate()}
      >
        <TextField id="confirm-slug" label={<>Type <code>{project.slug}</code> to confirm</>} value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
      </ConfirmDialog>
    </section>
  );
}

export default function ProjectSettings() {
  const { project, permissions, permissionsPending, user } = useProjectContext();
  useTitle(`Settings · ${project.name}`);
  if (permissionsPending) return <Loading label="Checking your permissions…" />;
  // Every logged-in reader fills the secret slots with their own secrets; the rest is editors'.
  if (!permissions.write) return user ? <ProjectSessionSecrets /> : <NotFound />;
  return (
    <div className="stack">
      <GeneralForm />
      <ProjectSessionSecrets />
      <TemplateLink />
      <DangerZone />
    </div>
  );
}
