import { Link } from "react-router";
import type { Project } from "../api/types";
import { relativeTime } from "../lib/format";
import { Keywords, VisibilityBadge } from "./ui";

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
