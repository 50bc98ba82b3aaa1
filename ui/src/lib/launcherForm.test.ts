import { describe, expect, it } from "vitest";
import type { SessionLauncher } from "../api/types";
import { buildParametersChanged, EMPTY_LAUNCHER, formFromLauncher, launcherPatchBody, launcherPostBody, validateLauncherForm, type LauncherFormState } from "./launcherForm";

const form = (p: Partial<LauncherFormState>): LauncherFormState => ({ ...EMPTY_LAUNCHER, ...p });

const globalLauncher: SessionLauncher = {
  id: "L1",
  project_id: "P1",
  name: "Jupyter",
  creation_date: "2026-11-30T12:00:00Z",
  environment: {
    id: "E1",
    name: "Jupyter notebook (local)",
    creation_date: "2026-11-30T12:00:00Z",
    container_image: "debian:bookworm",
    default_url: "/tree",
    uid: 1000,
    gid: 1000,
    port: 8888,
    is_archived: false,
    strip_path_prefix: false,
    environment_kind: "GLOBAL",
    environment_image_source: "image",
  },
  resource_class_id: 2,
  env_variables: [{ name: "A", value: "1" }],
  launcher_type: "interactive",
};

describe("launcherPostBody", () => {
  it("a global environment is sent by id", () => {
    const body = launcherPostBody(form({ name: " Jupyter ", environmentId: "E1", resourceClassId: "2", diskStorage: "5" }), "P1");
    expect(body).toEqual({ name: "Jupyter", project_id: "P1", environment: { id: "E1" }, resource_class_id: 2, disk_storage: 5 });
  });

  it("a custom image carries its advanced fields", () => {
    const body = launcherPostBody(
      form({
        name: "RStudio",
        kind: "custom",
        image: " rocker/rstudio ",
        port: "8787",
        uid: "1000",
        gid: "100",
        defaultUrl: "/",
        workingDirectory: "/home/rstudio",
        mountDirectory: "/home/rstudio/work",
        command: "/init\n",
        args: "--a\n\n--b",
        stripPathPrefix: true,
        envVariables: [{ name: "X", value: "1" }, { name: " ", value: "" }],
      }),
      "P1",
    );
    expect(body).toEqual({
      name: "RStudio",
      project_id: "P1",
      environment: {
        environment_kind: "CUSTOM",
        name: "RStudio",
        container_image: "rocker/rstudio",
        strip_path_prefix: true,
        port: 8787,
        uid: 1000,
        gid: 100,
        default_url: "/",
        working_directory: "/home/rstudio",
        mount_directory: "/home/rstudio/work",
        command: ["/init"],
        args: ["--a", "--b"],
      },
      env_variables: [{ name: "X", value: "1" }],
    });
  });
});

describe("launcherPatchBody", () => {
  it("sends nothing when nothing changed", () => {
    expect(launcherPatchBody(formFromLauncher(globalLauncher), globalLauncher)).toEqual({});
  });

  it("sends only the changed fields, and the whole environment when it changed", () => {
    const f = { ...formFromLauncher(globalLauncher), name: "Notebook", envVariables: [] };
    expect(launcherPatchBody(f, globalLauncher)).toEqual({ name: "Notebook", env_variables: [] });
    const g = { ...formFromLauncher(globalLauncher), kind: "custom" as const, image: "img:1" };
    expect(launcherPatchBody(g, globalLauncher).environment).toEqual({ environment_kind: "CUSTOM", name: "Jupyter", container_image: "img:1", strip_path_prefix: false });
  });

  it("round-trips a launcher through the form", () => {
    const f = formFromLauncher(globalLauncher);
    expect(f).toMatchObject({ kind: "global", environmentId: "E1", resourceClassId: "2", envVariables: [{ name: "A", value: "1" }] });
  });
});

describe("validateLauncherForm", () => {
  it("asks for a name and an environment", () => {
    expect(validateLauncherForm(form({}))).toEqual({ name: "Required.", environmentId: "Choose an environment." });
  });

  it("checks the custom image's fields", () => {
    const e = validateLauncherForm(form({ name: "x", kind: "custom", image: "a b", port: "70000", uid: "-1", diskStorage: "0" }));
    expect(Object.keys(e).sort()).toEqual(["diskStorage", "image", "port", "uid"]);
  });

  it("checks variable names, reserved prefixes and duplicates", () => {
    const v = (envVariables: { name: string; value: string }[]) => validateLauncherForm(form({ name: "x", environmentId: "E", envVariables })).envVariables;
    expect(v([{ name: "1A", value: "" }])).toMatch(/not a valid variable name/);
    expect(v([{ name: "RENKU_X", value: "" }])).toMatch(/reserved/);
    expect(v([{ name: "A", value: "1" }, { name: "A", value: "2" }])).toMatch(/twice/);
    expect(v([{ name: "A_1", value: "1" }, { name: "", value: "" }])).toBeUndefined();
  });
});

const buildLauncher: SessionLauncher = {
  ...globalLauncher,
  id: "L2",
  name: "From code",
  environment: {
    id: "E2",
    name: "From code",
    creation_date: "2026-11-30T12:00:00Z",
    default_url: "/lab",
    uid: 1000,
    gid: 1000,
    port: 8888,
    is_archived: false,
    strip_path_prefix: false,
    environment_kind: "CUSTOM",
    environment_image_source: "build",
    build_parameters: { repository: "https://git.example.org/a/b.git", builder_variant: "python", frontend_variant: "jupyterlab", context_dir: "env" },
  },
};

describe("build from code", () => {
  it("a new build launcher sends its parameters flat, without the empty optional ones", () => {
    const body = launcherPostBody(form({ name: "From code", kind: "build", repository: " https://git.example.org/a/b.git ", frontendVariant: "vscodium" }), "P1");
    expect(body.environment).toEqual({
      environment_image_source: "build",
      repository: "https://git.example.org/a/b.git",
      builder_variant: "python",
      frontend_variant: "vscodium",
    });
    const full = launcherPostBody(form({ name: "x", kind: "build", repository: "https://h/r", repositoryRevision: "v1.2", contextDir: "env/py" }), "P1");
    expect(full.environment).toMatchObject({ repository_revision: "v1.2", context_dir: "env/py" });
  });

  it("reads a build launcher back into the form", () => {
    expect(formFromLauncher(buildLauncher)).toMatchObject({
      kind: "build",
      environmentId: "",
      image: "",
      repository: "https://git.example.org/a/b.git",
      builderVariant: "python",
      frontendVariant: "jupyterlab",
      repositoryRevision: "",
      contextDir: "env",
    });
    expect(launcherPatchBody(formFromLauncher(buildLauncher), buildLauncher)).toEqual({});
  });

  it("a change of a build launcher names the parameters in build_parameters; empty ones remove them", () => {
    const f = { ...formFromLauncher(buildLauncher), repositoryRevision: "dev", contextDir: "" };
    expect(launcherPatchBody(f, buildLauncher).environment).toEqual({
      build_parameters: { repository: "https://git.example.org/a/b.git", builder_variant: "python", frontend_variant: "jupyterlab", repository_revision: "dev", context_dir: "" },
    });
  });

  it("switching kinds: to a build sends the new parameters, from a build to an image says image", () => {
    const toBuild = { ...formFromLauncher(globalLauncher), kind: "build" as const, repository: "https://h/r" };
    expect(launcherPatchBody(toBuild, globalLauncher).environment).toEqual({ environment_image_source: "build", repository: "https://h/r", builder_variant: "python", frontend_variant: "jupyterlab" });
    const toImage = { ...formFromLauncher(buildLauncher), kind: "custom" as const, image: "img:1" };
    expect(launcherPatchBody(toImage, buildLauncher).environment).toMatchObject({ environment_kind: "CUSTOM", container_image: "img:1", environment_image_source: "image" });
  });

  it("knows when a new build is due", () => {
    expect(buildParametersChanged(form({ kind: "build" }), undefined)).toBe(true);
    expect(buildParametersChanged(form({ kind: "custom" }), undefined)).toBe(false);
    expect(buildParametersChanged(formFromLauncher(buildLauncher), buildLauncher)).toBe(false);
    expect(buildParametersChanged({ ...formFromLauncher(buildLauncher), name: "renamed" }, buildLauncher)).toBe(false);
    expect(buildParametersChanged({ ...formFromLauncher(buildLauncher), frontendVariant: "vscodium" }, buildLauncher)).toBe(true);
    expect(buildParametersChanged({ ...formFromLauncher(globalLauncher), kind: "build", repository: "https://h/r" }, globalLauncher)).toBe(true);
  });

  it("checks the repository, the variants, the revision and the directory", () => {
    const v = (p: Partial<LauncherFormState>) => validateLauncherForm(form({ name: "x", kind: "build", repository: "https://h/r.git", ...p }));
    expect(v({})).toEqual({});
    expect(v({ repository: "" }).repository).toMatch(/Required/);
    expect(v({ repository: "git@github.com:a/b.git" }).repository).toMatch(/http\(s\)/);
    expect(v({ repository: "https://h/a b" }).repository).toMatch(/http\(s\)/);
    expect(v({ builderVariant: "" }).builderVariant).toBeDefined();
    // A variant the form does not list (a launcher made elsewhere) is the API's to judge.
    expect(v({ builderVariant: "r", frontendVariant: "rstudio" })).toEqual({});
    expect(v({ frontendVariant: "rstudio" }).frontendVariant).toMatch(/user interface/);
    expect(v({ repositoryRevision: "a b" }).repositoryRevision).toMatch(/no spaces/);
    expect(v({ contextDir: "/abs" }).contextDir).toBeDefined();
    expect(v({ contextDir: "a/../../b" }).contextDir).toBeDefined();
    expect(v({ contextDir: "env/python" }).contextDir).toBeUndefined();
  });
});
