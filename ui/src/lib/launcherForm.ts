// The launcher form's state, how it is filled from a launcher and how it becomes the body of
// POST /session_launchers or PATCH /session_launchers/{id}.

import type { BuildParametersPatch, EnvVariable, LauncherEnvironment, SessionLauncher, SessionLauncherPatch, SessionLauncherPost } from "../api/types";
import { BUILDER_VARIANTS, frontendsFor } from "./builds";
import { linesToList } from "./format";

/** Where a launcher's image comes from: a global environment, an image, or a build of a repository. */
export type LauncherKind = "global" | "custom" | "build";

export interface LauncherFormState {
  name: string;
  description: string;
  kind: LauncherKind;
  environmentId: string;
  image: string;
  port: string;
  defaultUrl: string;
  workingDirectory: string;
  mountDirectory: string;
  uid: string;
  gid: string;
  command: string;
  args: string;
  stripPathPrefix: boolean;
  /** Build from code: the git repository (http(s) URL), how it is built and its front end. */
  repository: string;
  builderVariant: string;
  frontendVariant: string;
  /** Optional: a branch, tag or commit, and a directory inside the repository. */
  repositoryRevision: string;
  contextDir: string;
  resourceClassId: string;
  diskStorage: string;
  envVariables: { name: string; value: string }[];
}

export const EMPTY_LAUNCHER: LauncherFormState = {
  name: "",
  description: "",
  kind: "global",
  environmentId: "",
  image: "",
  port: "",
  defaultUrl: "",
  workingDirectory: "",
  mountDirectory: "",
  uid: "",
  gid: "",
  command: "",
  args: "",
  stripPathPrefix: false,
  repository: "",
  builderVariant: BUILDER_VARIANTS[0].value,
  frontendVariant: frontendsFor(BUILDER_VARIANTS[0].value)[0].value,
  repositoryRevision: "",
  contextDir: "",
  resourceClassId: "",
  diskStorage: "",
  envVariables: [],
};

/** The form's field names, and the API fields that land on them. */
export const LAUNCHER_FIELDS = [
  "name",
  "kind",
  "description",
  "environmentId",
  "image",
  "port",
  "defaultUrl",
  "workingDirectory",
  "mountDirectory",
  "uid",
  "gid",
  "command",
  "args",
  "repository",
  "builderVariant",
  "frontendVariant",
  "repositoryRevision",
  "contextDir",
  "resourceClassId",
  "diskStorage",
  "envVariables",
] as const;

export const LAUNCHER_RENAME: Record<string, string> = {
  "environment.id": "environmentId",
  environment: "environmentId",
  "environment.container_image": "image",
  "environment.port": "port",
  "environment.default_url": "defaultUrl",
  "environment.working_directory": "workingDirectory",
  "environment.mount_directory": "mountDirectory",
  "environment.uid": "uid",
  "environment.gid": "gid",
  "environment.command": "command",
  "environment.command[]": "command",
  "environment.args": "args",
  "environment.args[]": "args",
  "environment.name": "name",
  // e.g. "image builds are not enabled on this platform": said at the choice of the kind.
  "environment.environment_image_source": "kind",
  "environment.build_parameters": "repository",
  "environment.repository": "repository",
  "environment.builder_variant": "builderVariant",
  "environment.frontend_variant": "frontendVariant",
  "environment.repository_revision": "repositoryRevision",
  "environment.context_dir": "contextDir",
  "environment.build_parameters.repository": "repository",
  "environment.build_parameters.builder_variant": "builderVariant",
  "environment.build_parameters.frontend_variant": "frontendVariant",
  "environment.build_parameters.repository_revision": "repositoryRevision",
  "environment.build_parameters.context_dir": "contextDir",
  resource_class_id: "resourceClassId",
  disk_storage: "diskStorage",
  env_variables: "envVariables",
  "env_variables[].name": "envVariables",
  "env_variables[].value": "envVariables",
};

export function formFromLauncher(l: SessionLauncher): LauncherFormState {
  const e = l.environment;
  const build = e.environment_image_source === "build";
  const custom = e.environment_kind === "CUSTOM" && !build;
  const bp = build ? e.build_parameters : undefined;
  return {
    name: l.name,
    description: l.description ?? "",
    kind: build ? "build" : custom ? "custom" : "global",
    environmentId: custom || build ? "" : e.id,
    image: custom ? (e.container_image ?? "") : "",
    port: custom ? String(e.port ?? "") : "",
    defaultUrl: custom ? (e.default_url ?? "") : "",
    workingDirectory: custom ? (e.working_directory ?? "") : "",
    mountDirectory: custom ? (e.mount_directory ?? "") : "",
    uid: custom ? String(e.uid ?? "") : "",
    gid: custom ? String(e.gid ?? "") : "",
    command: custom ? (e.command ?? []).join("\n") : "",
    args: custom ? (e.args ?? []).join("\n") : "",
    stripPathPrefix: custom ? !!e.strip_path_prefix : false,
    repository: bp?.repository ?? "",
    builderVariant: bp?.builder_variant ?? EMPTY_LAUNCHER.builderVariant,
    frontendVariant: bp?.frontend_variant ?? EMPTY_LAUNCHER.frontendVariant,
    repositoryRevision: bp?.repository_revision ?? "",
    contextDir: bp?.context_dir ?? "",
    resourceClassId: l.resource_class_id === undefined || l.resource_class_id === null ? "" : String(l.resource_class_id),
    diskStorage: l.disk_storage ? String(l.disk_storage) : "",
    envVariables: (l.env_variables ?? []).map((v) => ({ name: v.name, value: v.value ?? "" })),
  };
}

function intOrUndefined(s: string): number | undefined {
  const t = s.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : (Number.NaN as number);
}

/** Checks the browser can do before asking the API (which checks everything again). */
export function validateLauncherForm(f: LauncherFormState): Record<string, string> {
  const errs: Record<string, string> = {};
  if (!f.name.trim()) errs.name = "Required.";
  if (f.kind === "global" && !f.environmentId) errs.environmentId = "Choose an environment.";
  if (f.kind === "custom") {
    if (!f.image.trim()) errs.image = "Required: the image to run, e.g. quay.io/jupyter/minimal-notebook.";
    else if (/\s/.test(f.image.trim())) errs.image = "An image reference has no spaces.";
    const port = intOrUndefined(f.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65400)) errs.port = "A port between 0 and 65400.";
    for (const k of ["uid", "gid"] as const) {
      const v = intOrUndefined(f[k]);
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 65535)) errs[k] = "A number between 0 and 65535.";
    }
  }
  if (f.kind === "build") {
    const repo = f.repository.trim();
    if (!repo) errs.repository = "Required: the git repository to build, e.g. https://github.com/me/my-analysis.git.";
    else if (!/^https?:\/\/[^\s/]+\/\S*$/i.test(repo)) errs.repository = "An http(s) address of a git repository, without spaces.";
    // A variant this form does not list (the platform may know more) is left to the API to judge.
    const knownBuilder = BUILDER_VARIANTS.some((b) => b.value === f.builderVariant);
    if (!f.builderVariant.trim()) errs.builderVariant = "Choose how the environment is built.";
    if (!f.frontendVariant.trim()) errs.frontendVariant = "Choose a user interface.";
    else if (knownBuilder && !frontendsFor(f.builderVariant).some((x) => x.value === f.frontendVariant)) errs.frontendVariant = "Choose a user interface this builder offers.";
    if (/\s/.test(f.repositoryRevision.trim())) errs.repositoryRevision = "A branch, tag or commit has no spaces.";
    const dir = f.contextDir.trim();
    if (dir.startsWith("/") || dir.split("/").includes("..")) errs.contextDir = "A directory inside the repository, e.g. env/python (no leading / and no ..).";
  }
  const disk = intOrUndefined(f.diskStorage);
  if (disk !== undefined && (!Number.isInteger(disk) || disk < 1)) errs.diskStorage = "A whole number of GB, at least 1.";
  const names = new Set<string>();
  for (const v of f.envVariables) {
    if (!v.name.trim() && !v.value) continue;
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v.name.trim())) {
      errs.envVariables = `"${v.name}" is not a valid variable name: use letters, digits and _, not starting with a digit.`;
      break;
    }
    if (/^RENKU/i.test(v.name.trim())) {
      errs.envVariables = `Names starting with RENKU are reserved (${v.name}).`;
      break;
    }
    if (names.has(v.name.trim())) {
      errs.envVariables = `${v.name} is set twice.`;
      break;
    }
    names.add(v.name.trim());
  }
  return errs;
}

/** The build parameters a new build launcher is created with (flat, as the API takes them). */
function buildEnvironmentBody(f: LauncherFormState): LauncherEnvironment {
  const env: LauncherEnvironment = {
    environment_image_source: "build",
    repository: f.repository.trim(),
    builder_variant: f.builderVariant,
    frontend_variant: f.frontendVariant,
  };
  if (f.repositoryRevision.trim()) env.repository_revision = f.repositoryRevision.trim();
  if (f.contextDir.trim()) env.context_dir = f.contextDir.trim();
  return env;
}

/**
 * A change of a build launcher names its parameters in build_parameters alone (the contract's
 * "a change of a launcher's build"); the same environment keeps its id and builds. An empty
 * revision or context directory removes it. Naming environment_image_source "build" here would
 * ask for a new environment instead, which needs the flat fields.
 */
function buildPatchEnvironment(f: LauncherFormState): LauncherEnvironment {
  const bp: BuildParametersPatch = {
    repository: f.repository.trim(),
    builder_variant: f.builderVariant,
    frontend_variant: f.frontendVariant,
    repository_revision: f.repositoryRevision.trim(),
    context_dir: f.contextDir.trim(),
  };
  return { build_parameters: bp };
}

function environmentBody(f: LauncherFormState): LauncherEnvironment {
  if (f.kind === "global") return { id: f.environmentId };
  if (f.kind === "build") return buildEnvironmentBody(f);
  const env: LauncherEnvironment = {
    environment_kind: "CUSTOM",
    name: f.name.trim() || "Custom image",
    container_image: f.image.trim(),
    strip_path_prefix: f.stripPathPrefix,
  };
  const port = intOrUndefined(f.port);
  if (port !== undefined) env.port = port;
  const uid = intOrUndefined(f.uid);
  if (uid !== undefined) env.uid = uid;
  const gid = intOrUndefined(f.gid);
  if (gid !== undefined) env.gid = gid;
  if (f.defaultUrl.trim()) env.default_url = f.defaultUrl.trim();
  if (f.workingDirectory.trim()) env.working_directory = f.workingDirectory.trim();
  if (f.mountDirectory.trim()) env.mount_directory = f.mountDirectory.trim();
  const command = linesToList(f.command);
  if (command.length) env.command = command;
  const args = linesToList(f.args);
  if (args.length) env.args = args;
  return env;
}

function envVariables(f: LauncherFormState): EnvVariable[] {
  return f.envVariables.filter((v) => v.name.trim()).map((v) => ({ name: v.name.trim(), value: v.value }));
}

export function launcherPostBody(f: LauncherFormState, projectId: string): SessionLauncherPost {
  const body: SessionLauncherPost = {
    name: f.name.trim(),
    project_id: projectId,
    environment: environmentBody(f),
  };
  if (f.description.trim()) body.description = f.description.trim();
  const rc = intOrUndefined(f.resourceClassId);
  if (rc !== undefined) body.resource_class_id = rc;
  const disk = intOrUndefined(f.diskStorage);
  if (disk !== undefined) body.disk_storage = disk;
  const vars = envVariables(f);
  if (vars.length) body.env_variables = vars;
  return body;
}

/** Only what changed; the environment is sent whole when any of its parts changed. */
export function launcherPatchBody(f: LauncherFormState, original: SessionLauncher): SessionLauncherPatch {
  const before = formFromLauncher(original);
  const body: SessionLauncherPatch = {};
  if (f.name.trim() !== before.name) body.name = f.name.trim();
  if (f.description.trim() !== before.description) body.description = f.description.trim();
  const envKeys: (keyof LauncherFormState)[] = [
    "kind",
    "environmentId",
    "image",
    "port",
    "defaultUrl",
    "workingDirectory",
    "mountDirectory",
    "uid",
    "gid",
    "command",
    "args",
    "stripPathPrefix",
    "repository",
    "builderVariant",
    "frontendVariant",
    "repositoryRevision",
    "contextDir",
  ];
  if (envKeys.some((k) => f[k] !== before[k])) {
    // A launcher that already builds from code changes its parameters; any other launcher
    // becomes a build launcher with the parameters of a new one.
    body.environment = f.kind === "build" && before.kind === "build" ? buildPatchEnvironment(f) : environmentBody(f);
    // Leaving a build for an image says so: the environment stops being built.
    if (before.kind === "build" && f.kind === "custom") body.environment.environment_image_source = "image";
  }
  if (f.resourceClassId !== before.resourceClassId) {
    const rc = intOrUndefined(f.resourceClassId);
    if (rc !== undefined) body.resource_class_id = rc;
  }
  if (f.diskStorage !== before.diskStorage) {
    const disk = intOrUndefined(f.diskStorage);
    if (disk !== undefined) body.disk_storage = disk;
  }
  const vars = envVariables(f);
  if (JSON.stringify(vars) !== JSON.stringify(envVariables(before))) body.env_variables = vars;
  return body;
}

/** Whether saving this form changes what the launcher's image is built from (a new build is due). */
export function buildParametersChanged(f: LauncherFormState, original: SessionLauncher | undefined): boolean {
  if (f.kind !== "build") return false;
  if (!original) return true;
  const before = formFromLauncher(original);
  if (before.kind !== "build") return true;
  const keys: (keyof LauncherFormState)[] = ["repository", "builderVariant", "frontendVariant", "repositoryRevision", "contextDir"];
  return keys.some((k) => String(f[k]).trim() !== String(before[k]).trim());
}
