import type { ReactNode } from "react";
import { loginUrl } from "../api/client";
import { useCurrentUser } from "../api/queries";
import type { SelfUser } from "../api/types";
import { ErrorAlert, Loading } from "./ui";

/** Renders its children with the logged-in user, or asks anonymous visitors to log in. */
export function RequireLogin({ children, what = "this page" }: { children: (user: SelfUser) => ReactNode; what?: string }) {
  const { data: user, isPending, error } = useCurrentUser();
  if (isPending) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!user) {
    return (
      <section className="card">
        <h1>Log in to continue</h1>
        <p>You need to be logged in to see {what}.</p>
        <a className="button" href={loginUrl()}>
          Log in
        </a>
      </section>
    );
  }
  return <>{children(user)}</>;
}
