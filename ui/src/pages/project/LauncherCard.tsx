// A launcher of a project: what it starts, the caller's session of it, and Launch.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, request } from "../../api/client";
import { keys } from "../../api/queries";
import type { ResourcePool, Session, SessionLauncher } from "../../api/types";
import { ConfirmDialog, ErrorAlert, SessionBadge } from "../../components/ui";
import { hasImage, isBuildEnvironment } from "../../lib/builds";
import { sessionStage } from "../../lib/sessionStage";
import { LauncherBuild } from "./LauncherBuild";

export function classLabel(pools: ResourcePool[] | undefined, id: number | undefined): string {
  if (id === undefined || id === null) return "Default class of the default pool";
  for (const p of pools ?? []) {
    const c = p.classes.find((x) => x.id === id);
    if (c) return `${c.name} (${c.cpu} CPU, ${c.memory} GB RAM${c.gpu ? `, ${c.gpu} GPU` : ""}) — ${p.name}`;
  }
  return `Class #${id}`;
}

export function useLaunch(base: string) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { launcherId: string; resourceClassId?: number; env?: { name: string; value: string }[] }) =>
      (
        await request<Session>("/sessions", {
          method: "POST",
          body: {
            launcher_id: v.launcherId,
            resource_class_id: v.resourceClassId,
            env_variable_overrides: v.env && v.env.length > 0 ? v.env : undefined,
          },
        })
      ).data,
    onSuccess: (s) => {
      qc.setQueryData(keys.session(s.name), s);
      void qc.invalidateQueries({ queryKey: keys.sessions });
      navigate(`${base}/sessions/show/${s.name}`);
    },
  });
}

/** The launcher's launch link, to share; it can be copied to the clipboard. */
function LaunchLink({ url, name }: { url: string; name: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <details className="small" style={{ marginTop: "0.5rem" }}>
      <summary>Share a launch link</summary>
      <div className="inline-form" style={{ marginTop: "0.4rem" }}>
        <div className="field">
          <label htmlFor={`link-${name}`} className="visually-hidden">
            Launch link of {name}
          </label>
          <input id={`link-${name}`} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} className="mono" />
        </div>
        <button type="button" className="button small secondary" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="muted" style={{ margin: "0.3rem 0 0" }} role="status">
        {copied ? "The link is in your clipboard." : "Add ?NAME=value to set environment variables of the session."}
      </p>
    </details>
  );
}

export function LauncherCard({
  launcher,
  base,
  canWrite,
  sessions,
  pools,
}: {
  launcher: SessionLauncher;
  base: string;
  canWrite: boolean;
  sessions: Session[];
  pools: ResourcePool[] | undefined;
}) {
  const qc = useQueryClient();
  const launch = useLaunch(base);
  const [classId, setClassId] = useState<string>("");
  const [confirm, setConfirm] = useState(false);
  const remove = useMutation({
    mutationFn: () => api<void>(`/session_launchers/${launcher.id}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.projectLaunchers(launcher.project_id) }),
  });
  const session = sessions.find((s) => s.launcher_id === launcher.id);
  const env = launcher.environment;
  const headingId = `launcher-${launcher.id}`;
  const info = session ? sessionStage(session.status) : null;
  const built = isBuildEnvironment(env);
  // A launcher built from code has no image until its first build succeeds.
  const notReady = built && !hasImage(env);
  return (
    <section className="launcher-card" aria-labelledby={headingId} data-launcher={launcher.name}>
      <div className="spread">
        <h3 id={headingId} style={{ margin: 0 }}>
          {launcher.name}
        </h3>
        {session && <SessionBadge session={session} />}
      </div>
      {launcher.description && <p className="small">{launcher.description}</p>}
      <dl className="meta small" style={{ margin: "0.5rem 0" }}>
        <dt>Environment</dt>
        <dd>
          {env.environment_kind === "GLOBAL" ? env.name : built ? "Built from code" : "Custom image"}
          {env.container_image && hasImage(env) ? (
            <>
              {" "}
              · <span className="mono">{env.container_image}</span>
            </>
          ) : built ? (
            " · no image yet"
          ) : null}
        </dd>
        <dt>Resources</dt>
        <dd>
          {classLabel(pools, launcher.resource_class_id)}
          {launcher.disk_storage ? ` · ${launcher.disk_storage} GB disk` : ""}
        </dd>
        {launcher.env_variables.length > 0 && (
          <>
            <dt>Variables</dt>
            <dd className="mono">{launcher.env_variables.map((v) => v.name).join(", ")}</dd>
          </>
        )}
      </dl>
      <div className="row">
        {session && info ? (
          <>
            {info.canOpen && (
              <a className="button small" href={session.url} target="_blank" rel="noopener noreferrer">
                Open session <span aria-hidden="true">↗</span>
              </a>
            )}
            <Link className="button small secondary" to={`${base}/sessions/show/${session.name}`}>
              {info.canOpen ? "Session details" : `Session: ${info.label}`}
            </Link>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button small"
              disabled={launch.isPending || notReady}
              onClick={() => launch.mutate({ launcherId: launcher.id, resourceClassId: classId ? Number(classId) : undefined })}
              aria-describedby={launch.error ? `${headingId}-err` : undefined}
            >
              {notReady ? "Build the environment first" : launch.isPending ? "Launching…" : "Launch"}
              <span className="visually-hidden"> {launcher.name}</span>
            </button>
            {pools && pools.length > 0 && !notReady && (
              <label className="small row" style={{ gap: "0.3rem" }}>
                <span>on</span>
                <select value={classId} onChange={(e) => setClassId(e.target.value)} style={{ width: "auto" }} aria-label={`Resource class for ${launcher.name}`}>
                  <option value="">{launcher.resource_class_id !== undefined ? "the launcher's class" : "the default class"}</option>
                  {pools.map((p) => (
                    <optgroup key={p.id} label={p.name}>
                      {p.classes.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name} ({c.cpu} CPU, {c.memory} GB)
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </label>
            )}
          </>
        )}
        {canWrite && (
          <>
            <Link className="button small secondary" to={`${base}/launchers/${launcher.id}/edit`}>
              Edit<span className="visually-hidden"> {launcher.name}</span>
            </Link>
            <button type="button" className="button small danger-outline" onClick={() => setConfirm(true)}>
              Delete<span className="visually-hidden"> {launcher.name}</span>
            </button>
          </>
        )}
      </div>
      {built && <LauncherBuild launcher={launcher} canWrite={canWrite} />}
      <LaunchLink url={`${window.location.origin}${base}/sessions/${launcher.id}/start`} name={launcher.id} />
      {launch.error && (
        <div id={`${headingId}-err`}>
          <ErrorAlert error={launch.error} title="The session could not be started." />
        </div>
      )}
      {remove.error && <ErrorAlert error={remove.error} />}
      <ConfirmDialog
        open={confirm}
        title={`Delete the launcher "${launcher.name}"?`}
        confirmLabel="Delete launcher"
        busy={remove.isPending}
        onCancel={() => setConfirm(false)}
        onConfirm={() => remove.mutate(undefined, { onSettled: () => setConfirm(false) })}
      >
        <p>Members will no longer be able to start sessions from it. Running sessions are not stopped.</p>
      </ConfirmDialog>
    </section>
  );
}
