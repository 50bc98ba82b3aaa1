import { useEffect } from "react";
import { Link } from "react-router";
import { useGroups, usePreferences, useProjects, useSessions } from "../api/queries";
import type { SelfUser, Session } from "../api/types";
import { ProjectList } from "../components/ProjectList";
import { SessionRow } from "../components/SessionRow";
import { Avatar, Empty, ErrorAlert, Loading, useTitle } from "../components/ui";
import { displayName } from "../lib/format";
import { sessionStage } from "../lib/sessionStage";

let readyMarked = false;

function sessionsRefetch(data: Session[] | undefined): number {
  return data?.some((s) => sessionStage(s.status).transient) ? 1000 : 10_000;
}

/** The logged-in home: sessions, pinned projects, my projects and my groups. */
export default function Dashboard({ user }: { user: SelfUser }) {
  useTitle("Dashboard");
  const sessions = useSessions(true, { refetchInterval: (q) => sessionsRefetch(q.state.data) });
  const projects = useProjects({ direct_member: true, per_page: 5 });
  const groups = useGroups({ direct_member: true, per_page: 5 });
  const prefs = usePreferences(true);
  const pinned = prefs.data?.pinned_projects?.project_slugs ?? [];
  const ready = !sessions.isPending && !projects.isPending && !groups.isPending;
  // A performance mark when the dashboard's content is first shown (read by the e2e timing).
  useEffect(() => {
    if (ready && !readyMarked && typeof performance !== "undefined" && performance.mark) {
      readyMarked = true;
      performance.mark("renku:dashboard-ready");
    }
  }, [ready]);
  return (
    <div id="dashboard" data-ready={ready ? "true" : "false"}>
      <div className="page-head">
        <div className="row">
          <Avatar name={displayName(user) || user.username} />
          <div>
            <h1>Welcome, {displayName(user) || user.username}</h1>
            <p className="muted small" style={{ margin: 0 }}>
              @{user.username}
              {user.is_admin && " · administrator"}
            </p>
          </div>
        </div>
        <div className="actions">
          <Link className="button" to="/projects/new">
            New project
          </Link>
          <Link className="button secondary" to="/groups/new">
            New group
          </Link>
        </div>
      </div>
      <div className="grid two main-first">
        <div className="stack">
          <section className="card" aria-labelledby="sessions-title" data-testid="dashboard-sessions">
            <h2 id="sessions-title">
              My sessions {sessions.data && <span className="badge">{sessions.data.length}</span>}
            </h2>
            {sessions.isPending ? (
              <Loading label="Loading sessions…" />
            ) : sessions.error ? (
              <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
            ) : sessions.data.length === 0 ? (
              <Empty>
                <p>No sessions running. Open a project and press Launch on one of its launchers.</p>
              </Empty>
            ) : (
              <ul className="list">
                {sessions.data.map((s) => (
                  <SessionRow key={s.name} session={s} />
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="projects-title" data-testid="dashboard-projects">
            <div className="spread">
              <h2 id="projects-title">
                My projects {projects.data && <span className="badge">{projects.data.total}</span>}
              </h2>
              <div className="row">
                <Link to="/projects?mine=1">View all</Link>
                <Link className="button small" to="/projects/new">
                  + New<span className="visually-hidden"> project</span>
                </Link>
              </div>
            </div>
            <ProjectList
              query={projects}
              empty={
                <>
                  <p>You have no projects yet.</p>
                  <div className="row" style={{ justifyContent: "center" }}>
                    <Link className="button" to="/projects/new">
                      Create a project
                    </Link>
                    <Link className="button secondary" to="/projects">
                      Find projects
                    </Link>
                  </div>
                </>
              }
            />
          </section>
        </div>
        <div className="stack">
          <section className="card" aria-labelledby="groups-title">
            <div className="spread">
              <h2 id="groups-title">
                My groups {groups.data && <span className="badge">{groups.data.total}</span>}
              </h2>
              <Link to="/groups?mine=1">View all</Link>
            </div>
            {groups.isPending ? (
              <Loading label="Loading groups…" />
            ) : groups.error ? (
              <ErrorAlert error={groups.error} onRetry={() => void groups.refetch()} />
            ) : groups.data.items.length === 0 ? (
              <Empty>
                <p>You are not a member of any group.</p>
                <Link to="/groups/new">Create a group</Link>
              </Empty>
            ) : (
              <ul className="list">
                {groups.data.items.map((g) => (
                  <li key={g.id}>
                    <Link className="list-title" to={`/g/${g.slug}`}>
                      {g.name}
                    </Link>
                    <div className="small muted">@{g.slug}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {pinned.length > 0 && (
            <section className="card" aria-labelledby="pinned-title">
              <h2 id="pinned-title">Pinned projects</h2>
              <ul className="list">
                {pinned.map((p) => (
                  <li key={p}>
                    <Link to={`/p/${p}`}>{p}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
