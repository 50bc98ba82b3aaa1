// /d/<slug> (global), /d/<ns>/<slug>, /d/<ns>/<project>/<slug>: a data connector: its storage and
// mount point, the caller's credentials, the projects it is linked to (link to one of mine),
// edit and delete for those who may.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys, useCurrentUser, useDataConnectorByPath, useDataConnectorPermissions, useDataConnectorProjectLinks, useProjectById, useProjects } from "../../api/queries";
import type { DataConnector, DataConnectorLink } from "../../api/types";
import { FormErrors, SelectField } from "../../components/fields";
import { ConfirmDialog, Empty, ErrorAlert, Keywords, Loading, useTitle, VisibilityBadge } from "../../components/ui";
import { connectorPath, mountPoint } from "../../lib/dataConnectors";
import { formatDate } from "../../lib/format";
import { SENSITIVE } from "../../lib/storageForm";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";
import { DataConnectorCredentials } from "./DataConnectorCredentials";

function ConfigurationList({ dc }: { dc: DataConnector }) {
  const entries = Object.entries(dc.storage.configuration).filter(([k]) => k !== "type");
  if (entries.length === 0) return <span className="muted">No options</span>;
  return (
    <ul className="list small">
      {entries.map(([k, v]) => (
        <li key={k}>
          <span className="mono">{k}</span>: {v === SENSITIVE ? <em className="muted">credential (each user's own)</em> : <span className="mono">{typeof v === "object" ? JSON.stringify(v) : String(v)}</span>}
        </li>
      ))}
    </ul>
  );
}

function LinkedProject({ link }: { link: DataConnectorLink }) {
  const project = useProjectById(link.project_id);
  return (
    <li>
      {project.data ? <Link to={`/p/${project.data.namespace}/${project.data.slug}`}>{project.data.name}</Link> : project.error ? <span className="muted">A project you cannot see</span> : "…"}
      <span className="small muted"> · linked {formatDate(link.creation_date)}</span>
    </li>
  );
}

function Projects({ dc, loggedIn }: { dc: DataConnector; loggedIn: boolean }) {
  const qc = useQueryClient();
  const links = useDataConnectorProjectLinks(dc.id);
  const mine = useProjects({ direct_member: true, per_page: 100 }, { enabled: loggedIn });
  const [projectId, setProjectId] = useState("");
  const [notice, setNotice] = useState("");
  const { errors, fail, clear, setErrors } = useFormErrors(["project_id"], {}, "link-form");
  const link = useMutation({
    mutationFn: (id: string) => api<DataConnectorLink>(`/data_connectors/${dc.id}/project_links`, { method: "POST", body: { project_id: id } }),
    onSuccess: (l) => {
      setProjectId("");
      const p = mine.data?.items.find((x) => x.id === l.project_id);
      setNotice(`Linked to ${p?.name ?? "the project"}; its sessions now mount this data connector.`);
      void qc.invalidateQueries({ queryKey: keys.dataConnectorLinks(dc.id) });
      void qc.invalidateQueries({ queryKey: keys.projectDataConnectorLinks(l.project_id) });
    },
    onError: (e) => {
      if (isStatus(e, 409)) setErrors({ fields: { project_id: "It is already linked to this project." }, other: [] });
      else if (isStatus(e, 403)) setErrors({ fields: { project_id: "You need to be an editor of the project to link data to it." }, other: [] });
      else fail(e);
    },
  });
  const linked = new Set((links.data ?? []).map((l) => l.project_id));
  const candidates = (mine.data?.items ?? []).filter((p) => !linked.has(p.id));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setNotice("");
    if (!projectId) {
      setErrors({ fields: { project_id: "Choose a project." }, other: [] });
      return;
    }
    link.mutate(projectId);
  };
  return (
    <section className="card" aria-labelledby="dc-projects-title">
      <h2 id="dc-projects-title">Projects {links.data && <span className="badge">{links.data.length}</span>}</h2>
      <div aria-live="polite">
        {notice && (
          <div className="alert ok" role="status">
            {notice}
          </div>
        )}
      </div>
      {links.isPending ? (
        <Loading label="Loading projects…" />
      ) : links.error ? (
        <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />
      ) : links.data.length === 0 ? (
        <Empty>
          <p>Not linked to any project you can see.</p>
        </Empty>
      ) : (
        <ul className="list">
          {links.data.map((l) => (
            <LinkedProject key={l.id} link={l} />
          ))}
        </ul>
      )}
      {loggedIn && (
        <form className="inline-form" id="link-form" onSubmit={submit} noValidate style={{ marginTop: "1rem" }}>
          <FormErrors messages={errors.other} />
          <SelectField id="link-project" name="project_id" label="Link to one of your projects" value={projectId} error={errors.fields.project_id} onChange={(e) => setProjectId(e.target.value)} disabled={mine.isPending}>
            <option value="">{mine.isPending ? "Loading your projects…" : candidates.length ? "Choose a project…" : "No other project of yours"}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.namespace}/{p.slug} – {p.name}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button" disabled={link.isPending}>
            {link.isPending ? "Linking…" : "Link"}
          </button>
        </form>
      )}
    </section>
  );
}

function Actions({ dc }: { dc: DataConnector }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const perms = useDataConnectorPermissions(dc.id, true);
  const [confirm, setConfirm] = useState(false);
  const del = useMutation({
    mutationFn: () => api<void>(`/data_connectors/${dc.id}`, { method: "DELETE" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.dataConnectors });
      navigate(dc.namespace ? (dc.namespace.includes("/") ? `/p/${dc.namespace}` : `/u/${dc.namespace}`) : "/", { replace: true });
    },
  });
  if (!perms.data?.write && !perms.data?.delete) return null;
  return (
    <div className="actions">
      {perms.data.write && (
        <Link className="button small secondary" to={`/data_connectors/${dc.id}/edit`}>
          Edit
        </Link>
      )}
      {perms.data.delete && (
        <button type="button" className="button small danger-outline" onClick={() => { del.reset(); setConfirm(true); }}>
          Delete
        </button>
      )}
      <ConfirmDialog open={confirm} title={`Delete ${dc.name}?`} confirmLabel="Delete data connector" busy={del.isPending} onCancel={() => setConfirm(false)} onConfirm={() => del.mutate()}>
        <p>It is unlinked from every project and everyone's saved credentials for it are removed. This cannot be undone.</p>
        {del.error && <ErrorAlert error={del.error} />}
      </ConfirmDialog>
    </div>
  );
}

export default function DataConnectorPage() {
  const params = useParams();
  const parts = [params.a, params.b, params.c].filter((p): p is string => !!p);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { data: user } = useCurrentUser();
  const q = useDataConnectorByPath(parts);
  useTitle(q.data?.name ?? "Data connector");
  if (q.isPending) return <Loading label="Loading the data connector…" />;
  if (q.error) return isStatus(q.error, 404) ? <NotFound what="data connector" /> : <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const dc = q.data;
  const ns = dc.namespace ?? "";
  const nsLink = !ns ? null : ns.includes("/") ? <Link to={`/p/${ns}`}>{ns}</Link> : <Link to={`/u/${ns}`}>{ns}</Link>;
  return (
    <article aria-labelledby="dc-title" className="stack">
      <div>
        <div className="breadcrumbs">
          {nsLink ?? "Global"} / {dc.slug}
        </div>
        <div className="page-head">
          <div>
            <h1 id="dc-title" style={{ margin: 0 }}>
              {dc.name}
            </h1>
            <p className="muted small" style={{ margin: 0 }}>
              Data connector <span className="mono">{connectorPath(dc)}</span> <VisibilityBadge visibility={dc.visibility} />
            </p>
          </div>
          {user && <Actions dc={dc} />}
        </div>
      </div>
      {notice && (
        <div className="alert info" role="status">
          {notice}
        </div>
      )}
      <div className="grid two">
        <section className="card" aria-labelledby="dc-about">
          <h2 id="dc-about">Storage</h2>
          {dc.description && <p>{dc.description}</p>}
          <dl className="meta small">
            <dt>Type</dt>
            <dd className="mono">{dc.storage.storage_type || String(dc.storage.configuration.type ?? "")}</dd>
            <dt>Source path</dt>
            <dd className="mono">{dc.storage.source_path || "/"}</dd>
            <dt>Mount point</dt>
            <dd className="mono">{mountPoint(dc)}</dd>
            <dt>Access</dt>
            <dd>{dc.storage.readonly ? "Read-only" : "Read and write"}</dd>
            <dt>Options</dt>
            <dd>
              <ConfigurationList dc={dc} />
            </dd>
            {dc.doi && (
              <>
                <dt>DOI</dt>
                <dd className="mono">{dc.doi}</dd>
              </>
            )}
            {dc.publisher_name && (
              <>
                <dt>Publisher</dt>
                <dd>{dc.publisher_url ? <a href={dc.publisher_url} target="_blank" rel="noopener noreferrer">{dc.publisher_name}</a> : dc.publisher_name}</dd>
              </>
            )}
            <dt>Created</dt>
            <dd>{formatDate(dc.creation_date)}</dd>
          </dl>
          <Keywords keywords={dc.keywords} />
        </section>
        <div className="stack">
          {user && <DataConnectorCredentials dc={dc} />}
          <Projects dc={dc} loggedIn={!!user} />
        </div>
      </div>
    </article>
  );
}
