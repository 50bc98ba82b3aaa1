import { useEffect } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { isStatus } from "../../api/errors";
import { useCurrentUser, useGroup, useGroupPermissions } from "../../api/queries";
import { ErrorAlert, Loading } from "../../components/ui";
import NotFound from "../NotFound";
import type { GroupContext } from "./context";

export default function GroupLayout() {
  const { groupSlug = "" } = useParams();
  const { data: user } = useCurrentUser();
  const group = useGroup(groupSlug);
  const perms = useGroupPermissions(group.data?.slug ?? groupSlug, !!user && !!group.data);
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    const g = group.data;
    if (g && g.slug !== groupSlug) {
      const rest = location.pathname.split("/").slice(3).join("/");
      navigate(`/g/${g.slug}${rest ? `/${rest}` : ""}`, { replace: true });
    }
  }, [group.data, groupSlug, navigate, location.pathname]);
  if (group.isPending) return <Loading label="Loading group…" />;
  if (group.error) return isStatus(group.error, 404) ? <NotFound what="group" /> : <ErrorAlert error={group.error} onRetry={() => void group.refetch()} />;
  const g = group.data;
  const base = `/g/${g.slug}`;
  const permissions = perms.data ?? {};
  const ctx: GroupContext = { group: g, permissions, permissionsPending: !!user && perms.isPending, user: user ?? null, base };
  return (
    <article aria-labelledby="group-title">
      <div className="breadcrumbs"><Link to="/groups">Groups</Link> / {g.slug}</div>
      <div className="page-head">
        <div>
          <h1 id="group-title">{g.name}</h1>
          <p className="muted small" style={{ margin: 0 }}>@{g.slug} · group</p>
        </div>
        {permissions.write && (
          <div className="actions">
            <Link className="button small" to={`/projects/new?namespace=${encodeURIComponent(g.slug)}`}>New project in this group</Link>
          </div>
        )}
      </div>
      <nav className="tabs" aria-label="Group sections">
        <NavLink to={base} end>Overview</NavLink>
        <NavLink to={`${base}/members`}>Members</NavLink>
        {permissions.delete && <NavLink to={`${base}/settings`}>Settings</NavLink>}
      </nav>
      <Outlet context={ctx} />
    </article>
  );
}
