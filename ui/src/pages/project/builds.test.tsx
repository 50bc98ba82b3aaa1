// The "build from code" launcher: the form's option and what it sends, and the build view on the
// launcher card (state, polling, rebuild, cancel, logs, the start button without an image).

import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import type { Build, Project, SessionLauncher } from "../../api/types";
import { alice, mockApi, renderRoutes, renderWithProviders } from "../../test/utils";
import type { ProjectContext } from "./context";
import { LauncherCard } from "./LauncherCard";
import LauncherEdit from "./LauncherEdit";
import SessionStart from "./SessionStart";

const project: Project = {
  id: "01M8P6G62A3SBF6KTDY2HX97Q6",
  name: "Alice Proj",
  namespace: "alice",
  slug: "alice-proj",
  creation_date: "2026-11-30T12:00:00Z",
  created_by: "u-alice",
  visibility: "public",
  repositories: ["https://git.example.org/alice/analysis.git"],
};

const ENV = "01ENV0000000000000000000AA";

function launcher(image?: string): SessionLauncher {
  return {
    id: "01LAU0000000000000000000AA",
    project_id: project.id,
    name: "From code",
    creation_date: "2026-11-30T12:00:00Z",
    environment: {
      id: ENV,
      name: "From code",
      creation_date: "2026-11-30T12:00:00Z",
      container_image: image,
      default_url: "/lab",
      uid: 1000,
      gid: 1000,
      port: 8888,
      is_archived: false,
      strip_path_prefix: false,
      environment_kind: "CUSTOM",
      environment_image_source: "build",
      build_parameters: { repository: "https://git.example.org/alice/analysis.git", builder_variant: "python", frontend_variant: "jupyterlab" },
    },
    env_variables: [],
    launcher_type: "interactive",
  };
}

const build = (id: string, status: Build["status"], extra: Partial<Build> = {}): Build => ({
  id,
  environment_id: ENV,
  created_at: new Date(Date.now() - 30_000).toISOString(),
  status,
  ...extra,
});

const succeeded = (id: string) =>
  build(id, "succeeded", {
    result: { image: "localhost:5000/renku-build:01b", completed_at: new Date().toISOString(), repository_url: "https://git.example.org/alice/analysis.git", repository_git_commit_sha: "0123456789abcdef0123" },
  });

function renderCard(l: SessionLauncher, canWrite = true) {
  return renderWithProviders(<LauncherCard launcher={l} base="/p/alice/alice-proj" canWrite={canWrite} sessions={[]} pools={[]} />, "/p/alice/alice-proj");
}

const ctx: ProjectContext = { project, permissions: { write: true }, permissionsPending: false, user: { ...alice }, base: "/p/alice/alice-proj" };

function renderProjectRoute(path: string, element: React.ReactElement, child: string) {
  return renderRoutes(
    [{ path: "/p/:namespace/:slug", element: <Outlet context={ctx} />, children: [{ index: true, element: <p>Project page</p> }, { path: child, element }] }],
    path,
  );
}

describe("launcher form: build from code", () => {
  it("offers the option, sends the build parameters and starts the first build", async () => {
    const calls = mockApi({
      "GET /api/data/environments": [200, []],
      "GET /api/data/resource_pools": [200, []],
      "POST /api/data/session_launchers": [201, launcher()],
      [`POST /api/data/environments/${ENV}/builds`]: [201, build("01BUILD1", "in_progress")],
    });
    renderProjectRoute("/p/alice/alice-proj/launchers/new", <LauncherEdit />, "launchers/new");
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "From code" } });
    fireEvent.click(screen.getByLabelText("Build from code"));
    // The project's repository is the starting point, and suggested.
    const repo = screen.getByLabelText("Code repository") as HTMLInputElement;
    expect(repo.value).toBe("https://git.example.org/alice/analysis.git");
    expect(screen.getByLabelText("Environment type")).toBeTruthy();
    const frontend = screen.getByLabelText("User interface") as HTMLSelectElement;
    expect([...frontend.options].map((o) => o.value)).toEqual(["jupyterlab", "vscodium"]);
    fireEvent.change(frontend, { target: { value: "vscodium" } });
    fireEvent.change(screen.getByLabelText("Revision (optional)"), { target: { value: "v2" } });
    fireEvent.click(screen.getByRole("button", { name: "Create launcher" }));
    expect(await screen.findByText("Project page")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST" && c.path === "/api/data/session_launchers");
    expect(post?.body).toEqual({
      name: "From code",
      project_id: project.id,
      environment: {
        environment_image_source: "build",
        repository: "https://git.example.org/alice/analysis.git",
        builder_variant: "python",
        frontend_variant: "vscodium",
        repository_revision: "v2",
      },
    });
    const started = calls.findIndex((c) => c.method === "POST" && c.path === `/api/data/environments/${ENV}/builds`);
    expect(started).toBeGreaterThan(calls.indexOf(post!));
  });

  it("refuses a repository that is not an http(s) address before asking the API", async () => {
    const calls = mockApi({ "GET /api/data/environments": [200, []], "GET /api/data/resource_pools": [200, []] });
    renderProjectRoute("/p/alice/alice-proj/launchers/new", <LauncherEdit />, "launchers/new");
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "x" } });
    fireEvent.click(screen.getByLabelText("Build from code"));
    const repo = screen.getByLabelText("Code repository");
    fireEvent.change(repo, { target: { value: "git@github.com:alice/analysis.git" } });
    fireEvent.click(screen.getByRole("button", { name: "Create launcher" }));
    expect(await screen.findByText(/An http\(s\) address of a git repository/)).toBeTruthy();
    expect(repo.getAttribute("aria-invalid")).toBe("true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("the API's refusals land on the build fields (builds off, a repository it may not clone)", async () => {
    const calls = mockApi({
      "GET /api/data/environments": [200, []],
      "GET /api/data/resource_pools": [200, []],
      "POST /api/data/session_launchers": [
        422,
        {
          error: {
            code: 1422,
            message:
              "There are errors in the following fields, environment.environment_image_source: image builds are not enabled on this platform, environment.repository: the address is on a private network",
          },
        },
      ],
    });
    renderProjectRoute("/p/alice/alice-proj/launchers/new", <LauncherEdit />, "launchers/new");
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "x" } });
    fireEvent.click(screen.getByLabelText("Build from code"));
    fireEvent.click(screen.getByRole("button", { name: "Create launcher" }));
    expect(await screen.findByText("Image builds are not enabled on this platform")).toBeTruthy();
    expect(screen.getByText("The address is on a private network")).toBeTruthy();
    expect(screen.getByLabelText("Code repository").getAttribute("aria-invalid")).toBe("true");
    // Nothing was created, so no build is started.
    expect(calls.some((c) => c.path.endsWith("/builds"))).toBe(false);
  });

  it("an edit that changes no build parameter starts no build", async () => {
    const l = launcher("localhost:5000/renku-build:01b");
    const calls = mockApi({
      [`GET /api/data/session_launchers/${l.id}`]: [200, l],
      "GET /api/data/environments": [200, []],
      "GET /api/data/resource_pools": [200, []],
      [`PATCH /api/data/session_launchers/${l.id}`]: [200, { ...l, name: "Renamed" }],
    });
    renderProjectRoute(`/p/alice/alice-proj/launchers/${l.id}/edit`, <LauncherEdit />, "launchers/:launcherId/edit");
    const repo = (await screen.findByLabelText("Code repository")) as HTMLInputElement;
    expect(repo.value).toBe("https://git.example.org/alice/analysis.git");
    expect((screen.getByLabelText("Build from code") as HTMLInputElement).checked).toBe(true);
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Renamed" } });
    fireEvent.click(screen.getByRole("button", { name: "Save launcher" }));
    expect(await screen.findByText("Project page")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ name: "Renamed" });
    expect(calls.some((c) => c.path.endsWith("/builds"))).toBe(false);
  });

  it("an edit of the build parameters sends them in build_parameters and starts a new build", async () => {
    const l = launcher("localhost:5000/renku-build:01b");
    const calls = mockApi({
      [`GET /api/data/session_launchers/${l.id}`]: [200, l],
      "GET /api/data/environments": [200, []],
      "GET /api/data/resource_pools": [200, []],
      [`PATCH /api/data/session_launchers/${l.id}`]: [200, l],
      [`POST /api/data/environments/${ENV}/builds`]: [409, { error: { code: 1409, message: "A build is in progress." } }],
    });
    renderProjectRoute(`/p/alice/alice-proj/launchers/${l.id}/edit`, <LauncherEdit />, "launchers/:launcherId/edit");
    fireEvent.change(await screen.findByLabelText("Context directory (optional)"), { target: { value: "env/py" } });
    fireEvent.click(screen.getByRole("button", { name: "Save launcher" }));
    // A build already running (409) does not keep the saved launcher from showing.
    expect(await screen.findByText("Project page")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      environment: {
        build_parameters: { repository: "https://git.example.org/alice/analysis.git", builder_variant: "python", frontend_variant: "jupyterlab", repository_revision: "", context_dir: "env/py" },
      },
    });
    expect(calls.some((c) => c.method === "POST" && c.path === `/api/data/environments/${ENV}/builds`)).toBe(true);
  });
});

describe("launcher card: build view", () => {
  it("without an image the launcher cannot start; a build in progress is polled until it succeeds", async () => {
    let polls = 0;
    const calls = mockApi({
      [`GET /api/data/environments/${ENV}/builds`]: [200, [build("01B", "in_progress")]],
      "GET /api/data/builds/01B": () => [200, polls++ < 1 ? build("01B", "in_progress") : succeeded("01B")],
      "GET /api/data/builds/01B/logs": [200, { "step-build-and-push": "Collecting numpy\nInstalling numpy" }],
      [`GET /api/data/session_launchers/01LAU0000000000000000000AA`]: [200, launcher("localhost:5000/renku-build:01b")],
    });
    renderCard(launcher());
    const start = screen.getByRole("button", { name: /Build the environment first/ }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(screen.getByText(/no image yet/)).toBeTruthy();
    const view = await screen.findByRole("region", { name: "Image build" });
    expect(await within(view).findByText("Build in progress")).toBeTruthy();
    expect(within(view).getByRole("button", { name: /Cancel build/ })).toBeTruthy();
    // The logs show by themselves while the build runs, one scrollable block per step.
    expect((await within(view).findByLabelText("Build log of step step-build-and-push")).textContent).toContain("Installing numpy");
    // Polled (every 3 s) until it ends; then the image shows and polling stops.
    expect(await within(view).findByText("Build succeeded", undefined, { timeout: 8000 })).toBeTruthy();
    expect(within(view).getByText("localhost:5000/renku-build:01b")).toBeTruthy();
    expect(within(view).getByRole("button", { name: /Rebuild/ })).toBeTruthy();
    // The logs were asked for again while it ran (every 2.5 s), and once more at its end.
    expect(calls.filter((c) => c.path === "/api/data/builds/01B/logs").length).toBeGreaterThanOrEqual(2);
    const n = calls.filter((c) => c.path === "/api/data/builds/01B").length;
    expect(n).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 3500));
    expect(calls.filter((c) => c.path === "/api/data/builds/01B").length).toBe(n);
    // The ended build makes the builds (and the launchers, for the new image) be read again.
    expect(calls.filter((c) => c.path === `/api/data/environments/${ENV}/builds`).length).toBeGreaterThanOrEqual(2);
  }, 15000);

  it("rebuild: a 409 says a build is already running", async () => {
    const calls = mockApi({
      [`GET /api/data/environments/${ENV}/builds`]: [200, [succeeded("01A")]],
      [`POST /api/data/environments/${ENV}/builds`]: [409, { error: { code: 1409, message: "A build of this environment is already in progress." } }],
    });
    renderCard(launcher("localhost:5000/renku-build:01b"));
    expect((screen.getByRole("button", { name: /^Launch/ }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(await screen.findByRole("button", { name: /Rebuild/ }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/A build is already running/);
    expect(calls.filter((c) => c.method === "POST").length).toBe(1);
  });

  it("rebuild starts a build and shows it in progress", async () => {
    let builds: Build[] = [build("01A", "failed", { error_reason: "Failed" })];
    const calls = mockApi({
      [`GET /api/data/environments/${ENV}/builds`]: () => [200, builds],
      [`POST /api/data/environments/${ENV}/builds`]: () => {
        builds = [build("01C", "in_progress"), ...builds];
        return [201, builds[0]];
      },
      "GET /api/data/builds/01C": [200, build("01C", "in_progress")],
      "GET /api/data/builds/01C/logs": [200, {}],
    });
    renderCard(launcher());
    const view = await screen.findByRole("region", { name: "Image build" });
    expect(await within(view).findByText("Build failed")).toBeTruthy();
    expect(within(view).getByText("Failed", { selector: ".error-text" })).toBeTruthy();
    fireEvent.click(within(view).getByRole("button", { name: /Rebuild/ }));
    expect(await within(view).findByText("Build in progress")).toBeTruthy();
    expect(calls.some((c) => c.method === "POST" && c.path === `/api/data/environments/${ENV}/builds`)).toBe(true);
  });

  it("cancel sends PATCH {status: cancelled} and shows the reason", async () => {
    const calls = mockApi({
      [`GET /api/data/environments/${ENV}/builds`]: [200, [build("01B", "in_progress")]],
      "GET /api/data/builds/01B": [200, build("01B", "in_progress")],
      "GET /api/data/builds/01B/logs": [200, { prepare: "cloning" }],
      "PATCH /api/data/builds/01B": [200, build("01B", "cancelled", { error_reason: "Cancelled by the user." })],
    });
    renderCard(launcher());
    fireEvent.click(await screen.findByRole("button", { name: /Cancel build/ }));
    expect(await screen.findByText("Build cancelled")).toBeTruthy();
    expect(screen.getByText("Cancelled by the user.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ status: "cancelled" });
  });

  it("logs of a finished build are shown on request, per step", async () => {
    const calls = mockApi({
      [`GET /api/data/environments/${ENV}/builds`]: [200, [build("01A", "failed", { error_reason: "Failed" })]],
      "GET /api/data/builds/01A/logs": [200, { "step-source-default": "cloned", "step-build-and-push": "ERROR: No matching distribution found for nonexistent-pkg" }],
    });
    renderCard(launcher(), false);
    const toggle = await screen.findByRole("button", { name: "Show build logs" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(calls.some((c) => c.path.endsWith("/logs"))).toBe(false);
    fireEvent.click(toggle);
    expect((await screen.findByLabelText("Build log of step step-build-and-push")).textContent).toMatch(/nonexistent-pkg/);
    expect(screen.getByLabelText("Build log of step step-source-default").tagName).toBe("PRE");
    expect(screen.getByRole("button", { name: "Hide build logs" }).getAttribute("aria-expanded")).toBe("true");
    // A reader without write permission sees the state and logs but no rebuild.
    expect(screen.queryByRole("button", { name: /Rebuild/ })).toBeNull();
  });

  it("a launch link of a launcher without an image starts nothing", async () => {
    const l = launcher();
    const calls = mockApi({ [`GET /api/data/session_launchers/${l.id}`]: [200, l] });
    renderProjectRoute(`/p/alice/alice-proj/sessions/${l.id}/start`, <SessionStart />, "sessions/:launcherId/start");
    expect(await screen.findByText(/Build the environment first/)).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.path === "/api/data/sessions")).toBe(false));
  });
});
