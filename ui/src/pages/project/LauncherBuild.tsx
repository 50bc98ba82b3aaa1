// The image build of a launcher that builds its environment from code: the latest build's state
// (polled while it runs), rebuild and cancel, and the build's logs per step.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys, useBuild, useBuildLogs, useEnvironmentBuilds } from "../../api/queries";
import type { Build, SessionLauncher } from "../../api/types";
import { ErrorAlert, Loading } from "../../components/ui";
import { BUILDER_VARIANTS, buildStatusInfo, FRONTEND_VARIANTS, isFinished, logSteps, variantLabel } from "../../lib/builds";
import { formatDate, relativeTime } from "../../lib/format";

/** Starts a build of the environment; the answer (or the running build after a 409) lands in the cache. */
export function useStartBuild(environmentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string = environmentId) => api<Build>(`/environments/${encodeURIComponent(id)}/builds`, { method: "POST" }),
    onSuccess: (b) => {
      qc.setQueryData(keys.build(b.id), b);
      qc.setQueryData<Build[]>(keys.environmentBuilds(b.environment_id), (old) => [b, ...(old ?? []).filter((x) => x.id !== b.id)]);
    },
    // A 409 means another build is running: show that one.
    onSettled: (_b, _e, id) => void qc.invalidateQueries({ queryKey: keys.environmentBuilds(id ?? environmentId) }),
  });
}

/** One step's log, kept scrolled to its newest line unless the reader scrolled up. */
function StepLog({ step, text }: { step: string; text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const follow = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [text]);
  return (
    <div>
      <h5 className="small" style={{ margin: "0.5rem 0 0.25rem" }}>
        {step}
      </h5>
      <pre
        ref={ref}
        className="logs build-logs"
        tabIndex={0}
        aria-label={`Build log of step ${step}`}
        data-testid="build-log"
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {text || "(no output yet)"}
      </pre>
    </div>
  );
}

function BuildLogsView({ build, open }: { build: Build; open: boolean }) {
  const inProgress = build.status === "in_progress";
  const logs = useBuildLogs(build.id, inProgress, open);
  // The last lines arrive once more when the build ends.
  const { refetch } = logs;
  const status = useRef(build.status);
  useEffect(() => {
    if (status.current !== build.status) {
      status.current = build.status;
      if (open) void refetch();
    }
  }, [build.status, open, refetch]);
  if (!open) return null;
  const steps = logSteps(logs.data);
  return (
    <div id={`build-logs-${build.id}`}>
      {logs.isPending ? (
        <Loading label="Loading build logs…" />
      ) : logs.error ? (
        <ErrorAlert error={logs.error} onRetry={() => void refetch()} />
      ) : steps.length === 0 ? (
        <p className="small muted">{inProgress ? "No output yet; the build is starting." : "This build left no logs."}</p>
      ) : (
        steps.map(([step, text]) => <StepLog key={step} step={step} text={text} />)
      )}
    </div>
  );
}

function BuildState({ build }: { build: Build }) {
  const info = buildStatusInfo(build);
  return (
    <div className="build-state">
      <span className={`badge ${info.tone}`}>
        {build.status === "in_progress" ? <span className="spinner small-spinner" aria-hidden="true" /> : <span className="dot" aria-hidden="true" />}
        {info.label}
      </span>{" "}
      {build.status === "succeeded" && build.result && (
        <p className="small" style={{ margin: "0.3rem 0 0" }}>
          Image <span className="mono">{build.result.image}</span>, built {relativeTime(build.result.completed_at)} from commit{" "}
          <span className="mono" title={build.result.repository_git_commit_sha}>
            {build.result.repository_git_commit_sha.slice(0, 12)}
          </span>
          .
        </p>
      )}
      {(build.status === "failed" || build.status === "cancelled") && (
        <p className="small" style={{ margin: "0.3rem 0 0" }}>
          {build.status === "failed" ? "Failed" : "Cancelled"} ({formatDate(build.created_at)})
          {build.error_reason ? (
            <>
              : <span className="error-text">{build.error_reason}</span>
            </>
          ) : (
            "."
          )}
          {build.status === "failed" && " The build logs say more."}
        </p>
      )}
    </div>
  );
}

export function LauncherBuild({ launcher, canWrite }: { launcher: SessionLauncher; canWrite: boolean }) {
  const qc = useQueryClient();
  const env = launcher.environment;
  const builds = useEnvironmentBuilds(env.id);
  const latest = builds.data?.[0];
  const polled = useBuild(latest);
  const build = polled.data ?? latest;
  const inProgress = build?.status === "in_progress";
  const [showLogs, setShowLogs] = useState<boolean | null>(null);
  // Logs are shown by themselves while a build runs, until the reader hides them.
  const logsOpen = showLogs ?? inProgress;
  const start = useStartBuild(env.id);
  const cancel = useMutation({
    mutationFn: (id: string) => api<Build>(`/builds/${encodeURIComponent(id)}`, { method: "PATCH", body: { status: "cancelled" } }),
    onSuccess: (b) => qc.setQueryData(keys.build(b.id), b),
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.environmentBuilds(env.id) }),
  });

  // When a build ends the environment has its new image (or still none): read the launcher again.
  const lastStatus = useRef(build?.status);
  useEffect(() => {
    const before = lastStatus.current;
    lastStatus.current = build?.status;
    if (before === "in_progress" && isFinished(build?.status)) {
      void qc.invalidateQueries({ queryKey: keys.environmentBuilds(env.id) });
      void qc.invalidateQueries({ queryKey: keys.projectLaunchers(launcher.project_id) });
      void qc.invalidateQueries({ queryKey: keys.launcher(launcher.id) });
    }
  }, [build, env.id, launcher.id, launcher.project_id, qc]);

  const bp = env.build_parameters;
  const headingId = `build-${launcher.id}`;
  const conflict = start.error && isStatus(start.error, 409);
  return (
    <section className="launcher-build" aria-labelledby={headingId} data-testid="launcher-build">
      <h4 id={headingId} style={{ margin: "0 0 0.3rem" }}>
        Image build
      </h4>
      {bp && (
        <p className="small muted" style={{ margin: "0 0 0.4rem" }}>
          {variantLabel(BUILDER_VARIANTS, bp.builder_variant)} with {variantLabel(FRONTEND_VARIANTS, bp.frontend_variant)} from{" "}
          <span className="mono">{bp.repository}</span>
          {bp.repository_revision && (
            <>
              {" "}
              at <span className="mono">{bp.repository_revision}</span>
            </>
          )}
          {bp.context_dir && (
            <>
              {" "}
              in <span className="mono">{bp.context_dir}/</span>
            </>
          )}
        </p>
      )}
      <div role="status" aria-live="polite">
        {builds.isPending ? (
          <Loading label="Loading builds…" />
        ) : builds.error ? null : build ? (
          <BuildState build={build} />
        ) : (
          <p className="small" style={{ margin: 0 }}>
            Not built yet{canWrite ? ": build the environment to start sessions from it." : "."}
          </p>
        )}
      </div>
      {build?.status === "in_progress" && (
        // Outside the live region: the elapsed time changes on every poll and is not news.
        <p className="small muted" style={{ margin: "0.2rem 0 0" }}>
          Started {relativeTime(build.created_at)}.
        </p>
      )}
      {builds.error && <ErrorAlert error={builds.error} onRetry={() => void builds.refetch()} />}
      <div className="row" style={{ marginTop: "0.4rem" }}>
        {canWrite && build && inProgress && (
          <button type="button" className="button small danger-outline" disabled={cancel.isPending} onClick={() => cancel.mutate(build.id)}>
            {cancel.isPending ? "Cancelling…" : "Cancel build"}
            <span className="visually-hidden"> of {launcher.name}</span>
          </button>
        )}
        {canWrite && !inProgress && !builds.isPending && !builds.error && (
          <button type="button" className="button small secondary" disabled={start.isPending} onClick={() => start.mutate(env.id)}>
            {start.isPending ? "Starting the build…" : build ? "Rebuild" : "Build"}
            <span className="visually-hidden"> the environment of {launcher.name}</span>
          </button>
        )}
        {build && (
          <button type="button" className="button small secondary" aria-expanded={logsOpen} aria-controls={`build-logs-${build.id}`} onClick={() => setShowLogs(!logsOpen)}>
            {logsOpen ? "Hide build logs" : "Show build logs"}
          </button>
        )}
      </div>
      {conflict ? (
        <p className="alert warn small" role="alert" style={{ margin: "0.5rem 0 0" }}>
          A build is already running for this environment; wait for it to end or cancel it.
        </p>
      ) : (
        start.error && <ErrorAlert error={start.error} title="The build could not be started." />
      )}
      {cancel.error && <ErrorAlert error={cancel.error} title="The build could not be cancelled." />}
      {build && <BuildLogsView build={build} open={logsOpen} />}
    </section>
  );
}
