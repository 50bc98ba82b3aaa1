import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import { keys } from "../../api/queries";
import type { ResourcePool } from "../../api/types";
import { FormErrors } from "../../components/fields";
import { useTitle } from "../../components/ui";
import { poolBody, poolFormFrom, validatePoolForm, type PoolFormState } from "../../lib/poolForm";
import { useFormErrors } from "../../lib/useFormErrors";
import { PoolFields } from "./PoolFields";

export default function PoolNew() {
  useTitle("New pool · Admin");
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [f, setF] = useState<PoolFormState>(poolFormFrom());
  const { errors, fail, clear, setErrors } = useFormErrors(["name", "idle_threshold", "hibernation_threshold", "public", "default"], {}, "pool-new");
  const create = useMutation({
    mutationFn: () => api<ResourcePool>("/resource_pools", { method: "POST", body: poolBody(f) }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.pools });
      navigate(`/admin/pools/${p.id}`);
    },
    onError: fail,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const local = validatePoolForm(f);
    if (Object.keys(local).length) return setErrors({ fields: local, other: [] });
    create.mutate();
  };
  return (
    <form className="form card" id="pool-new" onSubmit={submit} noValidate aria-labelledby="pn-title">
      <h2 id="pn-title">New resource pool</h2>
      <FormErrors messages={errors.other} />
      <PoolFields f={f} set={(p) => setF((s) => ({ ...s, ...p }))} errors={errors.fields} />
      <p className="small muted">Add classes, a quota and members on the pool's page once it exists.</p>
      <div className="form-actions">
        <button className="button" type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create pool"}</button>
        <Link className="button secondary" to="/admin/pools">Cancel</Link>
      </div>
    </form>
  );
}
