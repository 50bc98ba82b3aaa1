import { NavLink, Outlet } from "react-router";
import { useCurrentUser } from "../../api/queries";
import { RequireLogin } from "../../components/RequireLogin";
import { useTitle } from "../../components/ui";

/** /admin: only for platform administrators (is_admin). */
export default function AdminLayout() {
  useTitle("Admin");
  const { data: user } = useCurrentUser();
  return (
    <RequireLogin what="the admin panel">
      {() =>
        !user?.is_admin ? (
          <section className="card" role="alert">
            <h1>Administrators only</h1>
            <p>The admin panel is for platform administrators.</p>
          </section>
        ) : (
          <>
            <h1>Admin panel</h1>
            <nav className="tabs" aria-label="Admin sections">
              <NavLink to="/admin/pools">Resource pools</NavLink>
              <NavLink to="/admin/environments">Environments</NavLink>
              <NavLink to="/admin/platform">Platform</NavLink>
            </nav>
            <Outlet />
          </>
        )
      }
    </RequireLogin>
  );
}
