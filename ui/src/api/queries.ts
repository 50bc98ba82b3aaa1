// Data fetching with TanStack Query: one hook per read, keys in one place so that mutations
// can invalidate what they change.

import { keepPreviousData, useQuery, type UseQueryOptions } from "@tanstack/react-query";
import { api, apiPage, request, type Page } from "./client";
import { ApiError } from "./errors";
import type {
  AuthorizationConfig,
  Build,
  BuildLogs,
  DataConnector,
  DataConnectorLink,
  DataConnectorPermissions,
  DataConnectorSecret,
  Environment,
  Group,
  Member,
  Namespace,
  Permissions,
  PlatformConfig,
  PoolMember,
  Project,
  RCloneSchema,
  Quota,
  ResourcePool,
  Session,
  SessionLauncher,
  SessionSecret,
  SessionSecretSlot,
  SelfUser,
  User,
  UserSecret,
  UserPreferences,
} from "./types";

export const keys = {
  user: ["user"] as const,
  preferences: ["user", "preferences"] as const,
  userById: (id: string) => ["users", id] as const,
  platformConfig: ["platform", "config"] as const,
  authzConfig: ["platform", "authorization_config"] as const,
  projects: ["projects"] as const,
  projectList: (q: object) => ["projects", "list", q] as const,
  project: (ns: string, slug: string) => ["projects", "by-path", ns, slug] as const,
  projectById: (id: string) => ["projects", "by-id", id] as const,
  projectMembers: (id: string) => ["projects", id, "members"] as const,
  projectPermissions: (id: string) => ["projects", id, "permissions"] as const,
  projectCopies: (id: string) => ["projects", id, "copies"] as const,
  projectLaunchers: (id: string) => ["projects", id, "launchers"] as const,
  launcher: (id: string) => ["launchers", id] as const,
  groups: ["groups"] as const,
  groupList: (q: object) => ["groups", "list", q] as const,
  group: (slug: string) => ["groups", slug] as const,
  groupMembers: (slug: string) => ["groups", slug, "members"] as const,
  groupPermissions: (slug: string) => ["groups", slug, "permissions"] as const,
  namespaces: (q: object) => ["namespaces", q] as const,
  namespace: (slug: string) => ["namespace", slug] as const,
  environments: (archived: boolean) => ["environments", archived] as const,
  environment: (id: string) => ["environment", id] as const,
  environmentBuilds: (environmentId: string) => ["environment", environmentId, "builds"] as const,
  build: (id: string) => ["builds", id] as const,
  buildLogs: (id: string) => ["builds", id, "logs"] as const,
  sessions: ["sessions"] as const,
  session: (name: string) => ["sessions", name] as const,
  sessionLogs: (name: string) => ["sessions", name, "logs"] as const,
  pools: ["resource_pools"] as const,
  pool: (id: number) => ["resource_pools", id] as const,
  poolQuota: (id: number) => ["resource_pools", id, "quota"] as const,
  poolMembers: (id: number) => ["resource_pools", id, "members"] as const,
  userSecrets: ["user", "secrets"] as const,
  storageSchema: ["storage_schema"] as const,
  projectSecretSlots: (projectId: string) => ["projects", projectId, "session_secret_slots"] as const,
  projectSessionSecrets: (projectId: string) => ["projects", projectId, "session_secrets"] as const,
  dataConnectors: ["data_connectors"] as const,
  dataConnectorList: (q: object) => ["data_connectors", "list", q] as const,
  dataConnector: (id: string) => ["data_connectors", "by-id", id] as const,
  dataConnectorByPath: (path: string) => ["data_connectors", "by-path", path] as const,
  dataConnectorPermissions: (id: string) => ["data_connectors", id, "permissions"] as const,
  dataConnectorLinks: (id: string) => ["data_connectors", id, "project_links"] as const,
  dataConnectorSecrets: (id: string) => ["data_connectors", id, "secrets"] as const,
  projectDataConnectorLinks: (projectId: string) => ["projects", projectId, "data_connector_links"] as const,
  projectInaccessibleLinks: (projectId: string) => ["projects", projectId, "inaccessible_data_connector_links"] as const,
};

type Opts<T> = Omit<UseQueryOptions<T, Error>, "queryKey" | "queryFn">;

/** The logged-in user, or null for anonymous visitors (401). */
export function useCurrentUser() {
  return useQuery<SelfUser | null, Error>({
    queryKey: keys.user,
    queryFn: async ({ signal }) => {
      // The gateway says first whether the browser is logged in (always 200), so an anonymous
      // visit does not begin with a 401 in the console.
      const state = await fetch("/api/auth/state", { signal, credentials: "same-origin" })
        .then((r) => (r.ok ? (r.json() as Promise<{ logged_in?: boolean }>) : null))
        .catch(() => null);
      if (state && state.logged_in === false) return null;
      try {
        return await api<SelfUser>("/user", { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function usePreferences(enabled: boolean) {
  return useQuery<UserPreferences | null, Error>({
    queryKey: keys.preferences,
    queryFn: async ({ signal }) => {
      try {
        return await api<UserPreferences>("/user/preferences", { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    enabled,
  });
}

export function useUserById(id: string | undefined) {
  return useQuery<User, Error>({
    queryKey: keys.userById(id ?? ""),
    queryFn: ({ signal }) => api<User>(`/users/${encodeURIComponent(id!)}`, { signal }),
    enabled: !!id,
    staleTime: 300_000,
  });
}

export function usePlatformConfig() {
  return useQuery<PlatformConfig, Error>({
    queryKey: keys.platformConfig,
    queryFn: ({ signal }) => api<PlatformConfig>("/platform/config", { signal }),
    staleTime: 60_000,
    refetchInterval: 300_000,
  });
}

export function useAuthorizationConfig() {
  return useQuery<AuthorizationConfig, Error>({
    queryKey: keys.authzConfig,
    queryFn: ({ signal }) => api<AuthorizationConfig>("/platform/authorization_config", { signal }),
    staleTime: 60_000,
  });
}

export interface ProjectListQuery {
  page?: number;
  per_page?: number;
  namespace?: string;
  direct_member?: boolean;
}

export function useProjects(q: ProjectListQuery, opts: Opts<Page<Project>> = {}) {
  return useQuery<Page<Project>, Error>({
    queryKey: keys.projectList(q),
    queryFn: ({ signal }) => apiPage<Project>("/projects", { ...q, direct_member: q.direct_member || undefined }, signal),
    placeholderData: keepPreviousData,
    ...opts,
  });
}

export function useProject(ns: string, slug: string) {
  return useQuery<Project, Error>({
    queryKey: keys.project(ns, slug),
    queryFn: ({ signal }) =>
      api<Project>(`/namespaces/${encodeURIComponent(ns)}/projects/${encodeURIComponent(slug)}`, {
        signal,
        query: { with_documentation: true },
      }),
  });
}

export function useProjectById(id: string | undefined, opts: Opts<Project> = {}) {
  return useQuery<Project, Error>({
    queryKey: keys.projectById(id ?? ""),
    queryFn: ({ signal }) => api<Project>(`/projects/${encodeURIComponent(id!)}`, { signal }),
    enabled: !!id,
    staleTime: 60_000,
    ...opts,
  });
}

export function useProjectPermissions(id: string | undefined, loggedIn: boolean) {
  return useQuery<Permissions, Error>({
    queryKey: keys.projectPermissions(id ?? ""),
    queryFn: async ({ signal }) => {
      try {
        return await api<Permissions>(`/projects/${id}/permissions`, { signal });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return {};
        throw e;
      }
    },
    enabled: !!id && loggedIn,
  });
}

export function useProjectMembers(id: string | undefined) {
  return useQuery<Member[], Error>({
    queryKey: keys.projectMembers(id ?? ""),
    queryFn: ({ signal }) => api<Member[]>(`/projects/${id}/members`, { signal }),
    enabled: !!id,
  });
}

export function useProjectCopies(id: string | undefined, enabled: boolean) {
  return useQuery<Project[], Error>({
    queryKey: keys.projectCopies(id ?? ""),
    queryFn: ({ signal }) => api<Project[]>(`/projects/${id}/copies`, { signal }),
    enabled: !!id && enabled,
  });
}

export function useProjectLaunchers(id: string | undefined) {
  return useQuery<SessionLauncher[], Error>({
    queryKey: keys.projectLaunchers(id ?? ""),
    queryFn: ({ signal }) => api<SessionLauncher[]>(`/projects/${id}/session_launchers`, { signal }),
    enabled: !!id,
  });
}

export function useLauncher(id: string | undefined) {
  return useQuery<SessionLauncher, Error>({
    queryKey: keys.launcher(id ?? ""),
    queryFn: ({ signal }) => api<SessionLauncher>(`/session_launchers/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useGroups(q: { page?: number; per_page?: number; direct_member?: boolean }, opts: Opts<Page<Group>> = {}) {
  return useQuery<Page<Group>, Error>({
    queryKey: keys.groupList(q),
    queryFn: ({ signal }) => apiPage<Group>("/groups", { ...q, direct_member: q.direct_member || undefined }, signal),
    placeholderData: keepPreviousData,
    ...opts,
  });
}

export function useGroup(slug: string) {
  return useQuery<Group, Error>({
    queryKey: keys.group(slug),
    queryFn: ({ signal }) => api<Group>(`/groups/${encodeURIComponent(slug)}`, { signal }),
  });
}

export function useGroupMembers(slug: string) {
  return useQuery<Member[], Error>({
    queryKey: keys.groupMembers(slug),
    queryFn: ({ signal }) => api<Member[]>(`/groups/${encodeURIComponent(slug)}/members`, { signal }),
  });
}

export function useGroupPermissions(slug: string, loggedIn: boolean) {
  return useQuery<Permissions, Error>({
    queryKey: keys.groupPermissions(slug),
    queryFn: async ({ signal }) => {
      try {
        return await api<Permissions>(`/groups/${encodeURIComponent(slug)}/permissions`, { signal });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return {};
        throw e;
      }
    },
    enabled: loggedIn,
  });
}

/** Namespaces where the caller may create projects (user and groups, editor or more). */
export function useWritableNamespaces(enabled: boolean) {
  const q = { minimum_role: "editor", kinds: "user,group", per_page: 100 };
  return useQuery<Namespace[], Error>({
    queryKey: keys.namespaces(q),
    queryFn: async ({ signal }) => (await apiPage<Namespace>("/namespaces", q, signal)).items,
    enabled,
  });
}

export function useNamespace(slug: string | undefined) {
  return useQuery<Namespace, Error>({
    queryKey: keys.namespace(slug ?? ""),
    queryFn: ({ signal }) => api<Namespace>(`/namespaces/${encodeURIComponent(slug!)}`, { signal }),
    enabled: !!slug,
  });
}

export function useEnvironments(includeArchived = false) {
  return useQuery<Environment[], Error>({
    queryKey: keys.environments(includeArchived),
    queryFn: ({ signal }) => api<Environment[]>("/environments", { signal, query: { include_archived: includeArchived || undefined } }),
    staleTime: 60_000,
  });
}

/** How often a build in progress and its logs are asked for again. */
export const BUILD_POLL_MS = 3000;
export const BUILD_LOGS_POLL_MS = 2500;

/** The builds of an environment, newest first. */
export function useEnvironmentBuilds(environmentId: string | undefined) {
  return useQuery<Build[], Error>({
    queryKey: keys.environmentBuilds(environmentId ?? ""),
    queryFn: ({ signal }) => api<Build[]>(`/environments/${encodeURIComponent(environmentId!)}/builds`, { signal }),
    enabled: !!environmentId,
  });
}

/** One build, asked for again every few seconds while it is in progress, no more once it ended. */
export function useBuild(build: Build | undefined) {
  return useQuery<Build, Error>({
    queryKey: keys.build(build?.id ?? ""),
    queryFn: ({ signal }) => api<Build>(`/builds/${encodeURIComponent(build!.id)}`, { signal }),
    enabled: !!build,
    initialData: build,
    // The list's copy is fresh enough to show at once; a build in progress is then polled.
    staleTime: (q) => (q.state.data?.status === "in_progress" ? 0 : Infinity),
    refetchInterval: (q) => (q.state.data?.status === "in_progress" ? BUILD_POLL_MS : false),
  });
}

/** The last lines of each step's log; polled while the build is in progress. */
export function useBuildLogs(buildId: string | undefined, inProgress: boolean, enabled: boolean, maxLines = 250) {
  return useQuery<BuildLogs, Error>({
    queryKey: keys.buildLogs(buildId ?? ""),
    queryFn: ({ signal }) => api<BuildLogs>(`/builds/${encodeURIComponent(buildId!)}/logs`, { signal, query: { max_lines: maxLines } }),
    enabled: !!buildId && enabled,
    refetchInterval: inProgress ? BUILD_LOGS_POLL_MS : false,
  });
}

export function useSessions(enabled: boolean, opts: Opts<Session[]> = {}) {
  return useQuery<Session[], Error>({
    queryKey: keys.sessions,
    queryFn: ({ signal }) => api<Session[]>("/sessions", { signal }),
    enabled,
    ...opts,
  });
}

export function useResourcePools(enabled = true) {
  return useQuery<ResourcePool[], Error>({
    queryKey: keys.pools,
    queryFn: ({ signal }) => api<ResourcePool[]>("/resource_pools", { signal }),
    enabled,
    staleTime: 30_000,
  });
}

export function useResourcePool(id: number) {
  return useQuery<ResourcePool, Error>({
    queryKey: keys.pool(id),
    queryFn: ({ signal }) => api<ResourcePool>(`/resource_pools/${id}`, { signal }),
  });
}

export function usePoolQuota(id: number) {
  return useQuery<Quota | null, Error>({
    queryKey: keys.poolQuota(id),
    queryFn: async ({ signal }) => {
      try {
        return await api<Quota>(`/resource_pools/${id}/quota`, { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function usePoolMembers(id: number) {
  return useQuery<PoolMember[], Error>({
    queryKey: keys.poolMembers(id),
    queryFn: ({ signal }) => api<PoolMember[]>(`/resource_pools/${id}/members`, { signal }),
  });
}

/**
 * The caller's secrets of both kinds (the API lists one kind per request: session secrets, then
 * data connector credentials), sorted by name. Values never come back.
 */
export function useUserSecrets(enabled = true) {
  return useQuery<UserSecret[], Error>({
    queryKey: keys.userSecrets,
    queryFn: async ({ signal }) => {
      const [general, storage] = await Promise.all([
        api<UserSecret[]>("/user/secrets", { signal, query: { kind: "general" } }),
        api<UserSecret[]>("/user/secrets", { signal, query: { kind: "storage" } }),
      ]);
      return [...general, ...storage].sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
    },
    enabled,
  });
}

/** The storage types and their options (from the service's rclone); it changes only with a release. */
export function useStorageSchema(enabled = true) {
  return useQuery<RCloneSchema, Error>({
    queryKey: keys.storageSchema,
    queryFn: ({ signal }) => api<RCloneSchema>("/storage_schema", { signal }),
    enabled,
    staleTime: Infinity,
  });
}

/** One page of data connectors, optionally of one namespace ("user", "group" or "group/project"). */
export function useDataConnectors(q: { namespace?: string; page?: number; per_page?: number }, opts: Opts<Page<DataConnector>> = {}) {
  return useQuery<Page<DataConnector>, Error>({
    queryKey: keys.dataConnectorList(q),
    queryFn: ({ signal }) => apiPage<DataConnector>("/data_connectors", q, signal),
    placeholderData: keepPreviousData,
    ...opts,
  });
}

export function useDataConnector(id: string | undefined, opts: Opts<DataConnector> = {}) {
  return useQuery<DataConnector, Error>({
    queryKey: keys.dataConnector(id ?? ""),
    queryFn: ({ signal }) => api<DataConnector>(`/data_connectors/${encodeURIComponent(id!)}`, { signal }),
    enabled: !!id,
    ...opts,
  });
}

/**
 * The API path of a connector from its address in the UI: "slug" (global), "ns/slug" (a user's or
 * a group's) or "ns/project/slug" (a project's).
 */
export function dataConnectorApiPath(parts: string[]): string {
  const e = parts.map(encodeURIComponent);
  if (e.length === 1) return `/data_connectors/global/${e[0]}`;
  if (e.length === 2) return `/namespaces/${e[0]}/data_connectors/${e[1]}`;
  return `/namespaces/${e[0]}/projects/${e[1]}/data_connectors/${e[2]}`;
}

export function useDataConnectorByPath(parts: string[]) {
  const path = parts.join("/");
  return useQuery<DataConnector, Error>({
    queryKey: keys.dataConnectorByPath(path),
    queryFn: ({ signal }) => api<DataConnector>(dataConnectorApiPath(parts), { signal }),
    enabled: parts.length > 0 && parts.length <= 3,
  });
}

export function useDataConnectorPermissions(id: string | undefined, loggedIn: boolean) {
  return useQuery<DataConnectorPermissions, Error>({
    queryKey: keys.dataConnectorPermissions(id ?? ""),
    queryFn: async ({ signal }) => {
      try {
        return await api<DataConnectorPermissions>(`/data_connectors/${id}/permissions`, { signal });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return {};
        throw e;
      }
    },
    enabled: !!id && loggedIn,
  });
}

export function useDataConnectorProjectLinks(id: string | undefined) {
  return useQuery<DataConnectorLink[], Error>({
    queryKey: keys.dataConnectorLinks(id ?? ""),
    queryFn: ({ signal }) => api<DataConnectorLink[]>(`/data_connectors/${id}/project_links`, { signal }),
    enabled: !!id,
  });
}

/** The credentials the caller saved for a connector: names only. */
export function useDataConnectorSecrets(id: string | undefined, enabled: boolean) {
  return useQuery<DataConnectorSecret[], Error>({
    queryKey: keys.dataConnectorSecrets(id ?? ""),
    queryFn: ({ signal }) => api<DataConnectorSecret[]>(`/data_connectors/${id}/secrets`, { signal }),
    enabled: !!id && enabled,
  });
}

export function useProjectDataConnectorLinks(projectId: string | undefined) {
  return useQuery<DataConnectorLink[], Error>({
    queryKey: keys.projectDataConnectorLinks(projectId ?? ""),
    queryFn: ({ signal }) => api<DataConnectorLink[]>(`/projects/${projectId}/data_connector_links`, { signal }),
    enabled: !!projectId,
  });
}

/** How many of the project's connector links the caller cannot see (0 when the API cannot say). */
export function useProjectInaccessibleLinks(projectId: string | undefined, enabled: boolean) {
  return useQuery<number, Error>({
    queryKey: keys.projectInaccessibleLinks(projectId ?? ""),
    queryFn: async ({ signal }) => (await api<{ count?: number }>(`/projects/${projectId}/inaccessible_data_connector_links`, { signal })).count ?? 0,
    enabled: !!projectId && enabled,
  });
}

export function useProjectSecretSlots(projectId: string | undefined) {
  return useQuery<SessionSecretSlot[], Error>({
    queryKey: keys.projectSecretSlots(projectId ?? ""),
    queryFn: ({ signal }) => api<SessionSecretSlot[]>(`/projects/${projectId}/session_secret_slots`, { signal }),
    enabled: !!projectId,
  });
}

/** The caller's fillings of a project's slots (which secret fills which slot; never values). */
export function useProjectSessionSecrets(projectId: string | undefined, enabled: boolean) {
  return useQuery<SessionSecret[], Error>({
    queryKey: keys.projectSessionSecrets(projectId ?? ""),
    queryFn: ({ signal }) => api<SessionSecret[]>(`/projects/${projectId}/session_secrets`, { signal }),
    enabled: !!projectId && enabled,
  });
}

/** Resolves a username to the user's id through their namespace. */
export async function userIdForUsername(username: string): Promise<{ id: string; namespace: Namespace }> {
  const ns = await api<Namespace>(`/namespaces/${encodeURIComponent(username.trim().replace(/^@/, ""))}`);
  if (ns.namespace_kind !== "user" || !ns.created_by) {
    throw new ApiError(404, { code: 1404, message: `${username} is a group, not a user.` });
  }
  return { id: ns.created_by, namespace: ns };
}

export { request };
