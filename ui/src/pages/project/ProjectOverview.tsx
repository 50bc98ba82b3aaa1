import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useProjectById, useProjectCopies, useProjectLaunchers, useProjectMembers, useResourcePools, useSessions, useUserById } from "../../api/queries";
import { TextArea, TextField } from "../../components/fields";
import { LazyMarkdown } from "../../components/LazyMarkdown";
import { Empty, ErrorAlert, Keywords, Loading, useTitle } from "../../components/ui";
import { displayName, formatDate } from "../../lib/format";
import { useFormErrors } from "../../lib/useFormErrors";
import { useProjectContext } from "./context";
import { LauncherCard } from "./LauncherCard";
import { MountsSummary, ProjectDataConnectors } from "./ProjectDataConnectors";
import { useProjectPatch } from "./useProjectPatch";

function Documentation() {
  const { project, permissions } = useProjectContext();
  const [editing, setEditing] = useState(false);
  const [preview, setPreview] = useState(false);
  const [text, setText] = useState(project.documentation ?? "");
  const { errors, fail, clear } = useFormErrors(["documentation"]);
  const save = useProjectPatch(project, () => setEditing(false), fail);
  const doc = project.documentation?.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    clear();
    save.mutate({ documentation: text });
  };
  return (
    <section className="card" aria-labelledby="doc-title">
      <div className="spread">
        <h2 id="doc-title">Documentation</h2>
        {permissions.write && !editing && (
          <button type="button" className="button small secondary" onClick={() => { setText(project.documentation ?? ""); setEditing(true); }}>
            Edit<span className="visually-hidden"> documentation</span>
          </button>
        )}
      </div>
      {editing ? (
        <form onSubmit={submit}>
          <div className="tabs" role="group" aria-label="Editor mode">
            <button type="button" className="link-button" aria-pressed={!preview} onClick={() => setPreview(false)}>Edit</button>
            <button type="button" className="link-button" aria-pressed={preview} onClick={() => setPreview(true)}>Preview</button>
          </div>
          {preview ? (
            <div className="card">{text.trim() ? <LazyMarkdown text={text} /> : <p className="muted">Nothing to preview.</p>}</div>
          ) : (
            <TextArea
              name="documentation"
              label="Documentation (Markdown)"
              hint={`Markdown supported · ${text.length}/5000 characters`}
              value={text}
              maxLength={5000}
              rows={12}
              error={errors.fields.documentation}
              onChange={(e) => setText(e.target.value)}
            />
          )}
          {errors.other.map((m) => <div key={m} className="alert error" role="alert">{m}</div>)}
          <div className="form-actions">
            <button className="button" type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save documentation"}</button>
            <button className="button secondary" type="button" onClick={() => { setEditing(false); clear(); }}>Cancel</button>
          </div>
        </form>
      ) : doc ? (
        <LazyMarkdown text={doc} />
      ) : (
        <Empty>
          <p>No documentation yet.</p>
          {permissions.write && <p>Describe how to use this project: press Edit (Markdown is supported).</p>}
        </Empty>
      )}
    </section>
  );
}

function Repositories() {
  const { project, permissions } = useProjectContext();
  const [url, setUrl] = useState("");
  const { errors, fail, clear } = useFormErrors(["repositories"], { "repositories[]": "repositories" });
  const repos = project.repositories ?? [];
  const save = useProjectPatch(project, () => setUrl(""), fail);
  const add = (e: FormEvent) => {
    e.preventDefault();
    clear();
    const v = url.trim();
    if (!v) return;
    if (repos.includes(v)) return fail(new Error("This repository is already linked."));
    save.mutate({ repositories: [...repos, v] });
  };
  return (
    <section className="card" aria-labelledby="repos-title">
      <h2 id="repos-title">Code repositories {repos.length > 0 && <span className="badge">{repos.length}</span>}</h2>
      {repos.length === 0 ? (
        <Empty><p>No repositories linked.</p></Empty>
      ) : (
        <ul className="list">
          {repos.map((r) => (
            <li key={r} className="spread">
              <a href={r} target="_blank" rel="noopener noreferrer" className="mono small">{r}</a>
              {permissions.write && (
                <button type="button" className="button small danger-outline" disabled={save.isPending} onClick={() => save.mutate({ repositories: repos.filter((x) => x !== r) })}>
                  Remove<span className="visually-hidden"> {r}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {permissions.write && (
        <form className="inline-form" onSubmit={add} style={{ marginTop: "0.75rem" }}>
          <TextField name="repositories" label="Add a repository" placeholder="https://github.com/org/repo.git" type="url" value={url} error={errors.fields.repositories} onChange={(e) => setUrl(e.target.value)} />
          <button className="button secondary" type="submit" disabled={save.isPending || !url.trim()}>Add</button>
        </form>
      )}
      {errors.other.map((m) => <div key={m} className="alert error" role="alert">{m}</div>)}
    </section>
  );
}

function Launchers() {
  const { project, permissions, base, user } = useProjectContext();
  const launchers = useProjectLaunchers(project.id);
  const sessions = useSessions(true, { refetchInterval: 5000 });
  const pools = useResourcePools();
  return (
    <section className="card" aria-labelledby="launchers-title" data-testid="launchers">
      <div className="spread">
        <h2 id="launchers-title">Launchers {launchers.data && launchers.data.length > 0 && <span className="badge">{launchers.data.length}</span>}</h2>
        {permissions.write && (
          <Link className="button small" to={`${base}/launchers/new`}>+ Add launcher</Link>
        )}
      </div>
      {launchers.isPending ? (
        <Loading label="Loading launchers…" />
      ) : launchers.error ? (
        <ErrorAlert error={launchers.error} onRetry={() => void launchers.refetch()} />
      ) : launchers.data.length === 0 ? (
        <Empty>
          <p>No launchers yet. A launcher says which environment a session of this project runs.</p>
          {permissions.write && <Link className="button" to={`${base}/launchers/new`}>Add a launcher</Link>}
        </Empty>
      ) : (
        <>
          {launchers.data.map((l) => (
            <LauncherCard key={l.id} launcher={l} base={base} canWrite={!!permissions.write} sessions={sessions.data ?? []} pools={pools.data} />
          ))}
          <div style={{ marginTop: "0.75rem" }}>
            <MountsSummary projectId={project.id} loggedIn={!!user} />
          </div>
        </>
      )}
    </section>
  );
}

function TemplateOrigin({ id }: { id: string }) {
  const q = useProjectById(id, { retry: false });
  if (q.isPending) return <span className="muted">…</span>;
  if (q.error) return <span className="muted">a project you cannot see</span>;
  return <Link to={`/p/${q.data.namespace}/${q.data.slug}`}>{q.data.namespace}/{q.data.slug}</Link>;
}

function Copies() {
  const { project, user } = useProjectContext();
  const copies = useProjectCopies(project.id, !!user && !!project.is_template);
  if (!project.is_template || !user) return null;
  return (
    <section className="card" aria-labelledby="copies-title">
      <h2 id="copies-title">Copies {copies.data && <span className="badge">{copies.data.length}</span>}</h2>
      {copies.isPending ? <Loading /> : copies.error ? <ErrorAlert error={copies.error} /> : copies.data.length === 0 ? (
        <Empty><p>No copies you can see yet.</p></Empty>
      ) : (
        <ul className="list">
          {copies.data.map((c) => (
            <li key={c.id}><Link to={`/p/${c.namespace}/${c.slug}`}>{c.name}</Link> <span className="small muted">{c.namespace}/{c.slug}</span></li>
          ))}
        </ul>
      )}
    </section>
  );
}

function About() {
  const { project, base } = useProjectContext();
  const creator = useUserById(project.created_by);
  const members = useProjectMembers(project.id);
  return (
    <section className="card" aria-labelledby="about-title">
      <h2 id="about-title">About</h2>
      {project.description ? <p>{project.description}</p> : <p className="muted">No description.</p>}
      <Keywords keywords={project.keywords} />
      <dl className="meta small" style={{ marginTop: "0.75rem" }}>
        <dt>Owner</dt>
        <dd><Link to={`/u/${project.namespace}`}>{project.namespace}</Link></dd>
        <dt>Created</dt>
        <dd>{formatDate(project.creation_date)}{creator.data ? ` by ${displayName(creator.data)}` : ""}</dd>
        {project.updated_at && (<><dt>Updated</dt><dd>{formatDate(project.updated_at)}</dd></>)}
        {project.template_id && (<><dt>Copied from</dt><dd><TemplateOrigin id={project.template_id} /></dd></>)}
        <dt>Members</dt>
        <dd>{members.data ? <Link to={`${base}/members`}>{members.data.length} member{members.data.length === 1 ? "" : "s"}</Link> : "…"}</dd>
        <dt>Identifier</dt>
        <dd className="mono">{project.id}</dd>
      </dl>
    </section>
  );
}

export default function ProjectOverview() {
  const { project } = useProjectContext();
  useTitle(project.name);
  return (
    <div className="grid two main-first">
      <div className="stack">
        <Launchers />
        <Documentation />
      </div>
      <div className="stack">
        <About />
        <ProjectDataConnectors />
        <Repositories />
        <Copies />
      </div>
    </div>
  );
}
