import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys, useCurrentUser, usePreferences, useProject, useProjectPermissions } from "../../api/queries";
import type { UserPreferences } from "../../api/types";
import { ErrorAlert, Loading, VisibilityBadge } from "../../components/ui";
import NotFound from "../NotFound";
import type { ProjectContext } from "./context";

function PinButton({ path }: { path: string }) {
  const qc = useQueryClient();
  const prefs = usePreferences(true);
  const pinned = prefs.data?.pinned_projects?.project_slugs?.includes(path) ?? false;
  const toggle = useMutation({
    mutationFn: () =>
      pinned
        ? api<UserPreferences>("/user/preferences/pinned_projects", { method: "DELETE", query: { project_slug: path } })
        : api<UserPreferences>("/user/preferences/pinned_projects", { method: "POST", body: { project_slug: path } }),
    onSuccess: (p) => qc.setQueryData(keys.preferences, p),
  });
  if (prefs.isPending) return null;
  return (
    <button type="button" className="button secondary small" aria-pressed={pinned} disabled={toggle.isPending} onClick={() => toggle.mutate()}>
      <span aria-hidden="true">{pinned ? "★" : "☆"}</span> {pinned ? "Pinned" : "Pin"}
    </button>
  );
}

export default function ProjectLayout() {
  const { namespace = "", slug = "" } = useParams();
  const { data: user } = useCurrentUser();
  const project = useProject(namespace, slug);
  const perms = useProjectPermissions(project.data?.id, !!user);
  const navigate = useNavigate();
  const location = useLocation();

  // Old slugs still resolve: move to the project's current address.
  useEffect(() => {
    const p = project.data;
    if (p && (p.namespace !== namespace || p.slug !== slug)) {
      const rest = location.pathname.split("/").slice(4).join("/");
      navigate(`/p/${p.namespace}/${p.slug}${rest ? `/${rest}` : ""}${location.search}`, { replace: true });
    }
  }, [project.data, namespace, slug, navigate, location.pathname, location.search]);

  if (project.isPending) return <Loading label="Loading project…" />;
  if (project.error) {
    if (isStatus(project.error, 404)) return <NotFound what="project" />;
    return <ErrorAlert error={project.error} title="The project could not be loaded." onRetry={() => void project.refetch()} />;
  }
  const p = project.data;
  const base = `/p/${p.namespace}/${p.slug}`;
  const permissions = perms.data ?? {};
  const ctx: ProjectContext = { project: p, permissions, permissionsPending: !!user && perms.isPending, user: user ?? null, base };
  return (
    <article aria-labelledby="project-title">
      <div className="breadcrumbs">
        <Link to={`/u/${p.namespace}`}>{p.namespace}</Link> / {p.slug}
      </div>
      <div className="page-head">
        <div style={{ minWidth: 0 }}>
          <h1 id="project-title">{p.name}</h1>
          <div className="row small">
            <VisibilityBadge visibility={p.visibility} />
            {p.is_template && <span className="badge progress">Template</span>}
          </div>
        </div>
        <div className="actions">
          {user && <PinButton path={`${p.namespace}/${p.slug}`} />}
          {user && (
            <Link className="button secondary small" to={`${base}/copy`}>
              Copy project
            </Link>
          )}
        </div>
      </div>
      {p.is_template && (
        <div className="alert info" role="note">
          This project is a template: copy it to start your own project with its launchers and documentation.
        </div>
      )}
      <nav className="tabs" aria-label="Project sections">
        <NavLink to={base} end>
          Overview
        </NavLink>
        <NavLink to={`${base}/members`}>Members</NavLink>
        {permissions.write ? <NavLink to={`${base}/settings`}>Settings</NavLink> : user && <NavLink to={`${base}/settings`}>Session secrets</NavLink>}
      </nav>
      <Outlet context={ctx} />
    </article>
  );
}
