import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { keys, useAuthorizationConfig, usePlatformConfig } from "../../api/queries";
import type { AuthorizationConfig, CreationPolicy, PlatformConfig } from "../../api/types";
import { Checkbox, FormErrors, SelectField, TextArea } from "../../components/fields";
import { LazyMarkdown } from "../../components/LazyMarkdown";
import { ErrorAlert, Loading, useTitle } from "../../components/ui";
import { useFormErrors } from "../../lib/useFormErrors";

function BannerForm({ config }: { config: PlatformConfig }) {
  // `config` is the latest answer: its ETag goes with the next change.
  const qc = useQueryClient();
  const [text, setText] = useState(config.incident_banner);
  const [saved, setSaved] = useState(false);
  const { errors, fail, clear } = useFormErrors(["incident_banner"]);
  const save = useMutation({
    mutationFn: (incident_banner: string) =>
      api<PlatformConfig>("/platform/config", { method: "PATCH", body: { incident_banner }, headers: { "If-Match": config.etag } }),
    onSuccess: (c) => {
      qc.setQueryData(keys.platformConfig, c);
      setSaved(true);
    },
    onError: (e) => {
      fail(e);
      void qc.invalidateQueries({ queryKey: keys.platformConfig });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    setSaved(false);
    save.mutate(text);
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="banner-title" id="banner-form">
      <h2 id="banner-title">Incident banner</h2>
      <p className="small muted">Shown at the top of every page for everyone while it is not empty. Markdown is supported.</p>
      <FormErrors messages={errors.other} />
      {saved && <div className="alert ok" role="status">{text.trim() ? "The banner is shown." : "The banner is hidden."}</div>}
      <TextArea id="incident-banner" name="incident_banner" label="Message" rows={3} value={text} error={errors.fields.incident_banner} onChange={(e) => { setText(e.target.value); setSaved(false); }} />
      {text.trim() && (
        <div className="incident-banner" style={{ marginBottom: "1rem", borderRadius: 8 }}>
          <div className="inner"><span aria-hidden="true">⚠</span><LazyMarkdown text={text} /></div>
        </div>
      )}
      <div className="form-actions">
        <button className="button" type="submit" disabled={save.isPending} id="save-banner">{save.isPending ? "Saving…" : "Save banner"}</button>
        {config.incident_banner && (
          <button className="button secondary" type="button" disabled={save.isPending} onClick={() => { setText(""); clear(); setSaved(false); save.mutate(""); }}>
            Remove banner
          </button>
        )}
      </div>
    </form>
  );
}

function AnonymousSessionsForm({ config }: { config: PlatformConfig }) {
  // Its own form: saving it sends only this field, so the banner is left as it is.
  const qc = useQueryClient();
  const [enabled, setEnabled] = useState(config.anonymous_sessions_enabled);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (anonymous_sessions_enabled: boolean) =>
      api<PlatformConfig>("/platform/config", { method: "PATCH", body: { anonymous_sessions_enabled }, headers: { "If-Match": config.etag } }),
    onSuccess: (c) => {
      qc.setQueryData(keys.platformConfig, c);
      setSaved(true);
    },
    onError: () => void qc.invalidateQueries({ queryKey: keys.platformConfig }),
  });
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); setSaved(false); save.mutate(enabled); }} aria-labelledby="anonymous-sessions-title" id="anonymous-sessions-form">
      <h2 id="anonymous-sessions-title">Sessions of visitors who are not logged in</h2>
      <p className="small muted">
        When on, anyone who can reach this platform may start sessions of public projects without an account, each new visitor a few of their own, up to a limit for all of them together. Off by default.
      </p>
      {save.error && <ErrorAlert error={save.error} />}
      {saved && <div className="alert ok" role="status">{config.anonymous_sessions_enabled ? "Visitors may start sessions." : "Only logged-in users may start sessions."}</div>}
      <Checkbox id="anonymous-sessions" label="Visitors who are not logged in may start sessions" checked={enabled} onChange={(e) => { setEnabled(e.target.checked); setSaved(false); }} />
      <button className="button" type="submit" disabled={save.isPending} id="save-anonymous-sessions">{save.isPending ? "Saving…" : "Save"}</button>
    </form>
  );
}

function AuthzForm({ config }: { config: AuthorizationConfig }) {
  const qc = useQueryClient();
  const [projects, setProjects] = useState<CreationPolicy>(config.create_projects);
  const [groups, setGroups] = useState<CreationPolicy>(config.create_groups);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api<AuthorizationConfig>("/platform/authorization_config", { method: "PATCH", body: { create_projects: projects, create_groups: groups }, headers: { "If-Match": config.etag } }),
    onSuccess: (c) => {
      qc.setQueryData(keys.authzConfig, c);
      setSaved(true);
    },
    onError: () => void qc.invalidateQueries({ queryKey: keys.authzConfig }),
  });
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); setSaved(false); save.mutate(); }} aria-labelledby="authz-title">
      <h2 id="authz-title">Who may create</h2>
      {save.error && <ErrorAlert error={save.error} />}
      {saved && <div className="alert ok" role="status">Saved.</div>}
      <SelectField id="create-projects" label="Projects" value={projects} onChange={(e) => { setProjects(e.target.value as CreationPolicy); setSaved(false); }}>
        <option value="registered_users">Every registered user</option>
        <option value="admins_only">Administrators only</option>
      </SelectField>
      <SelectField id="create-groups" label="Groups" value={groups} onChange={(e) => { setGroups(e.target.value as CreationPolicy); setSaved(false); }}>
        <option value="registered_users">Every registered user</option>
        <option value="admins_only">Administrators only</option>
      </SelectField>
      <button className="button" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</button>
    </form>
  );
}

function UserSync() {
  const sync = useMutation({ mutationFn: () => api<{ users: number; admins: number; skipped_disabled: number }>("/platform/user_sync", { method: "POST" }) });
  return (
    <section className="card" aria-labelledby="sync-title">
      <h2 id="sync-title">Users from the identity provider</h2>
      <p className="small muted">With Keycloak, users are copied every few hours. Run it now to register new users and update administrators at once.</p>
      {sync.error && <ErrorAlert error={sync.error} />}
      {sync.data && (
        <div className="alert ok" role="status">
          {sync.data.users} users read, {sync.data.admins} administrators, {sync.data.skipped_disabled} disabled users skipped.
        </div>
      )}
      <button className="button secondary" type="button" disabled={sync.isPending} onClick={() => sync.mutate()}>{sync.isPending ? "Synchronising…" : "Synchronise users now"}</button>
    </section>
  );
}

export default function PlatformSettings() {
  useTitle("Platform · Admin");
  const config = usePlatformConfig();
  const authz = useAuthorizationConfig();
  return (
    <div className="stack">
      {config.isPending ? <Loading /> : config.error ? <ErrorAlert error={config.error} /> : <BannerForm config={config.data} />}
      {config.data && <AnonymousSessionsForm config={config.data} />}
      {authz.isPending ? <Loading /> : authz.error ? <ErrorAlert error={authz.error} /> : <AuthzForm config={authz.data} />}
      <UserSync />
    </div>
  );
}
