// Pause, resume and delete a session; every change refreshes the session lists.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { Session } from "../api/types";

export function useSessionActions(name: string) {
  const qc = useQueryClient();
  const after = (s?: Session) => {
    if (s) qc.setQueryData(keys.session(name), s);
    void qc.invalidateQueries({ queryKey: keys.sessions });
  };
  const patch = (state: "hibernated" | "running") =>
    api<Session>(`/sessions/${encodeURIComponent(name)}`, { method: "PATCH", body: { state } });
  const pause = useMutation({ mutationFn: () => patch("hibernated"), onSuccess: after });
  const resume = useMutation({ mutationFn: () => patch("running"), onSuccess: after });
  const remove = useMutation({
    mutationFn: () => api<void>(`/sessions/${encodeURIComponent(name)}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.session(name), exact: true });
      void qc.invalidateQueries({ queryKey: keys.sessions });
    },
  });
  const busy = pause.isPending || resume.isPending || remove.isPending;
  const error = pause.error ?? resume.error ?? remove.error;
  return { pause, resume, remove, busy, error };
}
