import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import { isStatus } from "../../api/errors";
import { keys, usePoolMembers, usePoolQuota, useResourcePool, userIdForUsername, useUserById } from "../../api/queries";
import type { Group, PoolMember, PoolMemberRole, PoolMemberType, Project, Quota, ResourceClass, ResourcePool } from "../../api/types";
import { Checkbox, FormErrors, SelectField, TextField } from "../../components/fields";
import { ConfirmDialog, Empty, ErrorAlert, Loading, useTitle } from "../../components/ui";
import {
  classBody,
  classFormFrom,
  poolBody,
  poolFormFrom,
  quotaBody,
  quotaFormFrom,
  validateClass,
  validatePoolForm,
  validateQuota,
  type ClassFormState,
  type PoolFormState,
  type QuotaFormState,
} from "../../lib/poolForm";
import { useFormErrors } from "../../lib/useFormErrors";
import NotFound from "../NotFound";
import { PoolFields } from "./PoolFields";

/** Refreshes every pool query (the list and each pool, quota and members). */
function useRefreshPool(_id: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: keys.pools });
  };
}

function PoolSettings({ pool }: { pool: ResourcePool }) {
  const [f, setF] = useState<PoolFormState>(poolFormFrom(pool));
  const [saved, setSaved] = useState(false);
  const refresh = useRefreshPool(pool.id);
  const { errors, fail, clear, setErrors } = useFormErrors(["name", "idle_threshold", "hibernation_threshold", "public", "default"], {}, "pool-settings");
  const save = useMutation({
    mutationFn: () => {
      const b = poolBody(f);
      return api<ResourcePool>(`/resource_pools/${pool.id}`, { method: "PATCH", body: pool.default ? { ...b, default: undefined } : b });
    },
    onSuccess: () => {
      setSaved(true);
      refresh();
    },
    onError: fail,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaved(false);
    const local = validatePoolForm(f);
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    save.mutate();
  };
  return (
    <form className="card" id="pool-settings" onSubmit={submit} noValidate aria-labelledby="ps-title">
      <h2 id="ps-title">Settings</h2>
      <FormErrors messages={errors.other} />
      {saved && <div className="alert ok" role="status">Saved.</div>}
      <PoolFields f={f} set={(p) => { setSaved(false); setF((s) => ({ ...s, ...p })); }} errors={errors.fields} isDefault={pool.default} />
      <button className="button" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save settings"}</button>
    </form>
  );
}

function QuotaCard({ pool }: { pool: ResourcePool }) {
  const quota = usePoolQuota(pool.id);
  const qc = useQueryClient();
  const [f, setF] = useState<QuotaFormState | null>(null);
  const [saved, setSaved] = useState(false);
  const { errors, fail, clear, setErrors } = useFormErrors(["cpu", "memory", "gpu"], {}, "quota-form");
  const save = useMutation({
    mutationFn: (q: Quota) => api<Quota>(`/resource_pools/${pool.id}/quota`, { method: "PUT", body: q }),
    onSuccess: (q) => {
      qc.setQueryData(keys.poolQuota(pool.id), q);
      void qc.invalidateQueries({ queryKey: keys.pools });
      setSaved(true);
    },
    onError: fail,
  });
  const form = f ?? quotaFormFrom(quota.data);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaved(false);
    const local = validateQuota(form);
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    save.mutate(quotaBody(form));
  };
  return (
    <section className="card" aria-labelledby="quota-title">
      <h2 id="quota-title">Quota</h2>
      <p className="small muted">The most that all running sessions of the pool may ask for together. Every class must fit in it.</p>
      {quota.isPending ? (
        <Loading label="Loading quota…" />
      ) : quota.error ? (
        <ErrorAlert error={quota.error} />
      ) : (
        <form id="quota-form" onSubmit={submit} noValidate>
          {!quota.data && <p>This pool has no quota yet.</p>}
          {quota.data && (
            <p data-testid="current-quota">
              Current: {quota.data.cpu} CPU, {quota.data.memory} GB memory, {quota.data.gpu} GPU
            </p>
          )}
          <FormErrors messages={errors.other} />
          {saved && <div className="alert ok" role="status">Quota saved.</div>}
          <div className="field-grid">
            <TextField id="quota-cpu" name="cpu" label="CPUs" inputMode="decimal" value={form.cpu} error={errors.fields.cpu} onChange={(e) => { setSaved(false); setF({ ...form, cpu: e.target.value }); }} />
            <TextField id="quota-memory" name="memory" label="Memory (GB)" inputMode="numeric" value={form.memory} error={errors.fields.memory} onChange={(e) => { setSaved(false); setF({ ...form, memory: e.target.value }); }} />
            <TextField id="quota-gpu" name="gpu" label="GPUs" inputMode="numeric" value={form.gpu} error={errors.fields.gpu} onChange={(e) => { setSaved(false); setF({ ...form, gpu: e.target.value }); }} />
          </div>
          <button className="button" type="submit" disabled={save.isPending} id="save-quota">{save.isPending ? "Saving…" : quota.data ? "Save quota" : "Set quota"}</button>
        </form>
      )}
    </section>
  );
}

function ClassForm({ pool, original, onDone }: { pool: ResourcePool; original?: ResourceClass; onDone: () => void }) {
  const [f, setF] = useState<ClassFormState>(classFormFrom(original));
  const refresh = useRefreshPool(pool.id);
  const formId = `class-form-${original?.id ?? "new"}`;
  const { errors, fail, clear, setErrors } = useFormErrors(["name", "cpu", "memory", "gpu", "max_storage", "default_storage"], {}, formId);
  const save = useMutation({
    mutationFn: () =>
      original
        ? api<ResourceClass>(`/resource_pools/${pool.id}/classes/${original.id}`, { method: "PATCH", body: { ...classBody(f), default: original.default ? undefined : f.default } })
        : api<ResourceClass>(`/resource_pools/${pool.id}/classes`, { method: "POST", body: classBody(f) }),
    onSuccess: () => {
      refresh();
      onDone();
    },
    onError: fail,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local = validateClass(f);
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    save.mutate();
  };
  const set = (p: Partial<ClassFormState>) => setF((s) => ({ ...s, ...p }));
  return (
    <form id={formId} onSubmit={submit} noValidate className="card" style={{ background: "var(--bg-soft)" }} aria-label={original ? `Edit class ${original.name}` : "New class"}>
      <FormErrors messages={errors.other} />
      <div className="field-grid">
        <TextField id={`${formId}-name`} name="name" label="Name" value={f.name} error={errors.fields.name} onChange={(e) => set({ name: e.target.value })} />
        <TextField id={`${formId}-cpu`} name="cpu" label="CPUs" inputMode="decimal" value={f.cpu} error={errors.fields.cpu} onChange={(e) => set({ cpu: e.target.value })} />
        <TextField id={`${formId}-memory`} name="memory" label="Memory (GB)" inputMode="numeric" value={f.memory} error={errors.fields.memory} onChange={(e) => set({ memory: e.target.value })} />
        <TextField id={`${formId}-gpu`} name="gpu" label="GPUs" inputMode="numeric" value={f.gpu} error={errors.fields.gpu} onChange={(e) => set({ gpu: e.target.value })} />
        <TextField id={`${formId}-max`} name="max_storage" label="Maximum disk (GB)" inputMode="numeric" value={f.max_storage} error={errors.fields.max_storage} onChange={(e) => set({ max_storage: e.target.value })} />
        <TextField id={`${formId}-def`} name="default_storage" label="Default disk (GB)" inputMode="numeric" value={f.default_storage} error={errors.fields.default_storage} onChange={(e) => set({ default_storage: e.target.value })} />
      </div>
      <Checkbox id={`${formId}-default`} label="Default class of the pool" checked={f.default} disabled={original?.default} onChange={(e) => set({ default: e.target.checked })} />
      <Checkbox id={`${formId}-quota`} label="Counts against the pool's quota" checked={f.quota_enforced} onChange={(e) => set({ quota_enforced: e.target.checked })} />
      <div className="form-actions">
        <button className="button small" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : original ? "Save class" : "Add class"}</button>
        <button className="button small secondary" type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

function Classes({ pool }: { pool: ResourcePool }) {
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [deleting, setDeleting] = useState<ResourceClass | null>(null);
  const refresh = useRefreshPool(pool.id);
  const del = useMutation({
    mutationFn: (id: number) => api<void>(`/resource_pools/${pool.id}/classes/${id}`, { method: "DELETE" }),
    onSuccess: () => refresh(),
    onSettled: () => setDeleting(null),
  });
  return (
    <section className="card" aria-labelledby="classes-title">
      <div className="spread">
        <h2 id="classes-title">Classes</h2>
        {editing !== "new" && <button type="button" className="button small" onClick={() => setEditing("new")}>+ Add class</button>}
      </div>
      {del.error && <ErrorAlert error={del.error} />}
      {editing === "new" && <ClassForm pool={pool} onDone={() => setEditing(null)} />}
      {pool.classes.length === 0 ? (
        <Empty><p>No classes: sessions cannot run on this pool yet.</p></Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col">CPU</th>
                <th scope="col">Memory</th>
                <th scope="col">GPU</th>
                <th scope="col">Disk (default / max)</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {pool.classes.map((c) =>
                editing === c.id ? (
                  <tr key={c.id}>
                    <td colSpan={6}><ClassForm pool={pool} original={c} onDone={() => setEditing(null)} /></td>
                  </tr>
                ) : (
                  <tr key={c.id}>
                    <td>{c.name} {c.default && <span className="badge progress">Default</span>} {!c.quota_enforced && <span className="badge">No quota</span>}</td>
                    <td>{c.cpu}</td>
                    <td>{c.memory} GB</td>
                    <td>{c.gpu}</td>
                    <td>{c.default_storage} / {c.max_storage} GB</td>
                    <td>
                      <div className="row">
                        <button type="button" className="button small secondary" onClick={() => setEditing(c.id)}>Edit<span className="visually-hidden"> {c.name}</span></button>
                        <button type="button" className="button small danger-outline" onClick={() => setDeleting(c)}>Delete<span className="visually-hidden"> {c.name}</span></button>
                      </div>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={!!deleting} title={`Delete the class ${deleting?.name ?? ""}?`} confirmLabel="Delete class" busy={del.isPending} onCancel={() => setDeleting(null)} onConfirm={() => deleting && del.mutate(deleting.id)}>
        <p>Launchers that use it fall back to the default class.</p>
      </ConfirmDialog>
    </section>
  );
}

const ROLE_FOR: Record<PoolMemberType, PoolMemberRole[]> = {
  user: ["viewer", "prohibited"],
  group: ["group_viewer"],
  project: ["project_viewer"],
};

function MemberName({ m }: { m: PoolMember }) {
  const user = useUserById(m.member_type === "user" ? m.id : undefined);
  if (m.member_type === "user") return <>{user.data ? `@${user.data.username}` : m.id}</>;
  return <span className="mono">{m.id}</span>;
}

async function resolveMember(type: PoolMemberType, ident: string): Promise<string> {
  const v = ident.trim();
  if (type === "user") return (await userIdForUsername(v)).id;
  if (type === "group") return (await api<Group>(`/groups/${encodeURIComponent(v.replace(/^@/, ""))}`)).id;
  const [ns, slug] = v.replace(/^\/?p\//, "").split("/");
  if (!ns || !slug) throw new Error("Give the project as namespace/slug.");
  return (await api<Project>(`/namespaces/${encodeURIComponent(ns)}/projects/${encodeURIComponent(slug)}`)).id;
}

function Members({ pool }: { pool: ResourcePool }) {
  const members = usePoolMembers(pool.id);
  const qc = useQueryClient();
  const [type, setType] = useState<PoolMemberType>("user");
  const [ident, setIdent] = useState("");
  const [role, setRole] = useState<PoolMemberRole>("viewer");
  const { errors, fail, clear, setErrors } = useFormErrors(["ident"], { id: "ident" }, "pool-member-form");
  const add = useMutation({
    mutationFn: async () => {
      const id = await resolveMember(type, ident);
      return api<PoolMember[]>(`/resource_pools/${pool.id}/members`, { method: "POST", body: [{ member_type: type, id, role }] });
    },
    onSuccess: (all) => {
      qc.setQueryData(keys.poolMembers(pool.id), all);
      setIdent("");
    },
    onError: (e) => (isStatus(e, 404) ? setErrors({ fields: { ident: `No ${type} "${ident.trim()}".` }, other: [] }) : fail(e)),
  });
  const remove = useMutation({
    mutationFn: (m: PoolMember) => api<void>(`/resource_pools/${pool.id}/members/${m.member_type}/${encodeURIComponent(m.id)}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.poolMembers(pool.id) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    if (!ident.trim()) return setErrors({ fields: { ident: "Required." }, other: [] });
    add.mutate();
  };
  return (
    <section className="card" aria-labelledby="pm-title">
      <h2 id="pm-title">Members</h2>
      <p className="small muted">{pool.public ? "The pool is public: everyone may use it, except users marked prohibited." : "Only these users, and the members of these groups and projects, may use the pool."}</p>
      {remove.error && <ErrorAlert error={remove.error} />}
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.error ? (
        <ErrorAlert error={members.error} />
      ) : members.data.length === 0 ? (
        <Empty><p>No members.</p></Empty>
      ) : (
        <ul className="list">
          {members.data.map((m) => (
            <li key={`${m.member_type}/${m.id}`} className="spread">
              <span>
                <span className="badge">{m.member_type}</span> <MemberName m={m} /> <span className="small muted">({m.role ?? "viewer"})</span>
              </span>
              <button type="button" className="button small danger-outline" disabled={remove.isPending} onClick={() => remove.mutate(m)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" id="pool-member-form" onSubmit={submit} noValidate style={{ marginTop: "0.75rem" }}>
        <SelectField id="pm-type" label="Kind" value={type} onChange={(e) => { const t = e.target.value as PoolMemberType; setType(t); setRole(ROLE_FOR[t][0]); }}>
          <option value="user">User</option>
          <option value="group">Group</option>
          <option value="project">Project</option>
        </SelectField>
        <TextField id="pm-ident" name="ident" label={type === "user" ? "Username" : type === "group" ? "Group slug" : "Project (namespace/slug)"} value={ident} error={errors.fields.ident} onChange={(e) => setIdent(e.target.value)} />
        <SelectField id="pm-role" label="Role" value={role} onChange={(e) => setRole(e.target.value as PoolMemberRole)}>
          {ROLE_FOR[type].map((r) => <option key={r} value={r}>{r === "prohibited" ? "prohibited (kept out)" : r}</option>)}
        </SelectField>
        <button className="button" type="submit" disabled={add.isPending}>{add.isPending ? "Adding…" : "Add"}</button>
      </form>
      <div style={{ marginTop: "0.5rem" }}><FormErrors messages={errors.other} /></div>
    </section>
  );
}

function DeletePool({ pool }: { pool: ResourcePool }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const del = useMutation({
    mutationFn: () => api<void>(`/resource_pools/${pool.id}`, { method: "DELETE" }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.pools });
      navigate("/admin/pools");
    },
    onSettled: () => setOpen(false),
  });
  return (
    <section className="card" aria-labelledby="pd-title" style={{ borderColor: "#f1b5b5" }}>
      <h2 id="pd-title">Delete the pool</h2>
      {pool.default ? (
        <p>The default pool cannot be deleted. Make another pool the default first.</p>
      ) : (
        <>
          <p>Launchers using its classes fall back to the default class.</p>
          {del.error && <ErrorAlert error={del.error} />}
          <button type="button" className="button danger" onClick={() => setOpen(true)}>Delete pool</button>
        </>
      )}
      <ConfirmDialog open={open} title={`Delete ${pool.name}?`} confirmLabel="Delete pool" busy={del.isPending} onCancel={() => setOpen(false)} onConfirm={() => del.mutate()}>
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

export default function PoolPage() {
  const { poolId = "" } = useParams();
  const id = Number(poolId);
  const pool = useResourcePool(id);
  useTitle(pool.data ? `${pool.data.name} · Admin` : "Pool · Admin");
  if (!Number.isInteger(id)) return <NotFound what="resource pool" />;
  if (pool.isPending) return <Loading label="Loading pool…" />;
  if (pool.error) return isStatus(pool.error, 404) ? <NotFound what="resource pool" /> : <ErrorAlert error={pool.error} />;
  const p = pool.data;
  return (
    <div className="stack">
      <div className="breadcrumbs"><Link to="/admin/pools">Resource pools</Link> / {p.name}</div>
      <h2 style={{ fontSize: "1.4rem" }}>{p.name} {p.default && <span className="badge progress">Default</span>}</h2>
      <div className="grid halves">
        <PoolSettings key={`s-${p.id}`} pool={p} />
        <QuotaCard pool={p} />
      </div>
      <Classes pool={p} />
      <Members pool={p} />
      <DeletePool pool={p} />
    </div>
  );
}
