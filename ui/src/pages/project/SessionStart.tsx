// A launch link: /p/<ns>/<slug>/sessions/<launcherId>/start?VAR=value starts (or finds) the
// caller's session of the launcher, with the query parameters as environment variables.

import { useEffect, useRef } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { isStatus } from "../../api/errors";
import { useLauncher } from "../../api/queries";
import { hasImage, isBuildEnvironment } from "../../lib/builds";
import { ErrorAlert, Loading, useTitle } from "../../components/ui";
import NotFound from "../NotFound";
import { useProjectContext } from "./context";
import { useLaunch } from "./LauncherCard";
import { MountsSummary } from "./ProjectDataConnectors";

export default function SessionStart() {
  const { launcherId = "" } = useParams();
  const [params] = useSearchParams();
  const { project, base, user } = useProjectContext();
  const launcher = useLauncher(launcherId);
  const launch = useLaunch(base);
  const started = useRef(false);
  useTitle(`Starting · ${project.name}`);
  const ok = launcher.data && launcher.data.project_id === project.id;
  // A launcher built from code cannot start before its first build has made an image.
  const notBuilt = !!launcher.data && isBuildEnvironment(launcher.data.environment) && !hasImage(launcher.data.environment);
  useEffect(() => {
    if (!ok || notBuilt || started.current) return;
    started.current = true;
    const env = [...params.entries()].filter(([k]) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k)).map(([name, value]) => ({ name, value }));
    const rc = params.get("resource_class_id");
    launch.mutate({ launcherId, resourceClassId: rc ? Number(rc) : undefined, env: env.filter((e) => e.name !== "resource_class_id") });
  }, [ok, notBuilt, launcherId, params, launch]);
  if (launcher.isPending) return <Loading label="Loading launcher…" />;
  if (launcher.error) return isStatus(launcher.error, 404) ? <NotFound what="launcher" /> : <ErrorAlert error={launcher.error} />;
  if (!ok) return <NotFound what="launcher" />;
  if (notBuilt) {
    return (
      <section className="card">
        <h2>“{launcher.data.name}” is not built yet</h2>
        <p>Build the environment first: its image is built from code, and no build has succeeded yet. The project page shows the build and its logs.</p>
        <Link className="button" to={base}>
          Back to the project
        </Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h2>Starting “{launcher.data.name}”</h2>
      {launch.error ? (
        <>
          <ErrorAlert error={launch.error} title="The session could not be started." />
          <div className="row">
            <button type="button" className="button" onClick={() => { launch.reset(); launch.mutate({ launcherId }); }}>
              Try again
            </button>
            <Link className="button secondary" to={base}>
              Back to the project
            </Link>
          </div>
        </>
      ) : (
        <Loading label="Requesting session resources…" />
      )}
      <MountsSummary projectId={project.id} loggedIn={!!user} />
    </section>
  );
}
