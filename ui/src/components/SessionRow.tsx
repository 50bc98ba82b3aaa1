// One session in a list: project, launcher, state, timers and the actions that fit its state.

import { useState } from "react";
import { Link } from "react-router";
import { useLauncher, useProjectById } from "../api/queries";
import type { Session } from "../api/types";
import { relativeTime } from "../lib/format";
import { useSessionActions } from "../lib/sessionActions";
import { sessionStage } from "../lib/sessionStage";
import { ConfirmDialog, ErrorAlert, SessionBadge } from "./ui";

export function sessionPagePath(project: { namespace: string; slug: string } | undefined, name: string): string | undefined {
  return project ? `/p/${project.namespace}/${project.slug}/sessions/show/${name}` : undefined;
}

export function SessionTimers({ session }: { session: Session }) {
  const { will_hibernate_at, will_delete_at } = session.status;
  if (!will_hibernate_at && !will_delete_at) return null;
  return (
    <p className="small" style={{ margin: "0.25rem 0" }}>
      {will_hibernate_at && (
        <span className="badge paused" title={will_hibernate_at}>
          Pauses when idle {relativeTime(will_hibernate_at)}
        </span>
      )}{" "}
      {will_delete_at && (
        <span className="badge error" title={will_delete_at}>
          Will be deleted {relativeTime(will_delete_at)}
        </span>
      )}
    </p>
  );
}

export function SessionRow({ session, showProject = true }: { session: Session; showProject?: boolean }) {
  const { data: project } = useProjectById(session.project_id);
  const { data: launcher } = useLauncher(session.launcher_id);
  const actions = useSessionActions(session.name);
  const info = sessionStage(session.status);
  const [confirm, setConfirm] = useState(false);
  const page = sessionPagePath(project, session.name);
  const title = launcher?.name ?? session.name;
  return (
    <li data-session={session.name} data-state={session.status.state}>
      <div className="spread">
        <div style={{ minWidth: 0 }}>
          {page ? (
            <Link className="list-title" to={page}>
              {title}
            </Link>
          ) : (
            <span className="list-title">{title}</span>
          )}
          {showProject && project && (
            <span className="small muted">
              {" "}
              in <Link to={`/p/${project.namespace}/${project.slug}`}>{project.name}</Link>
            </span>
          )}
        </div>
        <SessionBadge session={session} />
      </div>
      <p className="small muted" style={{ margin: "0.2rem 0" }}>
        {info.description}
        {session.started && <> · started {relativeTime(session.started)}</>}
      </p>
      <SessionTimers session={session} />
      <div className="row">
        {info.canOpen && (
          <a className="button small" href={session.url} target="_blank" rel="noopener noreferrer">
            Open <span className="visually-hidden">{title} in a new tab</span>
            <span aria-hidden="true">↗</span>
          </a>
        )}
        {page && (
          <Link className="button small secondary" to={page}>
            Details<span className="visually-hidden"> of {title}</span>
          </Link>
        )}
        {info.canPause && (
          <button type="button" className="button small secondary" disabled={actions.busy} onClick={() => actions.pause.mutate()}>
            Pause
          </button>
        )}
        {info.canResume && (
          <button type="button" className="button small secondary" disabled={actions.busy} onClick={() => actions.resume.mutate()}>
            Resume
          </button>
        )}
        <button type="button" className="button small danger-outline" disabled={actions.busy} onClick={() => setConfirm(true)}>
          Delete
        </button>
      </div>
      {actions.error && <ErrorAlert error={actions.error} />}
      <ConfirmDialog
        open={confirm}
        title="Delete this session?"
        confirmLabel="Delete session"
        busy={actions.remove.isPending}
        onCancel={() => setConfirm(false)}
        onConfirm={() => actions.remove.mutate(undefined, { onSettled: () => setConfirm(false) })}
      >
        <p>The session stops and its files are removed. Pause it instead to keep its files.</p>
      </ConfirmDialog>
    </li>
  );
}
