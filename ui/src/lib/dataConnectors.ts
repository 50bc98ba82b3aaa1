// Small helpers for data connectors: their address in the UI, and what a session mounts.

import type { DataConnector } from "../api/types";

/** "/d/<slug>" (global), "/d/<user or group>/<slug>" or "/d/<ns>/<project>/<slug>". */
export function connectorUrl(dc: Pick<DataConnector, "namespace" | "slug">): string {
  return `/d/${dc.namespace ? `${dc.namespace}/` : ""}${dc.slug}`;
}

/** "ns/slug" or "ns/project/slug": how people name a connector (its path without /d/). */
export function connectorPath(dc: Pick<DataConnector, "namespace" | "slug">): string {
  return `${dc.namespace ? `${dc.namespace}/` : ""}${dc.slug}`;
}

/** Where a connector appears in a session (relative paths are under the working directory). */
export function mountPoint(dc: Pick<DataConnector, "storage" | "slug">): string {
  return dc.storage.target_path || dc.slug;
}

/** The storage address in one line: "s3 · bucket/folder". */
export function storageSummary(dc: Pick<DataConnector, "storage">): string {
  const provider = typeof dc.storage.configuration.provider === "string" ? ` (${dc.storage.configuration.provider})` : "";
  return `${dc.storage.storage_type || String(dc.storage.configuration.type ?? "")}${provider}${dc.storage.source_path ? ` · ${dc.storage.source_path}` : ""}`;
}
