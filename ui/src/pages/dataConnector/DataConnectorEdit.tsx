// /data_connectors/new (?namespace=<ns>, ?project=<project id> to create it for a project and
// link it) and /data_connectors/<id>/edit: a data connector's name, owner, visibility and its
// storage, from a form built from the rclone schema, with "Check" and "Test connection".

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { api, request } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { keys, useDataConnector, useDataConnectorPermissions, useDataConnectorSecrets, useProjectById, useStorageSchema, useWritableNamespaces } from "../../api/queries";
import type { DataConnector, DataConnectorPatch, DataConnectorPost, SelfUser, Visibility } from "../../api/types";
import { Checkbox, FormErrors, RadioGroup, SelectField, TextArea, TextField } from "../../components/fields";
import { NameSlugFields, useNameSlug } from "../../components/NameSlugFields";
import { RequireLogin } from "../../components/RequireLogin";
import { StorageConfigFields } from "../../components/StorageConfigFields";
import { ErrorAlert, Loading, useTitle } from "../../components/ui";
import { connectorUrl } from "../../lib/dataConnectors";
import { splitKeywords } from "../../lib/format";
import { slugProblem } from "../../lib/slug";
import { buildConfiguration, configurationPatch, credentialKeys, optionField, optionRenames, typedCredentials, valuesFromConfig, type OptionValues } from "../../lib/storageForm";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";

const BASE_FIELDS = ["name", "slug", "namespace", "visibility", "description", "keywords", "source_path", "target_path", "readonly", "config.type"];
const RENAMES: Record<string, string> = {
  "storage.source_path": "source_path",
  "storage.target_path": "target_path",
  "storage.readonly": "readonly",
  "storage.configuration": "config.type",
  configuration: "config.type",
  type: "config.type",
  "storage.configuration.type": "config.type",
  "keywords[]": "keywords",
};

type Check = { kind: "ok" | "error"; text: string; detail?: string } | null;

function ConnectorForm({ user, existing, projectId }: { user: SelfUser; existing?: DataConnector; projectId?: string }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const schema = useStorageSchema();
  const namespaces = useWritableNamespaces(true);
  const project = useProjectById(projectId);
  const saved = useDataConnectorSecrets(existing?.id, !!existing);
  const ns = useNameSlug(existing ? { name: existing.name, slug: existing.slug } : {});
  const projectNs = project.data ? `${project.data.namespace}/${project.data.slug}` : undefined;
  const [namespace, setNamespace] = useState(existing?.namespace ?? params.get("namespace") ?? user.username);
  const [visibility, setVisibility] = useState<Visibility>(existing?.visibility ?? "private");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [keywords, setKeywords] = useState((existing?.keywords ?? []).join(", "));
  const [type, setType] = useState(existing ? String(existing.storage.configuration.type ?? existing.storage.storage_type) : "");
  const [values, setValues] = useState<OptionValues>({});
  const [sourcePath, setSourcePath] = useState(existing?.storage.source_path ?? "");
  const [targetPath, setTargetPath] = useState(existing?.storage.target_path ?? "");
  const [readonly, setReadonly] = useState(existing?.storage.readonly ?? true);
  const [saveCredentials, setSaveCredentials] = useState(true);
  const [check, setCheck] = useState<Check>(null);
  const needed = useMemo(() => credentialKeys(existing?.storage.configuration), [existing]);
  const entry = schema.data?.find((e) => e.prefix === type);
  const known = useMemo(() => [...BASE_FIELDS, ...(entry?.options ?? []).map((o) => optionField(o.name)), optionField("provider")], [entry]);
  const renames = useMemo(() => ({ ...optionRenames(entry), ...RENAMES }), [entry]);
  const { errors, fail, clear, clearField, setErrors } = useFormErrors(known, renames, "connector-form");

  // The saved configuration's values, once the schema tells which options are credentials.
  useEffect(() => {
    if (existing && schema.data) setValues(valuesFromConfig(schema.data.find((e) => e.prefix === type), existing.storage.configuration));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [existing?.id, !!schema.data]);
  // A connector made for a project belongs to it.
  useEffect(() => {
    if (projectNs && !existing) setNamespace(projectNs);
  }, [projectNs, existing]);

  const showLocal = (local: Record<string, string>) => {
    setErrors({ fields: local, other: [] });
    const first = Object.keys(local)[0];
    window.setTimeout(() => document.querySelector<HTMLElement>(`#connector-form [name="${first}"]`)?.focus(), 0);
  };

  /** The configuration as saved (credentials as placeholders), or null after showing problems. */
  const storageOrProblems = (secrets: "placeholder" | "values") => {
    if (!entry) {
      showLocal({ "config.type": "Choose a storage type." });
      return null;
    }
    const built = buildConfiguration(entry, values, { secrets, keep: needed });
    const problems = Object.fromEntries(Object.entries(built.problems).map(([k, v]) => [optionField(k), v]));
    if (Object.keys(problems).length) {
      showLocal(problems);
      return null;
    }
    return built.configuration;
  };

  const validate = useMutation({
    mutationFn: (configuration: Record<string, unknown>) => request<void>("/storage_schema/validate", { method: "POST", body: configuration }),
    onSuccess: () => setCheck({ kind: "ok", text: "The configuration is valid." }),
    onError: (e) => {
      fail(e);
      setCheck({ kind: "error", text: `The configuration is not valid: ${errorMessage(e)}` });
    },
  });
  const test = useMutation({
    mutationFn: (body: { configuration: Record<string, unknown>; source_path: string }) => request<void>("/storage_schema/test_connection", { method: "POST", body }),
    onSuccess: () => setCheck({ kind: "ok", text: `Connection works: rclone could list ${sourcePath.trim() || "the storage"}.` }),
    onError: (e) => setCheck({ kind: "error", text: "The connection failed.", detail: errorMessage(e) }),
  });

  const save = useMutation({
    mutationFn: async (): Promise<{ dc: DataConnector; notice?: string }> => {
      const configuration = storageOrProblems("placeholder")!;
      const storage = { configuration, source_path: sourcePath.trim(), target_path: targetPath.trim() || ns.slug, readonly };
      let dc: DataConnector;
      if (!existing) {
        const body: DataConnectorPost = {
          name: ns.name.trim(),
          slug: ns.slug,
          namespace,
          visibility,
          storage,
          description: description.trim() || undefined,
          keywords: splitKeywords(keywords),
        };
        dc = await api<DataConnector>("/data_connectors", { method: "POST", body });
      } else {
        const body: DataConnectorPatch = {};
        if (ns.name.trim() !== existing.name) body.name = ns.name.trim();
        if (ns.slug !== existing.slug) body.slug = ns.slug;
        if (namespace !== existing.namespace) body.namespace = namespace;
        if (visibility !== existing.visibility) body.visibility = visibility;
        if (description !== (existing.description ?? "")) body.description = description;
        const kw = splitKeywords(keywords);
        if (kw.join("\n") !== (existing.keywords ?? []).join("\n")) body.keywords = kw;
        // The API merges a configuration into the saved one: send what changed, null for removed options.
        const old = existing.storage;
        const configPatch = configurationPatch(old.configuration, configuration);
        const storagePatch: NonNullable<DataConnectorPatch["storage"]> = {};
        if (configPatch) storagePatch.configuration = configPatch;
        if (storage.source_path !== old.source_path) storagePatch.source_path = storage.source_path;
        if (storage.target_path !== old.target_path) storagePatch.target_path = storage.target_path;
        if (storage.readonly !== old.readonly) storagePatch.readonly = storage.readonly;
        if (Object.keys(storagePatch).length) body.storage = storagePatch;
        dc = Object.keys(body).length ? await api<DataConnector>(`/data_connectors/${existing.id}`, { method: "PATCH", body, headers: { "If-Match": existing.etag } }) : existing;
      }
      const notices: string[] = [];
      const creds = entry ? typedCredentials(entry, values) : [];
      if (saveCredentials && creds.length) {
        try {
          await api(`/data_connectors/${dc.id}/secrets`, { method: "PATCH", body: creds });
          notices.push("Your credentials were saved.");
        } catch (e) {
          notices.push(`The data connector was saved, but your credentials were not: ${errorMessage(e)}`);
        }
      }
      if (!existing && projectId) {
        try {
          await api(`/data_connectors/${dc.id}/project_links`, { method: "POST", body: { project_id: projectId } });
        } catch (e) {
          notices.push(`The data connector was created, but not linked to the project: ${errorMessage(e)}`);
        }
      }
      return { dc, notice: notices.join(" ") || undefined };
    },
    onSuccess: ({ dc, notice }) => {
      void qc.invalidateQueries({ queryKey: keys.dataConnectors });
      if (projectId) void qc.invalidateQueries({ queryKey: keys.projectDataConnectorLinks(projectId) });
      void qc.invalidateQueries({ queryKey: keys.userSecrets });
      const back = !existing && project.data ? `/p/${project.data.namespace}/${project.data.slug}` : connectorUrl(dc);
      navigate(back, { state: notice ? { notice } : undefined });
    },
    onError: fail,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setCheck(null);
    const local: Record<string, string> = {};
    if (!ns.name.trim()) local.name = "Required.";
    const sp = slugProblem(ns.slug);
    if (sp) local.slug = sp;
    if (Object.keys(local).length) return showLocal(local);
    if (!storageOrProblems("placeholder")) return;
    save.mutate();
  };
  const runValidate = () => {
    clear();
    setCheck(null);
    const configuration = storageOrProblems("placeholder");
    if (configuration) validate.mutate(configuration);
  };
  const runTest = () => {
    clear();
    setCheck(null);
    const configuration = storageOrProblems("values");
    if (configuration) test.mutate({ configuration, source_path: sourcePath.trim() });
  };

  if (schema.isPending) return <Loading label="Loading the storage types…" />;
  if (schema.error) return <ErrorAlert error={schema.error} title="The storage types could not be loaded." onRetry={() => void schema.refetch()} />;
  const nsOptions = [
    ...(projectNs ? [{ value: projectNs, label: `${projectNs} (the project)` }] : []),
    ...(existing?.namespace && existing.namespace !== projectNs && !namespaces.data?.some((n) => n.slug === existing.namespace) ? [{ value: existing.namespace, label: existing.namespace }] : []),
    ...(namespaces.data ?? []).map((n) => ({ value: n.slug, label: n.namespace_kind === "user" ? `${n.slug} (you)` : `${n.name ?? n.slug} (group @${n.slug})` })),
  ];
  const busy = save.isPending;
  return (
    <form className="form card" id="connector-form" onSubmit={submit} noValidate aria-labelledby="connector-form-title">
      <h1 id="connector-form-title">{existing ? `Edit ${existing.name}` : project.data ? `New data connector for ${project.data.name}` : "New data connector"}</h1>
      <p className="muted small">Sessions mount the data connector as a folder. Credentials are never stored in it: each user saves their own.</p>
      <FormErrors messages={errors.other} />
      <NameSlugFields value={ns} nameLabel="Name" pathPrefix={`/d/${namespace}/`} errors={errors.fields} onEdit={clearField} />
      {namespaces.isPending && !projectNs ? (
        <Loading label="Loading namespaces…" />
      ) : (
        <SelectField id="namespace" name="namespace" label="Owner" hint="A user, a group or a project; the owner's members may edit it." value={namespace} error={errors.fields.namespace} onChange={(e) => setNamespace(e.target.value)}>
          {nsOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
      )}
      <RadioGroup<Visibility>
        legend="Visibility"
        name="visibility"
        value={visibility}
        onChange={setVisibility}
        error={errors.fields.visibility}
        options={[
          { value: "private", label: "Private", hint: "Only the owner's members see it." },
          { value: "public", label: "Public", hint: "Anyone can see it and link it to their projects (credentials stay private)." },
        ]}
      />
      <StorageConfigFields
        schema={schema.data}
        type={type}
        onTypeChange={(t) => {
          setType(t);
          setValues({});
          setCheck(null);
          clearField("config.type");
        }}
        values={values}
        onChange={(v) => {
          setValues(v);
          setCheck(null);
        }}
        errors={errors.fields}
        savedCredentials={(saved.data ?? []).map((s) => s.name)}
        neededCredentials={needed}
      />
      <TextField id="source_path" name="source_path" label="Source path" hint="What to mount, usually starting with the bucket or container, e.g. my-bucket/data." autoComplete="off" spellCheck={false} value={sourcePath} error={errors.fields.source_path} onChange={(e) => setSourcePath(e.target.value)} />
      <TextField id="target_path" name="target_path" label="Mount point" hint={`Where it appears in sessions, relative to the working directory. Empty: ${ns.slug || "the slug"}.`} autoComplete="off" spellCheck={false} value={targetPath} error={errors.fields.target_path} onChange={(e) => setTargetPath(e.target.value)} />
      <Checkbox id="readonly" name="readonly" label="Read-only" hint="Sessions cannot change the data (recommended)." checked={readonly} onChange={(e) => setReadonly(e.target.checked)} />
      <Checkbox id="save-credentials" label="Save the credentials I typed, for me only" hint="Stored encrypted as your secrets; other users give their own." checked={saveCredentials} onChange={(e) => setSaveCredentials(e.target.checked)} />
      <div className="row">
        <button type="button" className="button small secondary" onClick={runValidate} disabled={validate.isPending || !type}>
          {validate.isPending ? "Checking…" : "Check configuration"}
        </button>
        <button type="button" className="button small secondary" onClick={runTest} disabled={test.isPending || !type}>
          {test.isPending ? "Testing…" : "Test connection"}
        </button>
      </div>
      <div aria-live="polite" style={{ marginTop: "0.75rem" }}>
        {check && (
          <div className={`alert ${check.kind === "ok" ? "ok" : "error"}`} role={check.kind === "ok" ? "status" : "alert"} data-testid="storage-check">
            <p>{check.text}</p>
            {check.detail && <p className="small">{check.detail}</p>}
          </div>
        )}
      </div>
      <TextArea id="description" name="description" label="Description (optional)" maxLength={500} value={description} error={errors.fields.description} onChange={(e) => setDescription(e.target.value)} />
      <TextField id="keywords" name="keywords" label="Keywords (optional)" hint="Separated by commas." value={keywords} error={errors.fields.keywords} onChange={(e) => setKeywords(e.target.value)} />
      <div className="form-actions">
        <button className="button" type="submit" disabled={busy} id="save-connector">
          {busy ? "Saving…" : existing ? "Save changes" : "Create data connector"}
        </button>
        <Link className="button secondary" to={existing ? connectorUrl(existing) : project.data ? `/p/${project.data.namespace}/${project.data.slug}` : "/"}>
          Cancel
        </Link>
      </div>
    </form>
  );
}

function EditExisting({ user, id }: { user: SelfUser; id: string }) {
  const dc = useDataConnector(id);
  const perms = useDataConnectorPermissions(id, true);
  useTitle(dc.data ? `Edit ${dc.data.name}` : "Data connector");
  if (dc.isPending || perms.isPending) return <Loading label="Loading the data connector…" />;
  if (dc.error) return <ErrorAlert error={dc.error} />;
  if (!perms.data?.write) return <NotFound what="data connector" />;
  return <ConnectorForm user={user} existing={dc.data} />;
}

export default function DataConnectorEdit() {
  const { dataConnectorId } = useParams();
  const [params] = useSearchParams();
  useTitle(dataConnectorId ? "Edit data connector" : "New data connector");
  return (
    <RequireLogin what="this form">
      {(user) => (dataConnectorId ? <EditExisting user={user} id={dataConnectorId} /> : <ConnectorForm user={user} projectId={params.get("project") ?? undefined} />)}
    </RequireLogin>
  );
}
