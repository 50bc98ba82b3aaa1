import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { ApiError } from "../../api/errors";
import { keys, useWritableNamespaces } from "../../api/queries";
import type { Project, Visibility } from "../../api/types";
import { FormErrors } from "../../components/fields";
import { NameSlugFields, useNameSlug } from "../../components/NameSlugFields";
import { OwnerVisibilityFields } from "../../components/OwnerVisibilityFields";
import { useTitle } from "../../components/ui";
import { slugProblem } from "../../lib/slug";
import { useFormErrors } from "../../lib/useFormErrors";
import { useProjectContext } from "./context";

/** Copy a project (its launchers, documentation and metadata) into one of my namespaces. */
export default function ProjectCopy() {
  const { project, user, base } = useProjectContext();
  useTitle(`Copy · ${project.name}`);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const namespaces = useWritableNamespaces(!!user);
  const ns = useNameSlug({ name: `${project.name} copy`.slice(0, 99), slug: `${project.slug}-copy`.slice(0, 99) });
  const [namespace, setNamespace] = useState(user?.username ?? "");
  const [visibility, setVisibility] = useState<Visibility>(project.visibility);
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(["name", "slug", "namespace", "visibility"], {}, "copy-form");
  const copy = useMutation({
    mutationFn: () =>
      api<Project>(`/projects/${project.id}/copies`, {
        method: "POST",
        body: { name: ns.name.trim(), slug: ns.slug, namespace, visibility, description: project.description, keywords: project.keywords },
      }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.projects });
      navigate(`/p/${p.namespace}/${p.slug}`);
    },
    onError: (e) => {
      // 403 after a copy: the copy exists, only some data connector links were not copied.
      if (e instanceof ApiError && e.status === 403 && /cop/i.test(e.message)) {
        void qc.invalidateQueries({ queryKey: keys.projects });
        navigate(`/p/${namespace}/${ns.slug}`);
        return;
      }
      fail(e);
    },
  });
  if (!user) {
    return (
      <section className="card">
        <h2>Log in to copy this project</h2>
      </section>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local: Record<string, string> = {};
    if (!ns.name.trim()) local.name = "Required.";
    const sp = slugProblem(ns.slug);
    if (sp) local.slug = sp;
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    copy.mutate();
  };
  return (
    <form className="form card" id="copy-form" onSubmit={submit} noValidate aria-labelledby="copy-title">
      <h2 id="copy-title">Copy “{project.name}”</h2>
      <p className="muted">The copy gets the project's launchers, documentation, repositories and keywords. Members and sessions are not copied.</p>
      <FormErrors messages={errors.other} />
      <NameSlugFields value={ns} nameLabel="Name of the copy" pathPrefix={`/p/${namespace}/`} errors={errors.fields} onEdit={(f) => clearField(f)} />
      <OwnerVisibilityFields
        namespaces={namespaces}
        namespace={namespace}
        onNamespaceChange={setNamespace}
        visibility={visibility}
        onVisibilityChange={setVisibility}
        errors={errors.fields}
      />
      <div className="form-actions">
        <button className="button" type="submit" disabled={copy.isPending}>
          {copy.isPending ? "Copying…" : "Copy project"}
        </button>
        <Link className="button secondary" to={base}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
