// Members of a project or a group: list with roles; owners add people by username, change
// roles and remove members.

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { isStatus } from "../api/errors";
import { userIdForUsername } from "../api/queries";
import type { Member, Role } from "../api/types";
import { displayName } from "../lib/format";
import { useFormErrors } from "../lib/useFormErrors";
import { FormErrors, SelectField, TextField } from "./fields";
import { Avatar, ConfirmDialog, Empty, ErrorAlert, Loading, RoleBadge } from "./ui";

const ROLES: Role[] = ["owner", "editor", "viewer"];
const ROLE_HELP: Record<Role, string> = {
  owner: "everything, including members and deletion",
  editor: "change content and launchers",
  viewer: "see and launch sessions",
};

export function MembersPanel({
  members,
  isPending,
  error,
  membersPath,
  queryKey,
  canManage,
  currentUserId,
  inheritedNote,
}: {
  members: Member[] | undefined;
  isPending: boolean;
  error: unknown;
  /** "/projects/<id>/members" or "/groups/<slug>/members" */
  membersPath: string;
  queryKey: QueryKey;
  canManage: boolean;
  currentUserId?: string;
  inheritedNote?: string;
}) {
  const qc = useQueryClient();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [removing, setRemoving] = useState<Member | null>(null);
  const [notice, setNotice] = useState("");
  const { errors, fail, clear, setErrors } = useFormErrors(["username", "role"], { id: "username" });
  const refresh = () => void qc.invalidateQueries({ queryKey });

  const add = useMutation({
    mutationFn: async () => {
      const { id } = await userIdForUsername(username);
      if (members?.some((m) => m.id === id)) throw new Error(`${username} is already a member.`);
      return api(membersPath, { method: "PATCH", body: [{ id, role }] });
    },
    onSuccess: () => {
      setNotice(`${username.trim()} was added as ${role}.`);
      setUsername("");
      refresh();
    },
    onError: (e: unknown) => {
      if (isStatus(e, 404)) {
        setErrors({ fields: { username: `There is no user "${username.trim()}". People exist in Renku once they have logged in.` }, other: [] });
        document.getElementById("member-username")?.focus();
      } else fail(e);
    },
  });
  const change = useMutation({
    mutationFn: (v: { id: string; role: Role }) => api(membersPath, { method: "PATCH", body: [v] }),
    onSuccess: () => {
      setNotice("The role was changed.");
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`${membersPath}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      setNotice("The member was removed.");
      setRemoving(null);
      refresh();
    },
    onError: () => setRemoving(null),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setNotice("");
    if (!username.trim()) {
      setErrors({ fields: { username: "Enter the username of the person to add." }, other: [] });
      document.getElementById("member-username")?.focus();
      return;
    }
    add.mutate();
  };

  return (
    <div className="stack">
      <div role="status" aria-live="polite" className={notice ? "alert ok" : "visually-hidden"}>
        {notice}
      </div>
      {(change.error || remove.error) && <ErrorAlert error={change.error ?? remove.error} />}
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">Members {members && <span className="badge">{members.length}</span>}</h2>
        {inheritedNote && <p className="small muted">{inheritedNote}</p>}
        {isPending ? (
          <Loading label="Loading members…" />
        ) : error ? (
          <ErrorAlert error={error} />
        ) : !members || members.length === 0 ? (
          <Empty>
            <p>No direct members.</p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  {canManage && <th scope="col"><span className="visually-hidden">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {members.map((m) => {
                  const name = displayName(m) || m.namespace || m.id;
                  return (
                    <tr key={m.id} data-member={m.namespace}>
                      <td>
                        <div className="row">
                          <Avatar name={name} />
                          <div>
                            <div>{name}{m.id === currentUserId && <span className="muted"> (you)</span>}</div>
                            {m.namespace && <Link className="small" to={`/u/${m.namespace}`}>@{m.namespace}</Link>}
                          </div>
                        </div>
                      </td>
                      <td>
                        {canManage ? (
                          <select
                            aria-label={`Role of ${name}`}
                            value={m.role}
                            disabled={change.isPending}
                            onChange={(e) => change.mutate({ id: m.id, role: e.target.value as Role })}
                            style={{ width: "auto" }}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <RoleBadge role={m.role} />
                        )}
                      </td>
                      {canManage && (
                        <td>
                          <button type="button" className="button small danger-outline" onClick={() => setRemoving(m)}>
                            Remove<span className="visually-hidden"> {name}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canManage && (
        <section className="card" aria-labelledby="add-member-title">
          <h2 id="add-member-title">Add a member</h2>
          <p className="small muted">People can be added once they have logged in to Renku at least once.</p>
          <form className="inline-form" onSubmit={submit} noValidate id="add-member-form">
            <TextField
              id="member-username"
              name="username"
              label="Username"
              placeholder="e.g. jane"
              autoComplete="off"
              spellCheck={false}
              value={username}
              error={errors.fields.username}
              onChange={(e) => setUsername(e.target.value)}
            />
            <SelectField id="member-role" name="role" label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r} — {ROLE_HELP[r]}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button" disabled={add.isPending} id="add-member">
              {add.isPending ? "Adding…" : "Add member"}
            </button>
          </form>
          <div style={{ marginTop: "0.75rem" }}>
            <FormErrors messages={errors.other} />
          </div>
        </section>
      )}
      <ConfirmDialog
        open={!!removing}
        title="Remove this member?"
        confirmLabel="Remove member"
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id)}
      >
        <p>
          {removing && (displayName(removing) || removing.namespace)} will lose their role here
          {removing?.id === currentUserId ? ", and you may lose access yourself" : ""}.
        </p>
      </ConfirmDialog>
    </div>
  );
}
