// A list of projects as every page shows one (dashboard, all projects, a group's or a user's
// page, the landing page): loading, error with a retry, an empty state, the items, and optionally
// the total and the pages.

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Page } from "../api/client";
import type { Project } from "../api/types";
import { relativeTime } from "../lib/format";
import { Empty, ErrorAlert, Keywords, Loading, Pagination, VisibilityBadge } from "./ui";

export function ProjectList({
  query,
  empty,
  showNamespace = true,
  showTotal = false,
  pagination,
}: {
  /** A page of projects (useProjects). */
  query: UseQueryResult<Page<Project>, Error>;
  /** What the empty state says and offers. */
  empty: ReactNode;
  /** Off where every project is in the same namespace (a group's or a user's page). */
  showNamespace?: boolean;
  /** "N projects" above the list. */
  showTotal?: boolean;
  /** The label of the page links under the list; none when absent. */
  pagination?: string;
}) {
  if (query.isPending) return <Loading label="Loading projects…" />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const { items, total, page, totalPages } = query.data;
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      {showTotal && (
        <p className="small muted">
          {total} project{total === 1 ? "" : "s"}
        </p>
      )}
      <ul className="list">
        {items.map((p) => (
          <ProjectItem key={p.id} project={p} showNamespace={showNamespace} />
        ))}
      </ul>
      {pagination && <Pagination page={page} totalPages={totalPages} label={pagination} />}
    </>
  );
}

export function ProjectItem({ project, showNamespace = true }: { project: Project; showNamespace?: boolean }) {
  return (
    <li>
      <div className="spread">
        <div style={{ minWidth: 0 }}>
          <Link className="list-title" to={`/p/${project.namespace}/${project.slug}`}>
            {project.name}
          </Link>
          {showNamespace && (
            <span className="muted small">
              {" "}
              · {project.namespace}/{project.slug}
            </span>
          )}
        </div>
        <VisibilityBadge visibility={project.visibility} />
      </div>
      {project.description && <p className="small muted" style={{ margin: "0.2rem 0" }}>{project.description}</p>}
      <div className="row small muted">
        <Keywords keywords={project.keywords} />
        <span>Updated {relativeTime(project.updated_at ?? project.creation_date)}</span>
      </div>
    </li>
  );
}
