import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { routes } from "./routes";
import { alice, anonymous, mockApi, renderRoutes } from "./test/utils";

const project = {
  id: "01M8P6G62A3SBF6KTDY2HX97Q6",
  name: "Alice Proj",
  namespace: "alice",
  slug: "alice-proj",
  creation_date: "2026-11-30T12:00:00Z",
  created_by: "u-alice",
  visibility: "public",
  description: "hello",
  etag: '"E1"',
  keywords: ["ml"],
  repositories: [],
};

const platform = { etag: '"P"', incident_banner: "" };

describe("routes", () => {
  it("anonymous visitors get the landing page with public projects", async () => {
    mockApi({ "GET /api/data/user": anonymous, "GET /api/data/platform/config": [200, platform], "GET /api/data/projects": [200, [project], { total: "1" }] });
    renderRoutes(routes, "/");
    expect(await screen.findByText("Data science projects, together")).toBeTruthy();
    expect(await screen.findByRole("link", { name: "Alice Proj" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Log in" })).toBeTruthy();
  });

  it("unknown addresses get the 404 page", async () => {
    mockApi({ "GET /api/data/user": anonymous, "GET /api/data/platform/config": [200, platform] });
    renderRoutes(routes, "/this/does/not/exist");
    expect(await screen.findByText("Page not found")).toBeTruthy();
  });

  it("a project the visitor cannot see is a 404", async () => {
    mockApi({
      "GET /api/data/user": anonymous,
      "GET /api/data/platform/config": [200, platform],
      "GET /api/data/namespaces/alice/projects/secret": [404, { error: { code: 1404, message: "Project alice/secret does not exist." } }],
    });
    renderRoutes(routes, "/p/alice/secret");
    expect(await screen.findByText("This project was not found")).toBeTruthy();
  });

  it("shows the incident banner on every page", async () => {
    mockApi({ "GET /api/data/user": anonymous, "GET /api/data/platform/config": [200, { etag: '"P"', incident_banner: "Maintenance tonight" }] });
    renderRoutes(routes, "/nope");
    expect(await screen.findByRole("region", { name: "Platform announcement" })).toBeTruthy();
    expect(await screen.findByText("Maintenance tonight")).toBeTruthy();
  });

  it("the dashboard shows sessions, projects and groups of the logged-in user", async () => {
    mockApi({
      "GET /api/data/user": [200, alice],
      "GET /api/data/platform/config": [200, platform],
      "GET /api/data/user/preferences": [200, { user_id: "u-alice", pinned_projects: { project_slugs: ["alice/alice-proj"] } }],
      "GET /api/data/projects": [200, [project], { total: "1", "total-pages": "1" }],
      "GET /api/data/groups": [200, [], { total: "0" }],
      "GET /api/data/sessions": [200, []],
    });
    renderRoutes(routes, "/");
    expect(await screen.findByText("Welcome, Alice A")).toBeTruthy();
    await waitFor(() => expect(document.getElementById("dashboard")?.getAttribute("data-ready")).toBe("true"));
    expect(screen.getByText(/No sessions running/)).toBeTruthy();
    expect(screen.getByText("You are not a member of any group.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "alice/alice-proj" })).toBeTruthy();
  });

  it("project creation: API validation messages land on the fields", async () => {
    const calls = mockApi({
      "GET /api/data/user": [200, alice],
      "GET /api/data/platform/config": [200, platform],
      "GET /api/data/platform/authorization_config": [200, { etag: '"A"', create_projects: "registered_users", create_groups: "registered_users" }],
      "GET /api/data/namespaces": [200, [{ id: "N1", slug: "alice", namespace_kind: "user", path: "alice", created_by: "u-alice" }]],
      "POST /api/data/projects": [422, { error: { code: 1422, message: "There are errors in the following fields, description: size must be between 0 and 500" } }],
    });
    renderRoutes(routes, "/projects/new");
    fireEvent.change(await screen.findByLabelText("Project name"), { target: { value: "My project" } });
    await screen.findByRole("option", { name: "alice (you)" });
    fireEvent.click(screen.getByRole("button", { name: "Create project" }));
    const desc = await screen.findByLabelText(/Description/);
    await waitFor(() => expect(desc.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("At most 500 characters.")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({ name: "My project", slug: "my-project", namespace: "alice", visibility: "private" });
  });

  it("the admin panel is refused to non-admins", async () => {
    mockApi({ "GET /api/data/user": [200, alice], "GET /api/data/platform/config": [200, platform] });
    renderRoutes(routes, "/admin/pools");
    expect(await screen.findByText("Administrators only")).toBeTruthy();
  });
});
