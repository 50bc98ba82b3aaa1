import { useOutletContext } from "react-router";
import type { Permissions, Project, SelfUser } from "../../api/types";

export interface ProjectContext {
  project: Project;
  permissions: Permissions;
  /** True while the caller's permissions are being fetched. */
  permissionsPending: boolean;
  user: SelfUser | null;
  /** "/p/<namespace>/<slug>" */
  base: string;
}

export function useProjectContext(): ProjectContext {
  return useOutletContext<ProjectContext>();
}
