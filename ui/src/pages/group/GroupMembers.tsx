import { keys, useGroupMembers } from "../../api/queries";
import { MembersPanel } from "../../components/MembersPanel";
import { useTitle } from "../../components/ui";
import { useGroupContext } from "./context";

export default function GroupMembers() {
  const { group, permissions, user } = useGroupContext();
  useTitle(`Members · ${group.name}`);
  const members = useGroupMembers(group.slug);
  return (
    <MembersPanel
      members={members.data}
      isPending={members.isPending}
      error={members.error}
      membersPath={`/groups/${group.slug}/members`}
      queryKey={keys.groupMembers(group.slug)}
      canManage={!!permissions.change_membership}
      currentUserId={user?.id}
      inheritedNote="A group role applies to every project of the group."
    />
  );
}
