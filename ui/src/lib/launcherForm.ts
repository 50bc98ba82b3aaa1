// The launcher form's state, how it is filled from a launcher and how it becomes the body of
// POST /session_launchers or PATCH /session_launchers/{id}.

import type { EnvVariable, LauncherEnvironment, SessionLauncher, SessionLauncherPatch, SessionLauncherPost } from "../api/types";
import { linesToList } from "./format";

export interface LauncherFormState {
  name: string;
  description: string;
  kind: "global" | "custom";
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
  resourceClassId: "",
  diskStorage: "",
  envVariables: [],
};

/** The form's field names, and the API fields that land on them. */
export const LAUNCHER_FIELDS = [
  "name",
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
  resource_class_id: "resourceClassId",
  disk_storage: "diskStorage",
  env_variables: "envVariables",
  "env_variables[].name": "envVariables",
  "env_variables[].value": "envVariables",
};

export function formFromLauncher(l: SessionLauncher): LauncherFormState {
  const e = l.environment;
  const custom = e.environment_kind === "CUSTOM";
  return {
    name: l.name,
    description: l.description ?? "",
    kind: custom ? "custom" : "global",
    environmentId: custom ? "" : e.id,
    image: custom ? e.container_image : "",
    port: custom ? String(e.port ?? "") : "",
    defaultUrl: custom ? (e.default_url ?? "") : "",
    workingDirectory: custom ? (e.working_directory ?? "") : "",
    mountDirectory: custom ? (e.mount_directory ?? "") : "",
    uid: custom ? String(e.uid ?? "") : "",
    gid: custom ? String(e.gid ?? "") : "",
    command: custom ? (e.command ?? []).join("\n") : "",
    args: custom ? (e.args ?? []).join("\n") : "",
    stripPathPrefix: custom ? !!e.strip_path_prefix : false,
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

function environmentBody(f: LauncherFormState): LauncherEnvironment {
  if (f.kind === "global") return { id: f.environmentId };
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
  ];
  if (envKeys.some((k) => f[k] !== before[k])) body.environment = environmentBody(f);
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
