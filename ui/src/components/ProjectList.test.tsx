import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useProjects } from "../api/queries";
import { mockApi, renderWithProviders } from "../test/utils";
import { ProjectList } from "./ProjectList";

const project = (n: number) => ({
  id: `P${n}`,
  name: `Project ${n}`,
  namespace: "lab",
  slug: `p${n}`,
  creation_date: "2026-01-01T00:00:00Z",
  created_by: "u-alice",
  visibility: n % 2 ? "public" : "private",
  description: `About ${n}`,
  keywords: ["climate"],
});

function List(props: { showNamespace?: boolean; showTotal?: boolean; pagination?: string }) {
  const q = useProjects({ per_page: 2 });
  return <ProjectList query={q} empty={<p>Nothing here.</p>} {...props} />;
}

describe("ProjectList", () => {
  it("shows the projects with their namespace, the total and the pages", async () => {
    mockApi({ "GET /api/data/projects": [200, [project(1), project(2)], { total: "3", "total-pages": "2", page: "1", "per-page": "2" }] });
    renderWithProviders(<List showTotal pagination="Project pages" />);
    expect(screen.getByText("Loading projects…")).toBeTruthy();
    const first = await screen.findByRole("link", { name: "Project 1" });
    expect(first.getAttribute("href")).toBe("/p/lab/p1");
    expect(screen.getByText(/lab\/p2/)).toBeTruthy();
    expect(screen.getByText("3 projects")).toBeTruthy();
    expect(screen.getByText("About 1")).toBeTruthy();
    expect(screen.getByRole("navigation", { name: "Project pages" }).textContent).toContain("Page 1 of 2");
  });

  it("leaves out the namespace, the total and the pages unless asked", async () => {
    mockApi({ "GET /api/data/projects": [200, [project(1)], { total: "1", "total-pages": "1" }] });
    renderWithProviders(<List showNamespace={false} />);
    await screen.findByRole("link", { name: "Project 1" });
    expect(screen.queryByText(/lab\/p1/)).toBeNull();
    expect(screen.queryByText("1 project")).toBeNull();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("shows the empty state", async () => {
    mockApi({ "GET /api/data/projects": [200, [], { total: "0" }] });
    renderWithProviders(<List showTotal pagination="Project pages" />);
    expect(await screen.findByText("Nothing here.")).toBeTruthy();
    expect(screen.queryByText("0 projects")).toBeNull();
  });

  it("shows the error with a retry that asks again", async () => {
    let calls = 0;
    mockApi({
      "GET /api/data/projects": () => (++calls === 1 ? [500, { error: { code: 1500, message: "Database down." } }] : [200, [project(1)], { total: "1" }]),
    });
    renderWithProviders(<List />);
    expect((await screen.findByRole("alert")).textContent).toContain("Database down.");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.getByRole("link", { name: "Project 1" })).toBeTruthy());
  });
});
