import { Navigate, useParams } from "react-router";
import { isStatus } from "../../api/errors";
import { useProjectById } from "../../api/queries";
import { ErrorAlert, Loading } from "../../components/ui";
import NotFound from "../NotFound";

/** /p/<id>: redirects to the project's address. */
export default function ProjectById() {
  const { projectId = "" } = useParams();
  const valid = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(projectId);
  const q = useProjectById(valid ? projectId : undefined);
  if (!valid) return <NotFound />;
  if (q.isPending) return <Loading label="Finding the project…" />;
  if (q.error) return isStatus(q.error, 404) ? <NotFound what="project" /> : <ErrorAlert error={q.error} />;
  return <Navigate to={`/p/${q.data.namespace}/${q.data.slug}`} replace />;
}
