import { fireEvent, screen, waitFor } from "@testing-library/react";
import { Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import { MembersPanel } from "../components/MembersPanel";
import type { Project } from "../api/types";
import { alice, mockApi, renderRoutes, renderWithProviders } from "../test/utils";
import type { ProjectContext } from "./project/context";
import PlatformSettings from "./admin/PlatformSettings";
import SessionPage from "./project/SessionPage";

const project: Project = {
  id: "01M8P6G62A3SBF6KTDY2HX97Q6",
  name: "Alice Proj",
  namespace: "alice",
  slug: "alice-proj",
  creation_date: "2026-11-30T12:00:00Z",
  created_by: "u-alice",
  visibility: "public",
};

const session = (state: string, ready = 0, extra: object = {}) => ({
  name: "renku-abc",
  image: "debian:bookworm",
  resources: { requests: { cpu: 0.5, memory: 1, storage: 1 } },
  started: "2026-11-30T12:00:00Z",
  status: { state, ready_containers: ready, total_containers: 1, message: state === "starting" ? "Starting the session." : null, ...extra },
  url: "http://localhost:5173/sessions/renku-abc/tree",
  project_id: project.id,
  launcher_id: "L1",
  resource_class_id: 1,
});

function renderSession() {
  const ctx: ProjectContext = { project, permissions: { write: true }, permissionsPending: false, user: { ...alice }, base: "/p/alice/alice-proj" };
  return renderRoutes(
    [{ path: "/p/:namespace/:slug", element: <Outlet context={ctx} />, children: [{ path: "sessions/show/:sessionName", element: <SessionPage /> }] }],
    "/p/alice/alice-proj/sessions/show/renku-abc",
  );
}

describe("SessionPage", () => {
  it("shows the start steps, polls until running, then offers to open the session", async () => {
    let n = 0;
    const calls = mockApi({
      "GET /api/data/sessions/renku-abc": () => [200, n++ < 1 ? session("starting") : session("running", 1)],
      "GET /api/data/session_launchers/L1": [200, { id: "L1", name: "Jupyter", project_id: project.id, environment: {}, env_variables: [], launcher_type: "interactive", creation_date: "" }],
      "GET /api/data/resource_pools": [200, []],
      "GET /api/data/sessions/renku-abc/logs": [200, { "amalthea-session": "Jupyter Notebook is running" }],
    });
    renderSession();
    expect(await screen.findByText("Starting session services")).toBeTruthy();
    expect(screen.getByRole("progressbar").getAttribute("aria-valuetext")).toBe("Starting session services");
    const open = await screen.findByRole("link", { name: /Open session/ }, { timeout: 4000 });
    expect(open.getAttribute("href")).toBe("http://localhost:5173/sessions/renku-abc/tree");
    expect(open.getAttribute("target")).toBe("_blank");
    expect(calls.filter((c) => c.path === "/api/data/sessions/renku-abc").length).toBeGreaterThanOrEqual(2);
    expect(await screen.findByText("Jupyter Notebook is running")).toBeTruthy();
  });

  it("explains a failed start and pauses/resumes with PATCH", async () => {
    let state = "failed";
    const calls = mockApi({
      "GET /api/data/sessions/renku-abc": () => [200, session(state, 0, { message: "The image could not be pulled." })],
      "PATCH /api/data/sessions/renku-abc": ({ body }) => {
        state = (body as { state: string }).state;
        return [200, session(state)];
      },
      "GET /api/data/session_launchers/L1": [404, { error: { code: 1404, message: "gone" } }],
      "GET /api/data/resource_pools": [200, []],
      "GET /api/data/sessions/renku-abc/logs": [200, {}],
    });
    renderSession();
    expect((await screen.findAllByText(/The image could not be pulled\./)).length).toBeGreaterThan(0);
    expect(screen.getByRole("alert").textContent).toContain("The session failed.");
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH" && (c.body as { state: string }).state === "running")).toBe(true));
  });

  it("shows when a paused session will be deleted", async () => {
    const later = new Date(Date.now() + 3 * 3600_000).toISOString();
    mockApi({
      "GET /api/data/sessions/renku-abc": [200, session("hibernated", 0, { will_delete_at: later })],
      "GET /api/data/session_launchers/L1": [404, { error: { code: 1404, message: "gone" } }],
      "GET /api/data/resource_pools": [200, []],
      "GET /api/data/sessions/renku-abc/logs": [200, {}],
    });
    renderSession();
    expect(await screen.findByText("Will be deleted in 3 hours")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Resume" })).toBeTruthy();
  });
});

describe("MembersPanel", () => {
  const members = [{ id: "u-alice", namespace: "alice", first_name: "Alice", last_name: "A", role: "owner" as const }];

  it("adds a member by username and role", async () => {
    const calls = mockApi({
      "GET /api/data/namespaces/bob": [200, { id: "N2", slug: "bob", namespace_kind: "user", path: "bob", created_by: "u-bob" }],
      "PATCH /api/data/projects/P1/members": [200, [{ id: "u-bob", role: "editor" }]],
    });
    renderWithProviders(<MembersPanel members={members} isPending={false} error={null} membersPath="/projects/P1/members" queryKey={["m"]} canManage currentUserId="u-alice" />);
    fireEvent.change(screen.getByLabelText("Username"), { target: { value: "bob" } });
    fireEvent.change(screen.getByLabelText("Role"), { target: { value: "editor" } });
    fireEvent.click(screen.getByRole("button", { name: "Add member" }));
    expect(await screen.findByText("bob was added as editor.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual([{ id: "u-bob", role: "editor" }]);
  });

  it("says so inline when there is no such user", async () => {
    mockApi({ "GET /api/data/namespaces/nobody": [404, { error: { code: 1404, message: "Namespace nobody does not exist." } }] });
    renderWithProviders(<MembersPanel members={members} isPending={false} error={null} membersPath="/projects/P1/members" queryKey={["m"]} canManage currentUserId="u-alice" />);
    fireEvent.change(screen.getByLabelText("Username"), { target: { value: "nobody" } });
    fireEvent.click(screen.getByRole("button", { name: "Add member" }));
    const input = screen.getByLabelText("Username");
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(/There is no user "nobody"/)).toBeTruthy();
  });

  it("hides management controls from those who may not manage members", () => {
    renderWithProviders(<MembersPanel members={members} isPending={false} error={null} membersPath="/projects/P1/members" queryKey={["m"]} canManage={false} />);
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(screen.queryByText("Add a member")).toBeNull();
    expect(screen.getByText("Owner")).toBeTruthy();
  });
});

describe("PlatformSettings", () => {
  it("turns anonymous sessions on with their own PATCH, against the current ETag", async () => {
    const calls = mockApi({
      "GET /api/data/platform/config": [200, { etag: '"P1"', incident_banner: "Keep me", anonymous_sessions_enabled: false }],
      "PATCH /api/data/platform/config": [200, { etag: '"P2"', incident_banner: "Keep me", anonymous_sessions_enabled: true }],
      "GET /api/data/platform/authorization_config": [200, { etag: '"A"', create_projects: "registered_users", create_groups: "registered_users" }],
    });
    renderWithProviders(<PlatformSettings />);
    const box = (await screen.findByLabelText("Visitors who are not logged in may start sessions")) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    fireEvent.click(document.getElementById("save-anonymous-sessions")!);
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.body).toEqual({ anonymous_sessions_enabled: true });
    expect(patch.headers["If-Match"] ?? patch.headers["if-match"]).toBe('"P1"');
    expect(await screen.findByText("Visitors may start sessions.")).toBeTruthy();
  });
});
