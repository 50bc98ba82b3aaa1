import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { keys } from "../../api/queries";
import type { Project, ProjectPatch } from "../../api/types";

/** PATCH a project with If-Match (its ETag), then refresh what shows it. */
export function useProjectPatch(project: Project, onDone?: (p: Project) => void, onError?: (e: unknown) => void) {
  const qc = useQueryClient();
  return useMutation<Project, Error, ProjectPatch>({
    mutationFn: (body: ProjectPatch) =>
      api<Project>(`/projects/${project.id}`, {
        method: "PATCH",
        body,
        headers: project.etag ? { "If-Match": project.etag } : {},
      }),
    onSuccess: (p) => {
      // The PATCH answer has no documentation: keep the one we know unless it was changed.
      qc.setQueryData<Project>(keys.project(p.namespace, p.slug), (old) => ({ ...old, ...p, documentation: p.documentation ?? old?.documentation }));
      void qc.invalidateQueries({ queryKey: keys.projects });
      onDone?.(p);
    },
    onError,
  });
}
