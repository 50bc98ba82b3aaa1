import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SearchEntity, SearchResult } from "../api/search";
import { routes } from "../routes";
import { alice, anonymous, mockApi, renderRoutes, type Handler } from "../test/utils";

// The search page is a lazily loaded chunk: its first render may take longer than the default wait.
const LAZY = { timeout: 5000 };
const platform = { etag: '"P"', incident_banner: "" };
const created = new Date(Date.now() - 3 * 86_400_000).toISOString();

const project: SearchEntity = {
  type: "Project",
  id: "01PROJ",
  name: "Flight Data",
  slug: "flight-data",
  path: "lab/flight-data",
  namespace: { type: "Group", id: "01GRP", name: "Lab", path: "lab", slug: "lab" },
  visibility: "public",
  description: "Numpy analysis of flights",
  createdBy: { type: "User", id: "u-alice", path: "alice", slug: "alice", firstName: "Alice", lastName: "A" },
  creationDate: created,
  keywords: ["ml", "aviation"],
};
const connector: SearchEntity = {
  type: "DataConnector",
  id: "01DC",
  name: "Flight bucket",
  slug: "bucket",
  path: "lab/flight-data/bucket",
  storageType: "s3",
  readonly: true,
  visibility: "private",
  creationDate: created,
};
const user: SearchEntity = { type: "User", id: "u-bob", path: "bob", slug: "bob", firstName: "Bob", lastName: "Builder", project_count: 2, data_connector_count: 1 };
const group: SearchEntity = { type: "Group", id: "01GRP", path: "lab", slug: "lab", name: "Lab", description: "The lab", project_count: 1 };

function answer(items: SearchEntity[], extra: Partial<SearchResult> = {}): SearchResult {
  return {
    items,
    facets: { entityType: { Project: 1, DataConnector: 1, User: 1, Group: 1 }, keywords: { ml: 3, aviation: 1 } },
    pagingInfo: { page: { limit: 10, offset: 0 }, totalResult: items.length, totalPages: 1 },
    ...extra,
  };
}

/** The app with a search API that records each query and answers with `reply`. */
function renderSearch(path: string, reply: Handler, signedIn = false) {
  const queries: URLSearchParams[] = [];
  mockApi({
    "GET /api/data/user": signedIn ? [200, alice] : anonymous,
    "GET /api/data/platform/config": [200, platform],
    "GET /api/data/search/query": (req) => {
      queries.push(req.url.searchParams);
      return reply(req);
    },
  });
  const r = renderRoutes(routes, path);
  const url = () => new URLSearchParams(r.router.state.location.search);
  return { ...r, queries, url };
}

describe("search page", () => {
  it("shows each kind of result as a card linking to its page", async () => {
    renderSearch("/search?q=flight", () => [200, answer([project, connector, user, group])]);
    await screen.findByRole("link", { name: "Flight Data" }, LAZY);
    const cards = within(document.getElementById("search-hits")!);

    const p = cards.getByRole("link", { name: "Flight Data" });
    expect(p.getAttribute("href")).toBe("/p/lab/flight-data");
    const projectCard = p.closest("li")!;
    expect(projectCard.textContent).toContain("lab/flight-data");
    expect(projectCard.textContent).toContain("Numpy analysis of flights");
    expect(projectCard.textContent).toContain("Public");
    expect(projectCard.textContent).toContain("3 days ago");
    expect(within(projectCard).getByRole("link", { name: "Alice A" }).getAttribute("href")).toBe("/u/alice");
    expect(within(projectCard).getByRole("list", { name: "Keywords" }).textContent).toBe("mlaviation");

    const dc = cards.getByRole("link", { name: "Flight bucket" });
    expect(dc.getAttribute("href")).toBe("/d/lab/flight-data/bucket");
    expect(dc.closest("li")!.textContent).toMatch(/Storage: s3 · read-only/);
    expect(dc.closest("li")!.textContent).toContain("Private");

    const u = cards.getByRole("link", { name: "Bob Builder" });
    expect(u.getAttribute("href")).toBe("/u/bob");
    expect(u.closest("li")!.textContent).toContain("@bob");
    expect(u.closest("li")!.textContent).toContain("2 projects · 1 data connector");

    const g = cards.getByRole("link", { name: "Lab" });
    expect(g.getAttribute("href")).toBe("/g/lab");
    expect(g.closest("li")!.textContent).toContain("The lab");
    expect(screen.getByText("4 results")).toBeTruthy();
  });

  it("keeps the query and the page in the URL, asks the API for them, and chips edit the text", async () => {
    const { queries, url, router } = renderSearch("/search?q=numpy%20sort%3Aname-asc&page=2", () => [
      200,
      answer([project], { pagingInfo: { page: { limit: 10, offset: 10 }, totalResult: 11, totalPages: 2 } }),
    ]);
    await screen.findByRole("link", { name: "Flight Data" }, LAZY);
    expect(queries[0].get("q")).toBe("numpy sort:name-asc");
    expect(queries[0].get("page")).toBe("2");
    expect(queries[0].get("per_page")).toBe("10");
    expect((screen.getByLabelText("Search query") as HTMLInputElement).value).toBe("numpy sort:name-asc");
    expect((screen.getByLabelText("Sort by") as HTMLSelectElement).value).toBe("name");
    expect(screen.getByText("Page 2 of 2")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: /^Projects/ }));
    await waitFor(() => expect(url().get("q")).toBe("numpy sort:name-asc type:project"));
    expect(url().get("page")).toBeNull();
    expect((screen.getByLabelText("Search query") as HTMLInputElement).value).toBe("numpy sort:name-asc type:project");
    await waitFor(() => expect(queries.some((q) => q.get("q") === "numpy sort:name-asc type:project")).toBe(true));
    // the type counts come from the same search without the type term
    await waitFor(() => expect(queries.some((q) => q.get("q") === "numpy sort:name-asc" && q.get("per_page") === "1")).toBe(true));
    expect(screen.getByRole("button", { name: /^Projects/ }).getAttribute("aria-pressed")).toBe("true");

    fireEvent.click(screen.getByRole("button", { name: /^ml/ }));
    await waitFor(() => expect(url().get("q")).toBe("numpy sort:name-asc type:project keyword:ml"));
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "newest" } });
    await waitFor(() => expect(url().get("q")).toBe("numpy sort:created-desc type:project keyword:ml"));
    fireEvent.click(screen.getByRole("button", { name: "Last week" }));
    await waitFor(() => expect(url().get("q")).toBe("numpy sort:created-desc type:project keyword:ml created>today-7d"));

    // back walks through the searches, and the box follows
    await act(() => router.navigate(-1));
    await waitFor(() => expect((screen.getByLabelText("Search query") as HTMLInputElement).value).toBe("numpy sort:created-desc type:project keyword:ml"));
    await act(() => router.navigate(-3));
    await waitFor(() => expect(url().get("page")).toBe("2"));
    expect((screen.getByLabelText("Search query") as HTMLInputElement).value).toBe("numpy sort:name-asc");
  });

  it("runs what is typed in the box as is", async () => {
    const { url } = renderSearch("/search", () => [200, answer([])]);
    const box = await screen.findByLabelText("Search query", {}, LAZY);
    fireEvent.change(box, { target: { value: 'type:project,group keyword:"data science"  climate ' } });
    fireEvent.submit(box.closest("form")!);
    await waitFor(() => expect(url().get("q")).toBe('type:project,group keyword:"data science"  climate'));
    expect(screen.getByRole("button", { name: /^Projects/ }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: /^Groups/ }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: /^Users/ }).getAttribute("aria-pressed")).toBe("false");
  });

  it("lists chosen keywords first, also at zero, then the top ten by count", async () => {
    const keywords = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`kw${i}`, 20 - i]));
    renderSearch("/search?q=keyword%3Arare", () => [200, answer([project], { facets: { entityType: { Project: 1 }, keywords } })]);
    await screen.findByRole("link", { name: "Flight Data" }, LAZY);
    const chips = () => Array.from(document.querySelectorAll("fieldset"))
      .find((f) => f.querySelector("legend")?.textContent === "Keywords")!
      .querySelectorAll("button.chip");
    expect(Array.from(chips()).map((c) => c.textContent)).toEqual(["rare 0", ...Array.from({ length: 10 }, (_, i) => `kw${i} ${20 - i}`)]);
    expect(chips()[0].getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "Show all 12" }));
    expect(chips().length).toBe(13);
  });

  it("says so when nothing matches", async () => {
    renderSearch("/search?q=zzz", () => [200, answer([], { facets: { entityType: {}, keywords: {} } })]);
    expect(await screen.findByText(/Nothing matches/, {}, LAZY)).toBeTruthy();
    expect(screen.getByText("0 results")).toBeTruthy();
    expect(screen.getByText(/log in to search what only members can see/)).toBeTruthy();
  });

  it("explains an unreachable index (503)", async () => {
    renderSearch("/search?q=x", () => [503, { error: { code: 1503, message: "The search index cannot be reached." } }]);
    expect((await screen.findByRole("alert", {}, LAZY)).textContent).toContain("Search is not available right now");
  });

  it("shows why a query was refused (422)", async () => {
    renderSearch("/search?q=x&page=0", () => [422, { error: { code: 1422, message: "There are errors in the following fields, per_page: must be at most 100" } }]);
    expect((await screen.findByRole("alert", {}, LAZY)).textContent).toContain("The search could not be run: There are errors in the following fields");
  });

  it("offers the role filter only to signed-in users", async () => {
    renderSearch("/search", () => [200, answer([project])], true);
    expect(await screen.findByRole("button", { name: "Owner" }, LAZY)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Editor" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Editor" }).getAttribute("aria-pressed")).toBe("true"));
  });

  it("hides the role filter from anonymous visitors", async () => {
    renderSearch("/search", () => [200, answer([project])]);
    await screen.findByRole("link", { name: "Flight Data" }, LAZY);
    expect(screen.queryByRole("button", { name: "Owner" })).toBeNull();
  });
});

describe("header search box", () => {
  it("goes to the search page on Enter, from any page", async () => {
    const { url, router, queries } = renderSearch("/help", () => [200, answer([project])]);
    const box = await screen.findByRole("searchbox", { name: /Search projects, groups/ });
    fireEvent.change(box, { target: { value: "flight keyword:ml" } });
    fireEvent.submit(box.closest("form")!);
    await waitFor(() => expect(router.state.location.pathname).toBe("/search"));
    expect(url().get("q")).toBe("flight keyword:ml");
    await waitFor(() => expect(queries.some((q) => q.get("q") === "flight keyword:ml")).toBe(true));
    expect((box as HTMLInputElement).value).toBe("");
  });

  it("focuses on / unless the user is typing elsewhere", async () => {
    renderSearch("/help", () => [200, answer([])]);
    const box = await screen.findByRole("searchbox", { name: /Search projects, groups/ });
    fireEvent.keyDown(document.body, { key: "/" });
    expect(document.activeElement).toBe(box);

    const other = document.createElement("input");
    other.type = "text";
    document.body.appendChild(other);
    other.focus();
    fireEvent.keyDown(other, { key: "/" });
    expect(document.activeElement).toBe(other);
    other.remove();
  });

  it("on the search page, / goes to the page's own query box", async () => {
    renderSearch("/search", () => [200, answer([])]);
    const pageBox = await screen.findByLabelText("Search query", {}, LAZY);
    fireEvent.keyDown(document.body, { key: "/" });
    expect(document.activeElement).toBe(pageBox);
  });
});
