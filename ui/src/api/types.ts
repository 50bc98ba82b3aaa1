// Types of the data service's JSON, after api/src/main/resources/openapi/*.yaml.

export type Visibility = "private" | "public";
export type Role = "owner" | "editor" | "viewer";

export interface SelfUser {
  id: string;
  username: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  is_admin: boolean;
}

export interface User {
  id: string;
  username: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

export interface UserPreferences {
  user_id: string;
  pinned_projects: { project_slugs?: string[] };
  show_project_migration_banner?: boolean;
}

export interface Project {
  id: string;
  name: string;
  namespace: string;
  slug: string;
  creation_date: string;
  created_by: string;
  updated_at?: string;
  repositories?: string[];
  visibility: Visibility;
  description?: string;
  etag?: string;
  keywords?: string[];
  documentation?: string;
  template_id?: string;
  is_template?: boolean;
  secrets_mount_directory?: string;
}

export interface ProjectPost {
  name: string;
  namespace: string;
  slug?: string;
  repositories?: string[];
  visibility?: Visibility;
  description?: string;
  keywords?: string[];
  documentation?: string;
}

export type ProjectPatch = Partial<Omit<ProjectPost, "namespace">> & {
  namespace?: string;
  template_id?: "";
  is_template?: boolean;
};

export interface Permissions {
  write?: boolean;
  delete?: boolean;
  change_membership?: boolean;
}

export interface Member {
  id: string;
  namespace?: string;
  first_name?: string;
  last_name?: string;
  role: Role;
}

export interface Group {
  id: string;
  name: string;
  slug: string;
  creation_date: string;
  created_by: string;
  description?: string;
}

export type NamespaceKind = "user" | "group" | "project";

export interface Namespace {
  id: string;
  name?: string;
  slug: string;
  creation_date?: string;
  created_by?: string;
  namespace_kind: NamespaceKind;
  path: string;
}

export interface PlatformConfig {
  etag: string;
  incident_banner: string;
  /** Whether visitors who are not logged in may start sessions (off on a new platform). */
  anonymous_sessions_enabled: boolean;
}

export type CreationPolicy = "admins_only" | "registered_users";

export interface AuthorizationConfig {
  etag: string;
  create_projects: CreationPolicy;
  create_groups: CreationPolicy;
}

export interface Environment {
  id: string;
  name: string;
  creation_date: string;
  description?: string;
  container_image: string;
  default_url: string;
  uid: number;
  gid: number;
  working_directory?: string;
  mount_directory?: string;
  port: number;
  command?: string[];
  args?: string[];
  is_archived: boolean;
  strip_path_prefix: boolean;
  environment_kind: "GLOBAL" | "CUSTOM";
  environment_image_source: "image" | "build";
}

/** The editable fields of an environment (global or a launcher's own). */
export interface EnvironmentFields {
  name?: string;
  description?: string;
  container_image?: string;
  default_url?: string;
  uid?: number;
  gid?: number;
  working_directory?: string;
  mount_directory?: string;
  port?: number;
  command?: string[];
  args?: string[];
  strip_path_prefix?: boolean;
  is_archived?: boolean;
}

export interface EnvVariable {
  name: string;
  value?: string;
}

export interface LauncherEnvironment extends EnvironmentFields {
  id?: string;
  environment_kind?: "GLOBAL" | "CUSTOM";
}

export interface SessionLauncher {
  id: string;
  project_id: string;
  name: string;
  creation_date: string;
  description?: string;
  environment: Environment;
  resource_class_id?: number;
  disk_storage?: number;
  env_variables: EnvVariable[];
  launcher_type: "interactive" | "non-interactive";
}

export interface SessionLauncherPost {
  name: string;
  project_id: string;
  description?: string;
  environment: LauncherEnvironment;
  resource_class_id?: number;
  disk_storage?: number;
  env_variables?: EnvVariable[];
}

export type SessionLauncherPatch = Partial<Omit<SessionLauncherPost, "project_id">>;

export type SessionState = "running" | "starting" | "stopping" | "failed" | "hibernated" | "succeeded";

export interface SessionStatus {
  state: SessionState;
  message?: string | null;
  will_hibernate_at?: string | null;
  will_delete_at?: string | null;
  ready_containers: number;
  total_containers: number;
}

export interface Session {
  name: string;
  image: string;
  resources: { requests?: { cpu?: number; gpu?: number; memory?: string; storage?: string } };
  started: string | null;
  lastInteraction?: string | null;
  status: SessionStatus;
  url: string;
  project_id: string;
  launcher_id: string;
  resource_class_id?: number;
  session_type?: "interactive" | "non-interactive";
}

export interface Quota {
  id?: string;
  cpu: number;
  memory: number;
  gpu: number;
}

export interface ResourceClass {
  id: number;
  name: string;
  cpu: number;
  memory: number;
  gpu: number;
  max_storage: number;
  default_storage: number;
  default: boolean;
  quota_enforced: boolean;
  tolerations: string[];
  node_affinities: { key: string; required_during_scheduling?: boolean }[];
  matching?: boolean;
}

export type ResourceClassFields = Omit<ResourceClass, "id" | "matching" | "tolerations" | "node_affinities">;

export interface ResourcePool {
  id: number;
  name: string;
  classes: ResourceClass[];
  quota?: Quota;
  public: boolean;
  default: boolean;
  idle_threshold?: number;
  hibernation_threshold?: number;
  hibernation_warning_period?: number;
  cluster_id?: string;
  platform: "linux/amd64" | "linux/arm64";
  cpu_limit_factor?: number;
}

export type PoolMemberType = "user" | "group" | "project";
export type PoolMemberRole = "viewer" | "prohibited" | "group_viewer" | "project_viewer";

export interface PoolMember {
  member_type: PoolMemberType;
  id: string;
  role?: PoolMemberRole;
}
