import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys, useEnvironments, useLauncher, useResourcePools } from "../../api/queries";
import type { Build, SessionLauncher } from "../../api/types";
import { Checkbox, FormErrors, RadioGroup, SelectField, TextArea, TextField } from "../../components/fields";
import { ErrorAlert, Loading, useTitle } from "../../components/ui";
import { BUILDER_VARIANTS, frontendsFor } from "../../lib/builds";
import {
  buildParametersChanged,
  EMPTY_LAUNCHER,
  formFromLauncher,
  LAUNCHER_FIELDS,
  LAUNCHER_RENAME,
  launcherPatchBody,
  launcherPostBody,
  validateLauncherForm,
  type LauncherFormState,
  type LauncherKind,
} from "../../lib/launcherForm";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";
import { useProjectContext } from "./context";

type Setter = <K extends keyof LauncherFormState>(k: K, v: LauncherFormState[K]) => void;

/** The "build from code" part of the form: repository, builder, user interface, revision, directory. */
export function BuildFields({ f, set, errors, repositories, isEdit }: { f: LauncherFormState; set: Setter; errors: Record<string, string | undefined>; repositories: string[]; isEdit: boolean }) {
  // A launcher made elsewhere may use variants this form does not list: keep them choosable.
  const builders = BUILDER_VARIANTS.some((b) => b.value === f.builderVariant) || !f.builderVariant ? BUILDER_VARIANTS : [...BUILDER_VARIANTS, { value: f.builderVariant, label: f.builderVariant, hint: "" }];
  const offered = frontendsFor(f.builderVariant);
  const frontends = offered.some((x) => x.value === f.frontendVariant) || !f.frontendVariant ? offered : [...offered, { value: f.frontendVariant, label: f.frontendVariant, hint: "" }];
  const builder = builders.find((b) => b.value === f.builderVariant);
  const frontend = frontends.find((x) => x.value === f.frontendVariant);
  return (
    <>
      <TextField
        id="build-repository"
        name="repository"
        label="Code repository"
        placeholder="https://github.com/me/my-analysis.git"
        inputMode="url"
        spellCheck={false}
        list={repositories.length > 0 ? "build-repositories" : undefined}
        value={f.repository}
        error={errors.repository}
        onChange={(e) => set("repository", e.target.value)}
        hint={repositories.length > 0 ? "The git repository to build; the project's repositories are suggested." : "The git repository to build (an http(s) address)."}
      />
      {repositories.length > 0 && (
        <datalist id="build-repositories">
          {repositories.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      )}
      <div className="field-grid">
        <SelectField
          id="build-builder"
          name="builderVariant"
          label="Environment type"
          value={f.builderVariant}
          error={errors.builderVariant}
          hint={builder?.hint || undefined}
          onChange={(e) => {
            const v = e.target.value;
            set("builderVariant", v);
            // Keep the user interface one this builder offers.
            const offered = frontendsFor(v);
            if (!offered.some((x) => x.value === f.frontendVariant) && offered.length > 0) set("frontendVariant", offered[0].value);
          }}
        >
          {builders.map((b) => (
            <option key={b.value} value={b.value}>
              {b.label}
            </option>
          ))}
        </SelectField>
        <SelectField id="build-frontend" name="frontendVariant" label="User interface" value={f.frontendVariant} error={errors.frontendVariant} hint={frontend?.hint || undefined} onChange={(e) => set("frontendVariant", e.target.value)}>
          {frontends.map((x) => (
            <option key={x.value} value={x.value}>
              {x.label}
            </option>
          ))}
        </SelectField>
      </div>
      <details className="advanced" id="build-advanced" open={!!(f.repositoryRevision || f.contextDir) || undefined}>
        <summary>Advanced build settings</summary>
        <div className="field-grid">
          <TextField id="build-revision" name="repositoryRevision" label="Revision (optional)" hint="A branch, tag or commit; the default branch when empty." placeholder="main" spellCheck={false} value={f.repositoryRevision} error={errors.repositoryRevision} onChange={(e) => set("repositoryRevision", e.target.value)} />
          <TextField id="build-context" name="contextDir" label="Context directory (optional)" hint="The directory inside the repository to build from; the top when empty." placeholder="env/python" spellCheck={false} value={f.contextDir} error={errors.contextDir} onChange={(e) => set("contextDir", e.target.value)} />
        </div>
      </details>
      <p className="small muted">
        {isEdit ? "Saving a change of these settings starts a new build." : "Creating the launcher starts its first build; sessions can start once it has succeeded."} The build's
        progress and logs show on the project page.
      </p>
    </>
  );
}

function LauncherForm({ original }: { original?: SessionLauncher }) {
  const { project, base } = useProjectContext();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const envs = useEnvironments(false);
  const pools = useResourcePools();
  const [f, setF] = useState<LauncherFormState>(() => (original ? formFromLauncher(original) : EMPTY_LAUNCHER));
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(LAUNCHER_FIELDS, LAUNCHER_RENAME, "launcher-form");
  const set = <K extends keyof LauncherFormState>(k: K, v: LauncherFormState[K]) => {
    setF((s) => ({ ...s, [k]: v }));
    clearField(k);
  };

  // A new launcher starts on the first global environment.
  useEffect(() => {
    if (!original && envs.data && envs.data.length > 0 && !f.environmentId) {
      setF((s) => ({ ...s, environmentId: envs.data[0].id }));
    }
  }, [envs.data, original, f.environmentId]);

  const save = useMutation({
    mutationFn: async () => {
      const l = original
        ? await api<SessionLauncher>(`/session_launchers/${original.id}`, { method: "PATCH", body: launcherPatchBody(f, original) })
        : await api<SessionLauncher>("/session_launchers", { method: "POST", body: launcherPostBody(f, project.id) });
      // A launcher built from code starts its first build (or a new one when what it is built
      // from changed) right away, as the original does. A 409 means a build already runs; any
      // other failure shows on the launcher, whose Build button tries again.
      if (l.environment.environment_image_source === "build" && buildParametersChanged(f, original)) {
        try {
          const b = await api<Build>(`/environments/${encodeURIComponent(l.environment.id)}/builds`, { method: "POST" });
          qc.setQueryData(keys.build(b.id), b);
        } catch {
          // the launcher is saved; its build view shows the state and offers Build
        }
        void qc.invalidateQueries({ queryKey: keys.environmentBuilds(l.environment.id) });
      }
      return l;
    },
    onSuccess: (l) => {
      qc.setQueryData(keys.launcher(l.id), l);
      void qc.invalidateQueries({ queryKey: keys.projectLaunchers(project.id) });
      navigate(base);
    },
    onError: fail,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local = validateLauncherForm(f);
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, other: [] });
      const first = Object.keys(local)[0];
      if (["repositoryRevision", "contextDir"].includes(first) && f.kind === "build") {
        const d = document.getElementById("build-advanced") as HTMLDetailsElement | null;
        if (d) d.open = true;
      }
      if (["image", "port", "uid", "gid"].includes(first) && f.kind === "custom") {
        const d = document.getElementById("advanced") as HTMLDetailsElement | null;
        if (d && first !== "image") d.open = true;
      }
      window.setTimeout(() => document.querySelector<HTMLElement>(`#launcher-form [name="${first}"]`)?.focus(), 0);
      return;
    }
    save.mutate();
  };

  const selectedClass = pools.data?.flatMap((p) => p.classes).find((c) => String(c.id) === f.resourceClassId);
  const defaultClass = pools.data?.find((p) => p.default)?.classes.find((c) => c.default);
  const maxDisk = (selectedClass ?? defaultClass)?.max_storage;
  const repositories = project.repositories ?? [];
  const archivedCurrent = original && original.environment.environment_kind === "GLOBAL" && original.environment.is_archived ? original.environment : null;

  return (
    <form className="form card" id="launcher-form" onSubmit={submit} noValidate aria-labelledby="launcher-form-title">
      <h2 id="launcher-form-title">{original ? `Edit launcher "${original.name}"` : "New launcher"}</h2>
      <FormErrors messages={errors.other} />
      <TextField id="launcher-name" name="name" label="Name" required maxLength={99} value={f.name} error={errors.fields.name} onChange={(e) => set("name", e.target.value)} />
      <TextArea id="launcher-description" name="description" label="Description (optional)" maxLength={500} rows={2} value={f.description} error={errors.fields.description} onChange={(e) => set("description", e.target.value)} />
      <RadioGroup<LauncherKind>
        legend="Environment"
        name="kind"
        value={f.kind}
        error={errors.fields.kind}
        onChange={(v) => {
          set("kind", v);
          // A new build starts from the project's first code repository.
          if (v === "build" && !f.repository && repositories.length > 0) set("repository", repositories[0]);
        }}
        options={[
          { value: "global", label: "Global environment", hint: "An environment curated by the administrators." },
          { value: "custom", label: "Custom image", hint: "Any container image with a web front end, e.g. quay.io/jupyter/minimal-notebook." },
          { value: "build", label: "Build from code", hint: "Renku builds an image from a code repository: its dependencies and a user interface." },
        ]}
      />
      {f.kind === "build" ? (
        <BuildFields f={f} set={set} errors={errors.fields} repositories={repositories} isEdit={!!original} />
      ) : f.kind === "global" ? (
        envs.isPending ? (
          <Loading label="Loading environments…" />
        ) : envs.error ? (
          <ErrorAlert error={envs.error} />
        ) : (
          <SelectField id="environment" name="environmentId" label="Global environment" value={f.environmentId} error={errors.fields.environmentId} onChange={(e) => set("environmentId", e.target.value)}>
            {envs.data.length === 0 && <option value="">No environments yet: ask an administrator</option>}
            {archivedCurrent && <option value={archivedCurrent.id}>{archivedCurrent.name} (archived)</option>}
            {envs.data.map((env) => (
              <option key={env.id} value={env.id}>
                {env.name} — {env.container_image}
              </option>
            ))}
          </SelectField>
        )
      ) : (
        <>
          <TextField id="image" name="image" label="Container image" placeholder="quay.io/jupyter/minimal-notebook:latest" spellCheck={false} value={f.image} error={errors.fields.image} onChange={(e) => set("image", e.target.value)} hint="The image must serve a web front end and run as a non-root user." />
          <details className="advanced" id="advanced" open={!!(f.port || f.defaultUrl || f.command || f.args || f.workingDirectory || f.mountDirectory || f.uid || f.gid) || undefined}>
            <summary>Advanced settings</summary>
            <p className="small muted">
              Renku sets <code>RENKU_BASE_URL_PATH</code> and <code>RENKU_SESSION_PORT</code> in the session so that the front end can serve under its address. Leave
              fields empty to use the defaults.
            </p>
            <div className="field-grid">
              <TextField id="port" name="port" label="Port" inputMode="numeric" placeholder="8080" value={f.port} error={errors.fields.port} onChange={(e) => set("port", e.target.value)} />
              <TextField id="default-url" name="defaultUrl" label="Default URL path" placeholder="/" value={f.defaultUrl} error={errors.fields.defaultUrl} onChange={(e) => set("defaultUrl", e.target.value)} />
              <TextField id="uid" name="uid" label="User id (UID)" inputMode="numeric" placeholder="1000" value={f.uid} error={errors.fields.uid} onChange={(e) => set("uid", e.target.value)} />
              <TextField id="gid" name="gid" label="Group id (GID)" inputMode="numeric" placeholder="1000" value={f.gid} error={errors.fields.gid} onChange={(e) => set("gid", e.target.value)} />
              <TextField id="working-dir" name="workingDirectory" label="Working directory" placeholder="/home/jovyan/work" value={f.workingDirectory} error={errors.fields.workingDirectory} onChange={(e) => set("workingDirectory", e.target.value)} />
              <TextField id="mount-dir" name="mountDirectory" label="Mount directory" hint="Where the session's persistent disk is mounted." placeholder="/home/jovyan/work" value={f.mountDirectory} error={errors.fields.mountDirectory} onChange={(e) => set("mountDirectory", e.target.value)} />
            </div>
            <TextArea id="command" name="command" label="Command" hint="Replaces the image's entry point; one argument per line." rows={3} spellCheck={false} value={f.command} error={errors.fields.command} onChange={(e) => set("command", e.target.value)} />
            <TextArea id="args" name="args" label="Arguments" hint="Replace the image's command; one argument per line." rows={3} spellCheck={false} value={f.args} error={errors.fields.args} onChange={(e) => set("args", e.target.value)} />
            <Checkbox id="strip" name="stripPathPrefix" label="Strip the path prefix" hint="Remove the session's base path before requests reach the front end." checked={f.stripPathPrefix} onChange={(e) => set("stripPathPrefix", e.target.checked)} />
          </details>
        </>
      )}
      {pools.isPending ? (
        <Loading label="Loading resource classes…" />
      ) : pools.error ? (
        <ErrorAlert error={pools.error} />
      ) : (
        <SelectField id="resource-class" name="resourceClassId" label="Resource class" hint="What sessions get by default; the class can be changed at launch." value={f.resourceClassId} error={errors.fields.resourceClassId} onChange={(e) => set("resourceClassId", e.target.value)}>
          <option value="">Default class of the default pool{defaultClass ? ` (${defaultClass.name})` : ""}</option>
          {pools.data.map((p) => (
            <optgroup key={p.id} label={`${p.name}${p.public ? "" : " (private)"}`}>
              {p.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}: {c.cpu} CPU, {c.memory} GB RAM{c.gpu ? `, ${c.gpu} GPU` : ""}, up to {c.max_storage} GB disk
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
      )}
      <TextField
        id="disk"
        name="diskStorage"
        label="Disk (GB, optional)"
        inputMode="numeric"
        placeholder={(selectedClass ?? defaultClass)?.default_storage ? String((selectedClass ?? defaultClass)?.default_storage) : "1"}
        hint={maxDisk ? `At most ${maxDisk} GB on this class.` : undefined}
        value={f.diskStorage}
        error={errors.fields.diskStorage}
        onChange={(e) => set("diskStorage", e.target.value)}
      />
      <fieldset aria-describedby={errors.fields.envVariables ? "env-err" : undefined}>
        <legend>Environment variables</legend>
        {f.envVariables.length === 0 && <p className="small muted">None. Variables are set in every session of this launcher.</p>}
        {f.envVariables.map((v, i) => (
          <div className="inline-form" key={i} style={{ marginBottom: "0.5rem" }}>
            <TextField name="envVariables" label={`Name ${i + 1}`} spellCheck={false} value={v.name} onChange={(e) => set("envVariables", f.envVariables.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            <TextField label={`Value ${i + 1}`} value={v.value} onChange={(e) => set("envVariables", f.envVariables.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
            <button type="button" className="button small danger-outline" onClick={() => set("envVariables", f.envVariables.filter((_, j) => j !== i))}>
              Remove<span className="visually-hidden"> variable {i + 1}</span>
            </button>
          </div>
        ))}
        {errors.fields.envVariables && (
          <p className="error-text" id="env-err">
            {errors.fields.envVariables}
          </p>
        )}
        <button type="button" className="button small secondary" style={{ marginBottom: "0.75rem" }} onClick={() => set("envVariables", [...f.envVariables, { name: "", value: "" }])} disabled={f.envVariables.length >= 32}>
          + Add variable
        </button>
      </fieldset>
      <div className="form-actions">
        <button className="button" type="submit" disabled={save.isPending} id="save-launcher">
          {save.isPending ? "Saving…" : original ? "Save launcher" : "Create launcher"}
        </button>
        <Link className="button secondary" to={base}>
          Cancel
        </Link>
      </div>
    </form>
  );
}

export default function LauncherEdit() {
  const { launcherId } = useParams();
  const { project, permissions, permissionsPending } = useProjectContext();
  const launcher = useLauncher(launcherId);
  useTitle(`${launcherId ? "Edit launcher" : "New launcher"} · ${project.name}`);
  if (permissionsPending) return <Loading label="Checking your permissions…" />;
  if (!permissions.write) return <NotFound />;
  if (!launcherId) return <LauncherForm />;
  if (launcher.isPending) return <Loading label="Loading launcher…" />;
  if (launcher.error) return isStatus(launcher.error, 404) ? <NotFound what="launcher" /> : <ErrorAlert error={launcher.error} />;
  if (launcher.data.project_id !== project.id) return <NotFound what="launcher" />;
  return <LauncherForm key={launcher.data.id} original={launcher.data} />;
}
