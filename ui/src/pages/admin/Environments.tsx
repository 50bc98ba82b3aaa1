import { Link } from "react-router";
import { useEnvironments } from "../../api/queries";
import { Empty, ErrorAlert, Loading, useTitle } from "../../components/ui";
import { formatDate } from "../../lib/format";

export default function Environments() {
  useTitle("Environments · Admin");
  const envs = useEnvironments(true);
  return (
    <section className="card" aria-labelledby="envs-title">
      <div className="spread">
        <h2 id="envs-title">Global session environments</h2>
        <Link className="button small" to="/admin/environments/new">+ New environment</Link>
      </div>
      <p className="small muted">Every project can use these in its launchers. Archived ones are kept for existing launchers but not offered.</p>
      {envs.isPending ? (
        <Loading label="Loading environments…" />
      ) : envs.error ? (
        <ErrorAlert error={envs.error} onRetry={() => void envs.refetch()} />
      ) : envs.data.length === 0 ? (
        <Empty><p>No global environments.</p></Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Image</th>
                <th scope="col">Port / URL</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {envs.data.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/admin/environments/${e.id}`}>{e.name}</Link> {e.is_archived && <span className="badge">Archived</span>}
                  </td>
                  <td className="mono small">{e.container_image}</td>
                  <td className="small">{e.port} · {e.default_url}</td>
                  <td className="small">{formatDate(e.creation_date)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
