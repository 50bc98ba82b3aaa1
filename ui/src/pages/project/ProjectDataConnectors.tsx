// A project's data: the data connectors linked to it (its sessions mount them), links the caller
// cannot see counted apart, link an existing connector by its path, create one for the project,
// unlink. And the summary of what a session of the project will mount, shown before launching.

import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { ApiError, isStatus } from "../../api/errors";
import { dataConnectorApiPath, keys, useDataConnectorSecrets, useProjectDataConnectorLinks, useProjectInaccessibleLinks } from "../../api/queries";
import type { DataConnector, DataConnectorLink } from "../../api/types";
import { DataConnectorItem } from "../../components/DataConnectorList";
import { FormErrors, TextField } from "../../components/fields";
import { ConfirmDialog, Empty, ErrorAlert, Loading } from "../../components/ui";
import { connectorUrl, mountPoint } from "../../lib/dataConnectors";
import { useFormErrors } from "../../lib/useFormErrors";
import { useProjectContext } from "./context";

export interface LinkedConnector {
  link: DataConnectorLink;
  connector?: DataConnector;
  /** The connector could not be read (deleted, or made private meanwhile). */
  error?: Error;
  pending: boolean;
}

/** The project's links with their connectors (one request per connector, cached). */
export function useLinkedConnectors(projectId: string) {
  const links = useProjectDataConnectorLinks(projectId);
  const connectors = useQueries({
    queries: (links.data ?? []).map((l) => ({
      queryKey: keys.dataConnector(l.data_connector_id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api<DataConnector>(`/data_connectors/${encodeURIComponent(l.data_connector_id)}`, { signal }),
    })),
  });
  const items: LinkedConnector[] = (links.data ?? []).map((link, i) => ({
    link,
    connector: connectors[i]?.data,
    error: connectors[i]?.error ?? undefined,
    pending: !!connectors[i]?.isPending,
  }));
  return { links, items };
}

function CredentialsState({ dc }: { dc: DataConnector }) {
  const needed = dc.storage.sensitive_fields ?? [];
  const saved = useDataConnectorSecrets(dc.id, needed.length > 0);
  if (needed.length === 0 || !saved.data) return null;
  const have = new Set(saved.data.map((s) => s.name));
  return needed.every((f) => have.has(f.name)) ? (
    <span className="badge ok">Credentials saved</span>
  ) : (
    <Link className="badge error" to={connectorUrl(dc)}>
      Credentials needed
    </Link>
  );
}

/** What a session of the project mounts: shown next to the launchers and while starting. */
export function MountsSummary({ projectId, loggedIn }: { projectId: string; loggedIn: boolean }) {
  const { links, items } = useLinkedConnectors(projectId);
  if (links.isPending || links.error || items.length === 0) return null;
  const visible = items.filter((i) => i.connector);
  if (visible.length === 0) return null;
  return (
    <div className="small" data-testid="mounts-summary">
      <p style={{ margin: "0 0 0.25rem" }}>
        <strong>Sessions mount {visible.length === 1 ? "this data connector" : `these ${visible.length} data connectors`}:</strong>
      </p>
      <ul className="list">
        {visible.map(({ connector: dc }) => (
          <li key={dc!.id} className="row">
            <Link to={connectorUrl(dc!)}>{dc!.name}</Link>
            <span className="muted">
              at <span className="mono">{mountPoint(dc!)}</span>
            </span>
            <span className="badge">{dc!.storage.readonly ? "Read-only" : "Read-write"}</span>
            {loggedIn && <CredentialsState dc={dc!} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "ns/slug", "ns/project/slug", a connector's address (…/d/ns/slug) or a global slug. */
export function parseConnectorRef(text: string): string[] | null {
  let t = text.trim();
  const at = t.indexOf("/d/");
  if (at >= 0) t = t.slice(at + 3);
  t = t.replace(/^\/+|\/+$/g, "");
  if (!t) return null;
  const parts = t.split("/").filter(Boolean);
  return parts.length >= 1 && parts.length <= 3 ? parts : null;
}

function LinkExisting({ projectId, linkedIds }: { projectId: string; linkedIds: Set<string> }) {
  const qc = useQueryClient();
  const [ref, setRef] = useState("");
  const [notice, setNotice] = useState("");
  const { errors, fail, clear, setErrors } = useFormErrors(["connector"], { project_id: "connector" }, "link-connector");
  const link = useMutation({
    mutationFn: async (parts: string[]) => {
      const dc = await api<DataConnector>(dataConnectorApiPath(parts));
      if (linkedIds.has(dc.id)) throw new ApiError(409, { code: 1409, message: `${dc.name} is already linked to this project.` });
      await api<DataConnectorLink>(`/data_connectors/${dc.id}/project_links`, { method: "POST", body: { project_id: projectId } });
      return dc;
    },
    onSuccess: (dc) => {
      setRef("");
      setNotice(`${dc.name} is linked: sessions started from now on mount it.`);
      void qc.invalidateQueries({ queryKey: keys.projectDataConnectorLinks(projectId) });
      void qc.invalidateQueries({ queryKey: keys.dataConnectorLinks(dc.id) });
    },
    onError: (e) => {
      if (isStatus(e, 404)) setErrors({ fields: { connector: "No data connector you can see has this path." }, other: [] });
      else if (isStatus(e, 409)) setErrors({ fields: { connector: (e as ApiError).message }, other: [] });
      else if (isStatus(e, 403)) setErrors({ fields: { connector: "You may not link this data connector to this project." }, other: [] });
      else fail(e);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setNotice("");
    const parts = parseConnectorRef(ref);
    if (!parts) {
      setErrors({ fields: { connector: "Give the data connector's path, e.g. my-group/climate-data." }, other: [] });
      return;
    }
    link.mutate(parts);
  };
  return (
    <form className="inline-form" id="link-connector" onSubmit={submit} noValidate style={{ marginTop: "0.75rem" }}>
      <FormErrors messages={errors.other} />
      <TextField id="connector-ref" name="connector" label="Link an existing data connector" hint="Its path (namespace/slug) or its address." autoComplete="off" spellCheck={false} value={ref} error={errors.fields.connector} onChange={(e) => setRef(e.target.value)} />
      <button type="submit" className="button secondary" disabled={link.isPending}>
        {link.isPending ? "Linking…" : "Link"}
      </button>
      <div aria-live="polite" style={{ flexBasis: "100%" }}>
        {notice && (
          <div className="alert ok" role="status" style={{ margin: "0.5rem 0 0" }}>
            {notice}
          </div>
        )}
      </div>
    </form>
  );
}

export function ProjectDataConnectors() {
  const { project, permissions, user } = useProjectContext();
  const qc = useQueryClient();
  const { links, items } = useLinkedConnectors(project.id);
  const hidden = useProjectInaccessibleLinks(project.id, !!user);
  const [unlinking, setUnlinking] = useState<LinkedConnector | null>(null);
  const unlink = useMutation({
    mutationFn: (l: DataConnectorLink) => api<void>(`/data_connectors/${l.data_connector_id}/project_links/${l.id}`, { method: "DELETE" }),
    onSuccess: (_, l) => {
      setUnlinking(null);
      void qc.invalidateQueries({ queryKey: keys.projectDataConnectorLinks(project.id) });
      void qc.invalidateQueries({ queryKey: keys.dataConnectorLinks(l.data_connector_id) });
    },
  });
  const canWrite = !!permissions.write;
  return (
    <section className="card" aria-labelledby="data-title" data-testid="project-data">
      <div className="spread">
        <h2 id="data-title">Data {links.data && links.data.length > 0 && <span className="badge">{links.data.length}</span>}</h2>
        {canWrite && (
          <Link className="button small" to={`/data_connectors/new?project=${encodeURIComponent(project.id)}`}>
            + New data connector
          </Link>
        )}
      </div>
      {links.isPending ? (
        <Loading label="Loading data connectors…" />
      ) : links.error ? (
        <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          <p>No data connectors. Linked data connectors are mounted as folders in sessions.</p>
        </Empty>
      ) : (
        <ul className="list">
          {items.map((item) =>
            item.connector ? (
              <DataConnectorItem
                key={item.link.id}
                dc={item.connector}
                actions={
                  canWrite && (
                    <button type="button" className="button small danger-outline" onClick={() => { unlink.reset(); setUnlinking(item); }}>
                      Unlink<span className="visually-hidden"> {item.connector.name}</span>
                    </button>
                  )
                }
              />
            ) : (
              <li key={item.link.id} className="muted">
                {item.pending ? "Loading…" : "A data connector you cannot see (it is not mounted in your sessions)."}
                {canWrite && !item.pending && (
                  <>
                    {" "}
                    <button type="button" className="link-button" onClick={() => { unlink.reset(); setUnlinking(item); }}>
                      Unlink
                    </button>
                  </>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      {!!hidden.data && hidden.data > 0 && (
        <div className="alert warn small" role="note" data-testid="hidden-connectors" style={{ marginTop: "0.75rem" }}>
          {hidden.data === 1 ? "1 data connector linked to this project is" : `${hidden.data} data connectors linked to this project are`} not visible to you: your sessions do not mount{" "}
          {hidden.data === 1 ? "it" : "them"}. Ask its owners for access.
        </div>
      )}
      {canWrite && <LinkExisting projectId={project.id} linkedIds={new Set((links.data ?? []).map((l) => l.data_connector_id))} />}
      <ConfirmDialog
        open={!!unlinking}
        title={`Unlink ${unlinking?.connector?.name ?? "the data connector"}?`}
        confirmLabel="Unlink"
        busy={unlink.isPending}
        onCancel={() => setUnlinking(null)}
        onConfirm={() => unlinking && unlink.mutate(unlinking.link)}
      >
        <p>New sessions of this project no longer mount it. The data connector itself is kept.</p>
        {unlink.error && <ErrorAlert error={unlink.error} />}
      </ConfirmDialog>
    </section>
  );
}
