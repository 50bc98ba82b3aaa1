// A list of data connectors (a namespace's): loading, error, empty state, items with their
// storage and mount point, pages.

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Page } from "../api/client";
import type { DataConnector } from "../api/types";
import { connectorPath, connectorUrl, mountPoint, storageSummary } from "../lib/dataConnectors";
import { Empty, ErrorAlert, Loading, Pagination, VisibilityBadge } from "./ui";

export function DataConnectorItem({ dc, actions }: { dc: DataConnector; actions?: ReactNode }) {
  return (
    <li data-connector={connectorPath(dc)}>
      <div className="spread">
        <div>
          <Link className="list-title" to={connectorUrl(dc)}>
            {dc.name}
          </Link>{" "}
          <VisibilityBadge visibility={dc.visibility} /> {dc.storage.readonly ? <span className="badge">Read-only</span> : <span className="badge progress">Read-write</span>}
          <div className="small muted mono">{storageSummary(dc)}</div>
          <div className="small muted">
            Mounted at <span className="mono">{mountPoint(dc)}</span>
          </div>
        </div>
        {actions && <div className="row">{actions}</div>}
      </div>
    </li>
  );
}

export function DataConnectorList({ query, empty, pagination }: { query: UseQueryResult<Page<DataConnector>, Error>; empty: ReactNode; pagination?: string }) {
  if (query.isPending) return <Loading label="Loading data connectors…" />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <ul className="list">
        {query.data.items.map((dc) => (
          <DataConnectorItem key={dc.id} dc={dc} />
        ))}
      </ul>
      {pagination && <Pagination page={query.data.page} totalPages={query.data.totalPages} label={pagination} />}
    </>
  );
}
