// The data service's JSON types under the names the application uses. The field lists come from
// the OpenAPI contract through ./generated.ts (`npm run api-types`; the build and the tests fail
// when it is stale), so the contract is the only place a field is written.
import type { components } from "./generated";

type Schemas = components["schemas"];

export type Visibility = Schemas["Visibility"];
export type Role = Schemas["Role"];

export type SelfUser = Schemas["SelfUserInfo"];
export type User = Schemas["UserWithId"];
export type UserPreferences = Schemas["UserPreferences"];

export type Project = Schemas["Project"];
export type ProjectPost = Schemas["ProjectPost"];
export type ProjectPatch = Schemas["ProjectPatch"];

/** A project's or a group's permissions for the caller (the two schemas have the same fields). */
export type Permissions = Schemas["ProjectPermissions"] & Schemas["GroupPermissions"];

/** A project's or a group's member (the two schemas have the same fields). */
export type Member = Schemas["ProjectMemberResponse"] & Schemas["GroupMemberResponse"];

export type Group = Schemas["GroupResponse"];

export type NamespaceKind = Schemas["NamespaceKind"];
export type Namespace = Schemas["NamespaceResponse"];

export type PlatformConfig = Schemas["PlatformConfig"];
export type CreationPolicy = Schemas["CreationPolicy"];
export type AuthorizationConfig = Schemas["AuthorizationConfig"];

export type Environment = Schemas["Environment"];

/** The editable fields of a global environment (the create form sends them too). */
export type EnvironmentFields = Schemas["EnvironmentPatch"];

export type EnvVariable = Schemas["EnvVariable"];
export type LauncherEnvironment = Schemas["LauncherEnvironment"];
export type SessionLauncher = Schemas["SessionLauncher"];
export type SessionLauncherPost = Schemas["SessionLauncherPost"];
export type SessionLauncherPatch = Schemas["SessionLauncherPatch"];

export type SessionStatus = Schemas["SessionStatus"];
export type SessionState = SessionStatus["state"];
export type Session = Schemas["SessionResponse"];

/** A pool's quota as read and as written (the id is optional in a PUT body). */
export type Quota = Schemas["QuotaPut"];

export type ResourceClass = Schemas["ResourceClassWithId"];

/** The fields of a class that the class form edits. */
export type ResourceClassFields = Omit<ResourceClass, "id" | "matching" | "tolerations" | "node_affinities">;

export type ResourcePool = Schemas["ResourcePoolWithId"];

export type PoolMemberType = Schemas["ResourcePoolMemberType"];
export type PoolMemberRole = Schemas["ResourcePoolMemberRole"];
export type PoolMember = Schemas["ResourcePoolMember"];

export type BuildParameters = Schemas["BuildParameters"];
export type BuildParametersPatch = Schemas["BuildParametersPatch"];
export type BuildStatus = Schemas["BuildStatus"];
export type Build = Schemas["Build"];
export type BuildLogs = Schemas["BuildLogs"];

export type SecretKind = Schemas["SecretKind"];
/** One of the caller's secrets: its name and where it goes, never its value. */
export type UserSecret = Schemas["SecretWithId"];
export type UserSecretPost = Schemas["SecretPost"];
export type UserSecretPatch = Schemas["SecretPatch"];

export type RCloneSchema = Schemas["RCloneSchema"];
export type RCloneEntry = Schemas["RCloneEntry"];
export type RCloneOption = Schemas["RCloneOption"];
export type RCloneConfig = Schemas["RCloneConfig"];

export type DataConnector = Schemas["DataConnector"];
export type DataConnectorPost = Schemas["DataConnectorPost"];
export type DataConnectorPatch = Schemas["DataConnectorPatch"];
export type DataConnectorLink = Schemas["DataConnectorToProjectLink"];
export type DataConnectorPermissions = Schemas["DataConnectorPermissions"];
/** One credential the caller saved for a data connector: the option's name, never its value. */
export type DataConnectorSecret = Schemas["DataConnectorSecret"];
export type DataConnectorSecretPatch = Schemas["DataConnectorSecretPatch"];

export type SessionSecretSlot = Schemas["SessionSecretSlot"];
export type SessionSecretSlotPost = Schemas["SessionSecretSlotPost"];
export type SessionSecretSlotPatch = Schemas["SessionSecretSlotPatch"];
/** Which of the caller's secrets fills a slot of a project. */
export type SessionSecret = Schemas["SessionSecret"];
export type SessionSecretPatch = Schemas["SessionSecretPatch"];
