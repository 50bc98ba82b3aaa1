import { Link } from "react-router";
import { useResourcePools } from "../../api/queries";
import { Empty, ErrorAlert, Loading, useTitle } from "../../components/ui";
import { formatSeconds } from "../../lib/format";

export default function Pools() {
  useTitle("Resource pools · Admin");
  const pools = useResourcePools();
  return (
    <section className="card" aria-labelledby="pools-title">
      <div className="spread">
        <h2 id="pools-title">Resource pools</h2>
        <Link className="button small" to="/admin/pools/new">+ New pool</Link>
      </div>
      {pools.isPending ? (
        <Loading label="Loading pools…" />
      ) : pools.error ? (
        <ErrorAlert error={pools.error} onRetry={() => void pools.refetch()} />
      ) : pools.data.length === 0 ? (
        <Empty><p>No pools.</p></Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Pool</th>
                <th scope="col">Access</th>
                <th scope="col">Classes</th>
                <th scope="col">Quota</th>
                <th scope="col">Pause idle after</th>
                <th scope="col">Delete paused after</th>
              </tr>
            </thead>
            <tbody>
              {pools.data.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/admin/pools/${p.id}`}>{p.name}</Link> {p.default && <span className="badge progress">Default</span>}
                  </td>
                  <td>{p.public ? "Public" : "Members only"}</td>
                  <td>{p.classes.map((c) => c.name).join(", ") || "—"}</td>
                  <td>{p.quota ? `${p.quota.cpu} CPU, ${p.quota.memory} GB, ${p.quota.gpu} GPU` : "None"}</td>
                  <td>{formatSeconds(p.idle_threshold)}</td>
                  <td>{formatSeconds(p.hibernation_threshold)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
