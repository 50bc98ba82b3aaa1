import { Link, useSearchParams } from "react-router";
import { useDataConnectors, useGroupMembers, useProjects, useUserById } from "../../api/queries";
import { DataConnectorList } from "../../components/DataConnectorList";
import { ProjectList } from "../../components/ProjectList";
import { pageParam, useTitle } from "../../components/ui";
import { displayName, formatDate } from "../../lib/format";
import { useGroupContext } from "./context";

export default function GroupOverview() {
  const { group, permissions, base } = useGroupContext();
  useTitle(group.name);
  const [params] = useSearchParams();
  const projects = useProjects({ namespace: group.slug, page: pageParam(params), per_page: 10 });
  const members = useGroupMembers(group.slug);
  const connectors = useDataConnectors({ namespace: group.slug, per_page: 20 });
  const creator = useUserById(group.created_by);
  return (
    <div className="grid two">
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">About</h2>
        {group.description ? <p>{group.description}</p> : <p className="muted">No description.</p>}
        <dl className="meta small">
          <dt>Created</dt>
          <dd>{formatDate(group.creation_date)}{creator.data ? ` by ${displayName(creator.data)}` : ""}</dd>
          <dt>Members</dt>
          <dd>{members.data ? <Link to={`${base}/members`}>{members.data.length}</Link> : "…"}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="group-projects-title">
        <div className="spread">
          <h2 id="group-projects-title">Projects {projects.data && <span className="badge">{projects.data.total}</span>}</h2>
          {permissions.write && <Link className="button small" to={`/projects/new?namespace=${encodeURIComponent(group.slug)}`}>+ New project</Link>}
        </div>
        <ProjectList
          query={projects}
          empty={<p>No projects in this group{permissions.write ? " yet" : " that you can see"}.</p>}
          showNamespace={false}
          pagination="Group project pages"
        />
      </section>
      <section className="card" aria-labelledby="group-connectors-title">
        <div className="spread">
          <h2 id="group-connectors-title">Data connectors {connectors.data && <span className="badge">{connectors.data.total}</span>}</h2>
          {permissions.write && <Link className="button small" to={`/data_connectors/new?namespace=${encodeURIComponent(group.slug)}`}>+ New data connector</Link>}
        </div>
        <DataConnectorList query={connectors} empty={<p>No data connectors in this group{permissions.write ? " yet" : " that you can see"}.</p>} />
      </section>
    </div>
  );
}
