import { Link, Navigate, useParams, useSearchParams } from "react-router";
import { isStatus } from "../api/errors";
import { useCurrentUser, useDataConnectors, useNamespace, useProjects, useUserById } from "../api/queries";
import { DataConnectorList } from "../components/DataConnectorList";
import { ProjectList } from "../components/ProjectList";
import { Avatar, ErrorAlert, Loading, pageParam, useTitle } from "../components/ui";
import { displayName } from "../lib/format";
import NotFound from "./NotFound";

/** /u/<username>: a person and their projects (or the group with that slug). */
export default function UserPage() {
  const { username = "" } = useParams();
  const [params] = useSearchParams();
  const { data: me } = useCurrentUser();
  const ns = useNamespace(username);
  const user = useUserById(ns.data?.namespace_kind === "user" ? ns.data.created_by : undefined);
  const projects = useProjects({ namespace: username, page: pageParam(params), per_page: 10 }, { enabled: ns.data?.namespace_kind === "user" });
  const connectors = useDataConnectors({ namespace: username, per_page: 20 }, { enabled: ns.data?.namespace_kind === "user" });
  useTitle(user.data ? displayName(user.data) : username);
  if (ns.isPending) return <Loading label="Loading…" />;
  if (ns.error) return isStatus(ns.error, 404) ? <NotFound what="user" /> : <ErrorAlert error={ns.error} />;
  if (ns.data.namespace_kind === "group") return <Navigate to={`/g/${ns.data.slug}`} replace />;
  const name = user.data ? displayName(user.data) : ns.data.name ?? username;
  const isMe = me?.username === ns.data.slug;
  return (
    <>
      <div className="page-head">
        <div className="row">
          <Avatar name={name} />
          <div>
            <h1 style={{ margin: 0 }}>{name}</h1>
            <p className="muted small" style={{ margin: 0 }}>
              @{ns.data.slug}
              {isMe && " · you"}
              {user.data?.email && ` · ${user.data.email}`}
            </p>
          </div>
        </div>
        {isMe && (
          <div className="actions">
            <Link className="button small secondary" to="/secrets">
              Your secrets
            </Link>
          </div>
        )}
      </div>
      <section className="card" aria-labelledby="user-projects">
        <h2 id="user-projects">Projects {projects.data && <span className="badge">{projects.data.total}</span>}</h2>
        <ProjectList
          query={projects}
          empty={<p>No projects {isMe ? "in your namespace yet" : "that you can see"}.</p>}
          showNamespace={false}
          pagination="Project pages"
        />
      </section>
      <section className="card" aria-labelledby="user-connectors" style={{ marginTop: "1rem" }}>
        <div className="spread">
          <h2 id="user-connectors">Data connectors {connectors.data && <span className="badge">{connectors.data.total}</span>}</h2>
          {isMe && (
            <Link className="button small" to={`/data_connectors/new?namespace=${encodeURIComponent(ns.data.slug)}`}>
              + New data connector
            </Link>
          )}
        </div>
        <DataConnectorList query={connectors} empty={<p>No data connectors {isMe ? "in your namespace yet" : "that you can see"}.</p>} />
      </section>
    </>
  );
}
