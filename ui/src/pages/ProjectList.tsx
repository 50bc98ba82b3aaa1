import { Link, useSearchParams } from "react-router";
import { useCurrentUser, useProjects } from "../api/queries";
import { ProjectList } from "../components/ProjectList";
import { Pagination, pageParam, useTitle } from "../components/ui";

/** /projects: every project the visitor can read; ?mine=1 keeps those they are a member of. */
export default function ProjectListPage() {
  const [params, setParams] = useSearchParams();
  const { data: user } = useCurrentUser();
  const page = pageParam(params);
  const mine = params.get("mine") === "1" && !!user;
  const namespace = params.get("namespace") ?? undefined;
  useTitle(mine ? "My projects" : "Projects");
  const q = useProjects({ page, per_page: 20, direct_member: mine, namespace });
  const setMine = (v: boolean) => {
    const next = new URLSearchParams(params);
    if (v) next.set("mine", "1");
    else next.delete("mine");
    next.delete("page");
    setParams(next);
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{mine ? "My projects" : "Projects"}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {namespace ? (
              <>
                In <Link to={`/u/${namespace}`}>{namespace}</Link> ·{" "}
              </>
            ) : null}
            {user ? "Public projects and the private ones you can see." : "Public projects. Log in to see yours."}
          </p>
        </div>
        {user && (
          <div className="actions">
            <Link className="button" to="/projects/new">
              New project
            </Link>
          </div>
        )}
      </div>
      {user && (
        <div className="tabs" role="group" aria-label="Which projects">
          <Link to="/projects" aria-current={!mine ? "page" : undefined} onClick={(e) => { e.preventDefault(); setMine(false); }}>
            All
          </Link>
          <Link to="/projects?mine=1" aria-current={mine ? "page" : undefined} onClick={(e) => { e.preventDefault(); setMine(true); }}>
            Member of
          </Link>
        </div>
      )}
      <section className="card" aria-label="Project list" aria-busy={q.isFetching}>
        <ProjectList
          query={q}
          empty={
            <>
              <p>{mine ? "You are not a member of any project yet." : "No projects to show."}</p>
              {user && (
                <Link className="button" to="/projects/new">
                  Create a project
                </Link>
              )}
            </>
          }
          showTotal
        />
      </section>
      {q.data && <Pagination page={q.data.page} totalPages={q.data.totalPages} label="Project pages" />}
    </>
  );
}
