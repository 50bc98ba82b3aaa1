import { Link } from "react-router";
import { loginUrl } from "../api/client";
import { useCurrentUser } from "../api/queries";
import { useTitle } from "../components/ui";

/** The 404 page, also shown for projects, groups and sessions the visitor cannot see. */
export default function NotFound({ what }: { what?: string }) {
  const { data: user } = useCurrentUser();
  useTitle("Not found");
  return (
    <section className="card" aria-labelledby="nf-title" data-testid="not-found">
      <h1 id="nf-title">{what ? `This ${what} was not found` : "Page not found"}</h1>
      <p>
        {what
          ? `The ${what} does not exist, was moved, or you do not have access to it.`
          : "There is nothing at this address. Check the link, or start again from the home page."}
      </p>
      {!user && (
        <p>
          If it is private, <a href={loginUrl()}>log in</a> to see it.
        </p>
      )}
      <div className="row">
        <Link className="button" to="/">
          Go home
        </Link>
        <Link className="button secondary" to="/projects">
          Browse projects
        </Link>
      </div>
    </section>
  );
}
