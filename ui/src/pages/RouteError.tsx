import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { errorMessage } from "../api/errors";
import { useTitle } from "../components/ui";
import NotFound from "./NotFound";

/** Shown instead of a blank screen when a page fails to load or render. */
export default function RouteError() {
  const error = useRouteError();
  useTitle("Error");
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  const text = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  const chunk = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(text);
  return (
    <section className="card" role="alert">
      <h1>Something went wrong</h1>
      <p>{chunk ? "A part of the application could not be loaded; the platform may have been updated." : "This page failed to show."}</p>
      <pre className="small muted">{text}</pre>
      <div className="row">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        <Link className="button secondary" to="/">
          Go home
        </Link>
      </div>
    </section>
  );
}
