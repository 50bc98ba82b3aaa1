import { Link, useSearchParams } from "react-router";
import { useCurrentUser, useGroups } from "../api/queries";
import { Empty, ErrorAlert, Loading, Pagination, pageParam, useTitle } from "../components/ui";

export default function GroupList() {
  const [params] = useSearchParams();
  const { data: user } = useCurrentUser();
  const page = pageParam(params);
  const mine = params.get("mine") === "1" && !!user;
  useTitle(mine ? "My groups" : "Groups");
  const q = useGroups({ page, per_page: 20, direct_member: mine });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{mine ? "My groups" : "Groups"}</h1>
          <p className="muted" style={{ margin: 0 }}>Groups gather people and their projects.</p>
        </div>
        {user && (
          <div className="actions">
            <Link className="button" to="/groups/new">New group</Link>
          </div>
        )}
      </div>
      {user && (
        <nav className="tabs" aria-label="Which groups">
          <Link to="/groups" aria-current={!mine ? "page" : undefined}>All</Link>
          <Link to="/groups?mine=1" aria-current={mine ? "page" : undefined}>Member of</Link>
        </nav>
      )}
      <section className="card" aria-label="Group list" aria-busy={q.isFetching}>
        {q.isPending ? (
          <Loading label="Loading groups…" />
        ) : q.error ? (
          <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.items.length === 0 ? (
          <Empty>
            <p>{mine ? "You are not a member of any group." : "No groups yet."}</p>
            {user && <Link className="button" to="/groups/new">Create a group</Link>}
          </Empty>
        ) : (
          <ul className="list">
            {q.data.items.map((g) => (
              <li key={g.id}>
                <Link className="list-title" to={`/g/${g.slug}`}>{g.name}</Link> <span className="small muted">@{g.slug}</span>
                {g.description && <p className="small muted" style={{ margin: 0 }}>{g.description}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {q.data && <Pagination page={q.data.page} totalPages={q.data.totalPages} label="Group pages" />}
    </>
  );
}
