import { useCurrentUser } from "../api/queries";
import { ErrorAlert, Loading } from "../components/ui";
import Dashboard from "./Dashboard";
import Landing from "./Landing";

/** "/": the dashboard for logged-in users, the landing page for everyone else. */
export default function Home() {
  const { data: user, isPending, error, refetch } = useCurrentUser();
  if (isPending) return <Loading label="Loading…" />;
  if (error) return <ErrorAlert error={error} title="Could not find out who you are." onRetry={() => void refetch()} />;
  return user ? <Dashboard user={user} /> : <Landing />;
}
