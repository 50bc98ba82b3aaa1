import { Link } from "react-router";
import { useTitle } from "../components/ui";

export default function Help() {
  useTitle("Help");
  return (
    <div className="stack">
      <h1>Help</h1>
      <section className="card">
        <h2>Concepts</h2>
        <dl className="meta">
          <dt>Project</dt>
          <dd>Code repositories, documentation, members and launchers, owned by a person or a group.</dd>
          <dt>Group</dt>
          <dd>People with roles (owner, editor, viewer) that apply to all the group's projects.</dd>
          <dt>Launcher</dt>
          <dd>An environment (a global one or your own image) and the resources a session asks for.</dd>
          <dt>Session</dt>
          <dd>A running launcher, only for the person who started it. Pause keeps its files; delete removes them. Idle sessions are paused and long-paused ones deleted after the pool's thresholds.</dd>
          <dt>Resource pool</dt>
          <dd>Shared compute with classes (CPU, memory, disk) and a quota, managed by administrators.</dd>
        </dl>
      </section>
      <section className="card">
        <h2>Launch links</h2>
        <p>
          <code>/p/&lt;namespace&gt;/&lt;project&gt;/sessions/&lt;launcher id&gt;/start?NAME=value</code> starts a session of a launcher; query parameters become
          environment variables of the session.
        </p>
      </section>
      <section className="card">
        <h2>Keyboard</h2>
        <p>Every action is reachable with Tab; the first Tab on a page offers “Skip to content”. Escape closes menus and dialogs. <kbd>/</kbd> goes to the search box.</p>
      </section>
      <p>
        <Link to="/">Back home</Link> · <a href="/api/data/spec.json">API specification (OpenAPI)</a>
      </p>
    </div>
  );
}
