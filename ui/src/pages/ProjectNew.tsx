import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client";
import { keys, useAuthorizationConfig, useWritableNamespaces } from "../api/queries";
import type { Project, ProjectPost, SelfUser, Visibility } from "../api/types";
import { FormErrors, TextArea } from "../components/fields";
import { NameSlugFields, useNameSlug } from "../components/NameSlugFields";
import { OwnerVisibilityFields } from "../components/OwnerVisibilityFields";
import { RequireLogin } from "../components/RequireLogin";
import { useTitle } from "../components/ui";
import { slugProblem } from "../lib/slug";
import { useFormErrors } from "../lib/useFormErrors";

const FIELDS = ["name", "slug", "namespace", "visibility", "description"] as const;

function NewProjectForm({ user }: { user: SelfUser }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const namespaces = useWritableNamespaces(true);
  const authz = useAuthorizationConfig();
  const ns = useNameSlug();
  const [namespace, setNamespace] = useState(params.get("namespace") ?? user.username);
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [description, setDescription] = useState("");
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(FIELDS, {}, "new-project");

  useEffect(() => {
    // Keep the namespace asked for in the URL only when the user may write there.
    if (namespaces.data && !namespaces.data.some((n) => n.slug === namespace)) setNamespace(user.username);
  }, [namespaces.data, namespace, user.username]);

  const create = useMutation({
    mutationFn: (body: ProjectPost) => api<Project>("/projects", { method: "POST", body }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.projects });
      navigate(`/p/${p.namespace}/${p.slug}`);
    },
    onError: fail,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local: Record<string, string> = {};
    if (!ns.name.trim()) local.name = "Required.";
    const problem = slugProblem(ns.slug);
    if (problem) local.slug = problem;
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, other: [] });
      document.getElementById(local.name ? "name" : "slug")?.focus();
      return;
    }
    create.mutate({
      name: ns.name.trim(),
      slug: ns.slug,
      namespace,
      visibility,
      description: description.trim() || undefined,
    });
  };

  const adminsOnly = authz.data?.create_projects === "admins_only" && !user.is_admin;
  return (
    <>
      <div className="breadcrumbs">
        <Link to="/projects">Projects</Link> / New
      </div>
      <h1>Create a project</h1>
      {adminsOnly && (
        <div className="alert warn" role="status">
          On this platform only administrators may create projects.
        </div>
      )}
      <form className="form card" id="new-project" onSubmit={submit} noValidate>
        <FormErrors messages={errors.other} />
        <NameSlugFields
          value={ns}
          nameLabel="Project name"
          pathPrefix={`/p/${namespace}/`}
          errors={errors.fields}
          onEdit={(f) => clearField(f)}
        />
        <OwnerVisibilityFields
          namespaces={namespaces}
          namespace={namespace}
          onNamespaceChange={(slug) => {
            setNamespace(slug);
            clearField("namespace");
          }}
          visibility={visibility}
          onVisibilityChange={setVisibility}
          errors={errors.fields}
          ownerHint="Your own namespace, or a group where you are an editor or owner."
          visibilityHints={{ private: "Only members can see the project.", public: "Anyone, also without logging in, can see it and launch its sessions." }}
        />
        <TextArea
          id="description"
          name="description"
          label="Description (optional)"
          maxLength={500}
          value={description}
          error={errors.fields.description}
          hint={`${description.length}/500 characters`}
          onChange={(e) => {
            setDescription(e.target.value);
            clearField("description");
          }}
        />
        <div className="form-actions">
          <button className="button" type="submit" disabled={create.isPending} id="create-project">
            {create.isPending ? "Creating…" : "Create project"}
          </button>
          <Link className="button secondary" to="/projects">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

export default function ProjectNew() {
  useTitle("New project");
  return <RequireLogin what="the project form">{(user) => <NewProjectForm user={user} />}</RequireLogin>;
}
