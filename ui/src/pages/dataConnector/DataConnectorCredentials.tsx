// The caller's own credentials for a data connector: which ones are saved (never their values),
// a form to save or replace them, and removing them all.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { keys, useDataConnectorSecrets } from "../../api/queries";
import type { DataConnector, DataConnectorSecret } from "../../api/types";
import { FormErrors, TextField } from "../../components/fields";
import { ConfirmDialog, ErrorAlert, Loading } from "../../components/ui";
import { shortHelp } from "../../lib/storageForm";
import { useFormErrors } from "../../lib/useFormErrors";

export function DataConnectorCredentials({ dc }: { dc: DataConnector }) {
  const qc = useQueryClient();
  const fields = dc.storage.sensitive_fields ?? [];
  const saved = useDataConnectorSecrets(dc.id, fields.length > 0);
  const [values, setValues] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState("");
  const [confirm, setConfirm] = useState(false);
  const names = fields.map((f) => f.name);
  const { errors, fail, clear, setErrors } = useFormErrors(names, {}, "credentials-form");
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.dataConnectorSecrets(dc.id) });
    void qc.invalidateQueries({ queryKey: keys.userSecrets });
  };
  const save = useMutation({
    mutationFn: (body: { name: string; value: string }[]) => api<DataConnectorSecret[]>(`/data_connectors/${dc.id}/secrets`, { method: "PATCH", body }),
    onSuccess: (list) => {
      setValues({});
      setNotice("Your credentials were saved.");
      qc.setQueryData(keys.dataConnectorSecrets(dc.id), list);
      refresh();
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: () => api<void>(`/data_connectors/${dc.id}/secrets`, { method: "DELETE" }),
    onSuccess: () => {
      setConfirm(false);
      setNotice("Your credentials were removed.");
      qc.setQueryData(keys.dataConnectorSecrets(dc.id), []);
      refresh();
    },
  });
  if (fields.length === 0) return null;
  const savedNames = new Set((saved.data ?? []).map((s) => s.name));
  const allSaved = names.every((n) => savedNames.has(n));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setNotice("");
    const body = Object.entries(values)
      .filter(([, v]) => v.length > 0)
      .map(([name, value]) => ({ name, value }));
    if (body.length === 0) {
      setErrors({ fields: { [names[0]]: "Type at least one credential to save." }, other: [] });
      return;
    }
    save.mutate(body);
  };
  return (
    <section className="card" aria-labelledby="credentials-title" data-testid="credentials">
      <div className="spread">
        <h2 id="credentials-title">Your credentials</h2>
        {saved.data && (allSaved ? <span className="badge ok">Credentials saved</span> : savedNames.size > 0 ? <span className="badge">Partly saved</span> : <span className="badge">Not saved</span>)}
      </div>
      <p className="small muted">
        This data connector needs credentials. Yours are stored encrypted, used only for your sessions, and never shown again. Without them you are asked for them when you launch a session.
      </p>
      <div aria-live="polite">
        {notice && (
          <div className="alert ok" role="status">
            {notice}
          </div>
        )}
      </div>
      {saved.isPending ? (
        <Loading label="Loading your saved credentials…" />
      ) : saved.error ? (
        <ErrorAlert error={saved.error} onRetry={() => void saved.refetch()} />
      ) : (
        <form id="credentials-form" onSubmit={submit} noValidate>
          <FormErrors messages={errors.other} />
          {fields.map((f) => (
            <TextField
              key={f.name}
              id={`cred-${f.name}`}
              name={f.name}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              label={
                <>
                  <span className="mono">{f.name}</span> {savedNames.has(f.name) ? <span className="badge ok">Saved</span> : <span className="badge">Not saved</span>}
                </>
              }
              hint={`${shortHelp(f)}${savedNames.has(f.name) ? " Type a new value to replace the saved one." : ""}`}
              value={values[f.name] ?? ""}
              error={errors.fields[f.name]}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          ))}
          <div className="form-actions">
            <button type="submit" className="button" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save credentials"}
            </button>
            {savedNames.size > 0 && (
              <button type="button" className="button danger-outline" onClick={() => { setNotice(""); remove.reset(); setConfirm(true); }}>
                Remove my credentials
              </button>
            )}
          </div>
        </form>
      )}
      <ConfirmDialog open={confirm} title="Remove your credentials?" confirmLabel="Remove" busy={remove.isPending} onCancel={() => setConfirm(false)} onConfirm={() => remove.mutate()}>
        <p>Your sessions will ask for them again. Other users' credentials are not affected.</p>
        {remove.error && <ErrorAlert error={remove.error} />}
      </ConfirmDialog>
    </section>
  );
}
