import { keys, useProjectMembers } from "../../api/queries";
import { MembersPanel } from "../../components/MembersPanel";
import { useTitle } from "../../components/ui";
import { useProjectContext } from "./context";

export default function ProjectMembers() {
  const { project, permissions, user } = useProjectContext();
  useTitle(`Members · ${project.name}`);
  const members = useProjectMembers(project.id);
  return (
    <MembersPanel
      members={members.data}
      isPending={members.isPending}
      error={members.error}
      membersPath={`/projects/${project.id}/members`}
      queryKey={keys.projectMembers(project.id)}
      canManage={!!permissions.change_membership}
      currentUserId={user?.id}
      inheritedNote="Members of the group that owns the project also have their group role here."
    />
  );
}
