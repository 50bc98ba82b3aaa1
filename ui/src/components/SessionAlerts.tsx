// The caller's active alerts about one session (GET /alerts?session_name=), as the original shows
// them on its session page: each alert's title and its message (Markdown, links open in a new
// tab). Alerts come from admins and the platform's monitoring and go away once resolved, so the
// list is polled; nothing is shown while there are none or when they cannot be read.

import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { components } from "../api/generated";
import { LazyMarkdown } from "./LazyMarkdown";

export type Alert = components["schemas"]["Alert"];

/** How often the alerts are read again (the original polls every second; alerts change seldom). */
export const ALERTS_POLL_MS = 5000;

export const alertsKey = (sessionName: string) => ["alerts", sessionName] as const;

export function SessionAlerts({ sessionName }: { sessionName: string }) {
  const alerts = useQuery<Alert[], Error>({
    queryKey: alertsKey(sessionName),
    queryFn: ({ signal }) => api<Alert[]>("/alerts", { signal, query: { session_name: sessionName } }),
    refetchInterval: (query) => (query.state.error ? false : ALERTS_POLL_MS),
    refetchIntervalInBackground: false,
  });
  const list = alerts.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="alert warn" role="status" aria-labelledby="session-alerts-title" data-testid="session-alerts">
      <h3 id="session-alerts-title" className="small" style={{ marginTop: 0 }}>
        {list.length === 1 ? "1 alert about this session" : `${list.length} alerts about this session`}
      </h3>
      <ul>
        {list.map((a) => (
          <li key={a.id}>
            <strong>{a.title}</strong>
            <LazyMarkdown text={a.message} />
          </li>
        ))}
      </ul>
    </section>
  );
}
