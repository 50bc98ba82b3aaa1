// One search result as a card: a project, a data connector, a user or a group, each linking to
// its page (/p/<namespace>/<slug>, /d/<path>, /u/<username>, /g/<slug>).

import { Link } from "react-router";
import type { SearchDataConnector, SearchEntity, SearchGroup, SearchNamespaceUser, SearchProject, SearchUser } from "../api/search";
import { formatDate, relativeTime } from "../lib/format";
import { Keywords, VisibilityBadge } from "./ui";

/** A path of the API ("ns/sub/slug") as URL segments, each one encoded. */
function segments(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

export function hitUrl(hit: SearchEntity): string {
  switch (hit.type) {
    case "Project":
      return `/p/${segments(hit.path)}`;
    case "DataConnector":
      return `/d/${segments(hit.path)}`;
    case "User":
      return `/u/${encodeURIComponent(hit.slug)}`;
    case "Group":
      return `/g/${encodeURIComponent(hit.slug)}`;
  }
}

function personName(u: { firstName?: string; lastName?: string; slug: string }): string {
  return [u.firstName, u.lastName].filter(Boolean).join(" ").trim() || u.slug;
}

const TYPE_LABEL: Record<SearchEntity["type"], string> = { Project: "Project", DataConnector: "Data connector", User: "User", Group: "Group" };

function Created({ date, by }: { date: string; by?: SearchNamespaceUser }) {
  return (
    <span>
      Created <time dateTime={date} title={formatDate(date)}>{relativeTime(date)}</time>
      {by && (
        <>
          {" "}by <Link to={`/u/${encodeURIComponent(by.slug)}`}>{personName(by)}</Link>
        </>
      )}
    </span>
  );
}

function Counts({ hit }: { hit: SearchUser | SearchGroup }) {
  const parts: string[] = [];
  if (hit.project_count !== undefined) parts.push(`${hit.project_count} project${hit.project_count === 1 ? "" : "s"}`);
  if (hit.data_connector_count !== undefined) parts.push(`${hit.data_connector_count} data connector${hit.data_connector_count === 1 ? "" : "s"}`);
  return parts.length ? <span>{parts.join(" · ")}</span> : null;
}

function Head({ hit, title, sub }: { hit: SearchEntity; title: string; sub?: string }) {
  return (
    <div className="spread">
      <div style={{ minWidth: 0 }}>
        <span className="badge type-badge">{TYPE_LABEL[hit.type]}</span>{" "}
        <Link className="list-title" to={hitUrl(hit)}>
          {title}
        </Link>
        {sub && <span className="muted small"> · {sub}</span>}
      </div>
      {"visibility" in hit && <VisibilityBadge visibility={hit.visibility} />}
    </div>
  );
}

function Description({ text }: { text?: string }) {
  return text ? <p className="small muted hit-description">{text}</p> : null;
}

function ProjectHit({ hit }: { hit: SearchProject }) {
  return (
    <>
      <Head hit={hit} title={hit.name} sub={hit.path} />
      <Description text={hit.description} />
      <div className="row small muted">
        <Keywords keywords={hit.keywords} />
        <Created date={hit.creationDate} by={hit.createdBy} />
      </div>
    </>
  );
}

function DataConnectorHit({ hit }: { hit: SearchDataConnector }) {
  return (
    <>
      <Head hit={hit} title={hit.name} sub={hit.path} />
      <Description text={hit.description} />
      <div className="row small muted">
        <span>
          Storage: {hit.storageType}
          {hit.readonly ? " · read-only" : ""}
        </span>
        <Keywords keywords={hit.keywords} />
        <Created date={hit.creationDate} by={hit.createdBy} />
      </div>
    </>
  );
}

function UserHit({ hit }: { hit: SearchUser }) {
  return (
    <>
      <Head hit={hit} title={personName(hit)} sub={`@${hit.slug}`} />
      <div className="row small muted">
        <Counts hit={hit} />
      </div>
    </>
  );
}

function GroupHit({ hit }: { hit: SearchGroup }) {
  return (
    <>
      <Head hit={hit} title={hit.name} sub={hit.slug} />
      <Description text={hit.description} />
      <div className="row small muted">
        <Counts hit={hit} />
      </div>
    </>
  );
}

export function SearchHit({ hit }: { hit: SearchEntity }) {
  return (
    <li className="search-hit" data-type={hit.type} data-id={hit.id}>
      {hit.type === "Project" ? (
        <ProjectHit hit={hit} />
      ) : hit.type === "DataConnector" ? (
        <DataConnectorHit hit={hit} />
      ) : hit.type === "User" ? (
        <UserHit hit={hit} />
      ) : (
        <GroupHit hit={hit} />
      )}
    </li>
  );
}
