// Every page has its own URL. Pages other than the home page are loaded on demand, so the first
// page stays small.

import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import Layout from "./components/Layout";
import { Loading } from "./components/ui";
import Home from "./pages/Home";
import NotFound from "./pages/NotFound";
import RouteError from "./pages/RouteError";

function page(load: () => Promise<{ default: ComponentType }>): RouteObject["lazy"] {
  return async () => ({ Component: (await load()).default });
}

export const routes: RouteObject[] = [
  {
    path: "/",
    Component: Layout,
    // Shown while the code of the first page loads (pages other than home are separate files).
    hydrateFallbackElement: (
      <div style={{ padding: "2rem" }}>
        <Loading label="Loading Renku…" />
      </div>
    ),
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, Component: Home },
          { path: "projects", lazy: page(() => import("./pages/ProjectList")) },
          { path: "projects/new", lazy: page(() => import("./pages/ProjectNew")) },
          { path: "p/:projectId", lazy: page(() => import("./pages/project/ProjectById")) },
          {
            path: "p/:namespace/:slug",
            lazy: page(() => import("./pages/project/ProjectLayout")),
            children: [
              { index: true, lazy: page(() => import("./pages/project/ProjectOverview")) },
              { path: "members", lazy: page(() => import("./pages/project/ProjectMembers")) },
              { path: "settings", lazy: page(() => import("./pages/project/ProjectSettings")) },
              { path: "copy", lazy: page(() => import("./pages/project/ProjectCopy")) },
              { path: "launchers/new", lazy: page(() => import("./pages/project/LauncherEdit")) },
              { path: "launchers/:launcherId/edit", lazy: page(() => import("./pages/project/LauncherEdit")) },
              { path: "sessions/:launcherId/start", lazy: page(() => import("./pages/project/SessionStart")) },
              { path: "sessions/show/:sessionName", lazy: page(() => import("./pages/project/SessionPage")) },
              { path: "*", Component: NotFound },
            ],
          },
          { path: "groups", lazy: page(() => import("./pages/GroupList")) },
          { path: "groups/new", lazy: page(() => import("./pages/GroupNew")) },
          {
            path: "g/:groupSlug",
            lazy: page(() => import("./pages/group/GroupLayout")),
            children: [
              { index: true, lazy: page(() => import("./pages/group/GroupOverview")) },
              { path: "members", lazy: page(() => import("./pages/group/GroupMembers")) },
              { path: "settings", lazy: page(() => import("./pages/group/GroupSettings")) },
              { path: "*", Component: NotFound },
            ],
          },
          { path: "u/:username", lazy: page(() => import("./pages/UserPage")) },
          {
            path: "admin",
            lazy: page(() => import("./pages/admin/AdminLayout")),
            children: [
              { index: true, element: <Navigate to="pools" replace /> },
              { path: "pools", lazy: page(() => import("./pages/admin/Pools")) },
              { path: "pools/new", lazy: page(() => import("./pages/admin/PoolNew")) },
              { path: "pools/:poolId", lazy: page(() => import("./pages/admin/PoolPage")) },
              { path: "environments", lazy: page(() => import("./pages/admin/Environments")) },
              { path: "environments/new", lazy: page(() => import("./pages/admin/EnvironmentEdit")) },
              { path: "environments/:environmentId", lazy: page(() => import("./pages/admin/EnvironmentEdit")) },
              { path: "platform", lazy: page(() => import("./pages/admin/PlatformSettings")) },
              { path: "*", Component: NotFound },
            ],
          },
          { path: "data_connectors/new", lazy: page(() => import("./pages/dataConnector/DataConnectorEdit")) },
          { path: "data_connectors/:dataConnectorId/edit", lazy: page(() => import("./pages/dataConnector/DataConnectorEdit")) },
          { path: "d/:a", lazy: page(() => import("./pages/dataConnector/DataConnectorPage")) },
          { path: "d/:a/:b", lazy: page(() => import("./pages/dataConnector/DataConnectorPage")) },
          { path: "d/:a/:b/:c", lazy: page(() => import("./pages/dataConnector/DataConnectorPage")) },
          { path: "search", lazy: page(() => import("./pages/Search")) },
          { path: "secrets", lazy: page(() => import("./pages/Secrets")) },
          { path: "help", lazy: page(() => import("./pages/Help")) },
          { path: "*", Component: NotFound },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
