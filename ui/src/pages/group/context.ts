import { useOutletContext } from "react-router";
import type { Group, Permissions, SelfUser } from "../../api/types";

export interface GroupContext {
  group: Group;
  permissions: Permissions;
  permissionsPending: boolean;
  user: SelfUser | null;
  base: string;
}

export function useGroupContext(): GroupContext {
  return useOutletContext<GroupContext>();
}
