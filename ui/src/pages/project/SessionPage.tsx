// One session: staged progress while it starts, live status (polled every second while it
// changes), open / pause / resume / delete, its timers and its logs.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys, useLauncher, useResourcePools } from "../../api/queries";
import type { Session } from "../../api/types";
import { SelectField } from "../../components/fields";
import { SessionAlerts } from "../../components/SessionAlerts";
import { SessionTimers } from "../../components/SessionRow";
import { ConfirmDialog, ErrorAlert, Loading, SessionBadge, useTitle } from "../../components/ui";
import { formatDate, relativeTime } from "../../lib/format";
import { useSessionActions } from "../../lib/sessionActions";
import { LAUNCH_STEPS, pollInterval, sessionStage } from "../../lib/sessionStage";
import NotFound from "../NotFound";
import { useProjectContext } from "./context";
import { classLabel } from "./LauncherCard";

function Progress({ session }: { session: Session }) {
  const info = sessionStage(session.status);
  if (info.step === 0) return null;
  const pct = Math.round((info.step / LAUNCH_STEPS.length) * 100);
  return (
    <div>
      <div className="progress-bar" role="progressbar" aria-label="Session start" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={info.label}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <ol className="progress-steps" aria-label="Start steps">
        {LAUNCH_STEPS.map((label, i) => {
          const n = i + 1;
          const state = n < info.step || info.step === 3 ? "done" : n === info.step ? "current" : "todo";
          return (
            <li key={label} data-state={state} aria-current={state === "current" ? "step" : undefined}>
              <span aria-hidden="true">{state === "done" ? "✓ " : `${n}. `}</span>
              {label}
              <span className="visually-hidden">{state === "done" ? " (done)" : state === "current" ? " (in progress)" : ""}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Another resource class: applies from the next start; a running session restarts on it. */
function ChangeResources({ session }: { session: Session }) {
  const pools = useResourcePools();
  const qc = useQueryClient();
  const [classId, setClassId] = useState(String(session.resource_class_id ?? ""));
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => api<Session>(`/sessions/${encodeURIComponent(session.name)}`, { method: "PATCH", body: { resource_class_id: Number(classId) } }),
    onSuccess: (s) => {
      qc.setQueryData(keys.session(s.name), s);
      void qc.invalidateQueries({ queryKey: keys.sessions });
      setDone(true);
    },
  });
  if (!pools.data || pools.data.length === 0) return null;
  const running = session.status.state === "running";
  return (
    <details className="advanced" style={{ marginTop: "1rem" }}>
      <summary>Change resources</summary>
      <p className="small muted">
        {running ? "The session restarts on the new class; its files are kept." : "The new class applies when the session is resumed."}
      </p>
      {change.error && <ErrorAlert error={change.error} title="The class was not changed." />}
      {done && !change.isPending && (
        <div className="alert ok" role="status">
          The resource class was changed.
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(false);
          change.mutate();
        }}
      >
        <SelectField id="session-class" label="Resource class" value={classId} onChange={(e) => setClassId(e.target.value)}>
          {pools.data.map((p) => (
            <optgroup key={p.id} label={p.name}>
              {p.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.cpu} CPU, {c.memory} GB RAM{c.gpu ? `, ${c.gpu} GPU` : ""})
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <button type="submit" className="button secondary" disabled={change.isPending || classId === String(session.resource_class_id ?? "")}>
          {change.isPending ? "Changing…" : "Change class"}
        </button>
      </form>
    </details>
  );
}

function Logs({ name, state }: { name: string; state: string }) {
  const [live, setLive] = useState(false);
  const logs = useQuery<Record<string, string>, Error>({
    queryKey: keys.sessionLogs(name),
    queryFn: ({ signal }) => api<Record<string, string>>(`/sessions/${encodeURIComponent(name)}/logs`, { signal, query: { max_lines: 500 } }),
    refetchInterval: live ? 2000 : false,
  });
  // New output comes with every change of state (started, failed, resumed…).
  const { refetch } = logs;
  const lastState = useRef(state);
  useEffect(() => {
    if (lastState.current !== state) {
      lastState.current = state;
      void refetch();
    }
  }, [state, refetch]);
  const entries = Object.entries(logs.data ?? {});
  const download = () => {
    const text = entries.map(([c, t]) => `==> ${c} <==\n${t}`).join("\n\n");
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name}-logs.txt`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="card" aria-labelledby="logs-title" id="logs">
      <div className="spread">
        <h2 id="logs-title">Logs</h2>
        <div className="row">
          <label className="check small" style={{ margin: 0 }}>
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Follow
          </label>
          <button type="button" className="button small secondary" onClick={() => void logs.refetch()} disabled={logs.isFetching}>
            {logs.isFetching ? "Refreshing…" : "Refresh"}
          </button>
          <button type="button" className="button small secondary" onClick={download} disabled={entries.length === 0}>
            Download
          </button>
        </div>
      </div>
      {logs.isPending ? (
        <Loading label="Loading logs…" />
      ) : logs.error ? (
        <ErrorAlert error={logs.error} />
      ) : entries.length === 0 ? (
        <p className="muted">No output yet.</p>
      ) : (
        entries.map(([container, text]) => (
          <div key={container}>
            <h3 className="small">{container}</h3>
            <pre className="logs" tabIndex={0} aria-label={`Logs of ${container}`} data-testid="session-logs">
              {text || "(empty)"}
            </pre>
          </div>
        ))
      )}
    </section>
  );
}

export default function SessionPage() {
  const { sessionName = "" } = useParams();
  const { project, base } = useProjectContext();
  const navigate = useNavigate();
  const q = useQuery<Session, Error>({
    queryKey: keys.session(sessionName),
    queryFn: ({ signal }) => api<Session>(`/sessions/${encodeURIComponent(sessionName)}`, { signal }),
    refetchInterval: (query) => (query.state.error ? false : pollInterval(query.state.data?.status)),
    refetchIntervalInBackground: false,
  });
  const s = q.data;
  const launcher = useLauncher(s?.launcher_id);
  const pools = useResourcePools(!!s);
  const actions = useSessionActions(sessionName);
  const [confirm, setConfirm] = useState(false);
  const info = sessionStage(s?.status);
  useTitle(s ? `${info.stage === "running" ? "▶" : info.label} · ${launcher.data?.name ?? "Session"} · ${project.name}` : "Session");

  // Tell screen-reader users when the session becomes ready.
  const announced = useRef<string>("");
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (s && announced.current !== s.status.state) {
      if (announced.current) setAnnouncement(`Session ${info.label.toLowerCase()}.`);
      announced.current = s.status.state;
    }
  }, [s, info.label]);

  if (q.isPending) return <Loading label="Loading session…" />;
  if (q.error) return isStatus(q.error, 404) ? <NotFound what="session" /> : <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!s) return null;
  if (s.project_id !== project.id) return <NotFound what="session" />;
  const name = launcher.data?.name ?? s.name;
  return (
    <div className="stack" data-testid="session-page" data-state={s.status.state}>
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
      <section className="card" aria-labelledby="session-title">
        <div className="spread">
          <div>
            <div className="breadcrumbs">
              <Link to={base}>{project.name}</Link> / session
            </div>
            <h2 id="session-title" style={{ margin: 0 }}>
              {name}
            </h2>
          </div>
          <SessionBadge session={s} />
        </div>
        <p style={{ marginTop: "0.75rem" }} data-testid="session-message">
          {info.description}
        </p>
        <Progress session={s} />
        <SessionAlerts sessionName={s.name} />
        {info.stage === "failed" && (
          <div className="alert error" role="alert">
            <p>
              <strong>The session failed.</strong> {s.status.message ?? ""}
            </p>
            <p>
              Look at the <a href="#logs">logs</a> below, then resume the session to try again, or delete it.
            </p>
          </div>
        )}
        <SessionTimers session={s} />
        {actions.error && <ErrorAlert error={actions.error} title="The action failed." />}
        <div className="row" style={{ marginTop: "0.5rem" }}>
          {info.canOpen ? (
            <a className="button" href={s.url} target="_blank" rel="noopener noreferrer" id="open-session">
              Open session <span aria-hidden="true">↗</span>
              <span className="visually-hidden"> (new tab)</span>
            </a>
          ) : (
            <span className="button" aria-disabled="true" title="Available when the session runs">
              Open session
            </span>
          )}
          {info.canPause && (
            <button type="button" className="button secondary" disabled={actions.busy} onClick={() => actions.pause.mutate()} id="pause-session">
              {actions.pause.isPending ? "Pausing…" : "Pause"}
            </button>
          )}
          {info.canResume && (
            <button type="button" className="button secondary" disabled={actions.busy} onClick={() => actions.resume.mutate()} id="resume-session">
              {actions.resume.isPending ? "Resuming…" : "Resume"}
            </button>
          )}
          <button type="button" className="button danger-outline" disabled={actions.busy} onClick={() => setConfirm(true)} id="delete-session">
            Delete
          </button>
        </div>
        <dl className="meta small" style={{ marginTop: "1rem" }}>
          <dt>Name</dt>
          <dd className="mono">{s.name}</dd>
          <dt>Image</dt>
          <dd className="mono">{s.image}</dd>
          <dt>Resources</dt>
          <dd>
            {classLabel(pools.data, s.resource_class_id)}
            {s.resources?.requests?.storage ? ` · disk ${s.resources.requests.storage} GB` : ""}
          </dd>
          <dt>Started</dt>
          <dd>
            {formatDate(s.started)} {s.started && <span className="muted">({relativeTime(s.started)})</span>}
          </dd>
          {s.lastInteraction && (
            <>
              <dt>Last activity</dt>
              <dd>{relativeTime(s.lastInteraction)}</dd>
            </>
          )}
          <dt>Containers ready</dt>
          <dd>
            {s.status.ready_containers} of {s.status.total_containers}
          </dd>
        </dl>
        <p className="small muted" style={{ marginTop: "0.75rem" }}>
          Pausing keeps the session's files and frees its compute; deleting removes the files too.
        </p>
        {!info.transient && <ChangeResources session={s} />}
      </section>
      <Logs name={s.name} state={s.status.state} />
      <ConfirmDialog
        open={confirm}
        title="Delete this session?"
        confirmLabel="Delete session"
        busy={actions.remove.isPending}
        onCancel={() => setConfirm(false)}
        onConfirm={() =>
          actions.remove.mutate(undefined, {
            onSuccess: () => navigate(base),
            onSettled: () => setConfirm(false),
          })
        }
      >
        <p>The session stops and its files are removed for good. Pause it instead to keep them.</p>
      </ConfirmDialog>
    </div>
  );
}
