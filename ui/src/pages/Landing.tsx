import { Link } from "react-router";
import { loginUrl } from "../api/client";
import { useProjects } from "../api/queries";
import { ProjectList } from "../components/ProjectList";
import { useTitle } from "../components/ui";

/** The home page for anonymous visitors: what Renku is, how to start, public projects. */
export default function Landing() {
  useTitle(undefined);
  const projects = useProjects({ per_page: 8 });
  return (
    <div data-testid="landing">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Data science projects, together</h1>
        <p>
          Keep code, people and computing environments in one project, and start interactive sessions such as Jupyter
          with one click, on shared compute.
        </p>
        <div className="row">
          <a className="button light" href={loginUrl()}>
            Log in or sign up
          </a>
          <Link className="button ghost-light" to="/projects">
            Browse public projects
          </Link>
        </div>
      </section>
      <section className="features" aria-label="What you can do">
        <div className="card">
          <h2>Projects</h2>
          <p>Link code repositories, document your work and share it publicly or with your team.</p>
        </div>
        <div className="card">
          <h2>Sessions</h2>
          <p>Launch Jupyter or your own image from a launcher; pause it and resume later with your files kept.</p>
        </div>
        <div className="card">
          <h2>Groups</h2>
          <p>Gather people and projects; roles given in a group apply to all its projects.</p>
        </div>
      </section>
      <section className="card" aria-labelledby="public-title">
        <div className="spread">
          <h2 id="public-title">Recently updated public projects</h2>
          <Link to="/projects">All projects</Link>
        </div>
        <ProjectList
          query={projects}
          empty={
            <>
              <p>No public projects yet.</p>
              <a href={loginUrl()}>Log in to create the first one.</a>
            </>
          }
        />
      </section>
    </div>
  );
}
