import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import type { Project } from "../../api/types";
import { connector, SCHEMA } from "../../test/storageFixtures";
import { alice, mockApi, renderRoutes } from "../../test/utils";
import type { ProjectContext } from "../project/context";
import { ProjectDataConnectors, parseConnectorRef } from "../project/ProjectDataConnectors";
import DataConnectorEdit from "./DataConnectorEdit";
import DataConnectorPage from "./DataConnectorPage";

const namespaces = [
  { id: "n1", slug: "alice", namespace_kind: "user", created_by: "u-alice" },
  { id: "n2", slug: "lab", name: "The Lab", namespace_kind: "group" },
];

const project: Project = {
  id: "01PROJ",
  name: "Alice Proj",
  namespace: "alice",
  slug: "alice-proj",
  creation_date: "2026-11-30T12:00:00Z",
  created_by: "u-alice",
  visibility: "public",
};

const common = {
  "GET /api/data/user": [200, alice] as [number, unknown],
  "GET /api/data/storage_schema": [200, SCHEMA] as [number, unknown],
  "GET /api/data/namespaces": [200, namespaces] as [number, unknown],
};

function renderForm(path: string, handlers: Parameters<typeof mockApi>[0]) {
  const calls = mockApi({ ...common, ...handlers });
  const utils = renderRoutes(
    [
      { path: "/data_connectors/new", element: <DataConnectorEdit /> },
      { path: "/data_connectors/:dataConnectorId/edit", element: <DataConnectorEdit /> },
      { path: "/d/:a/:b", element: <p>connector page</p> },
      { path: "/p/:a/:b", element: <p>project page</p> },
    ],
    path,
  );
  return { calls, ...utils };
}

describe("data connector form (from the rclone schema)", () => {
  it("offers the provider, shows credentials as empty password fields and the other options with help", async () => {
    renderForm("/data_connectors/new", {});
    fireEvent.change(await screen.findByLabelText("Storage type"), { target: { value: "s3" } });
    fireEvent.change(screen.getByLabelText("Provider"), { target: { value: "AWS" } });
    for (const name of ["access_key_id", "secret_access_key"]) {
      const input = document.getElementById(`opt-${name}`) as HTMLInputElement;
      expect(input.type).toBe("password");
      expect(input.value).toBe("");
    }
    expect((document.getElementById("opt-region") as HTMLInputElement).type).toBe("text");
    expect(screen.getByText(/Region to connect to\./)).toBeTruthy();
    // An option of other providers is not shown for AWS.
    expect(document.getElementById("opt-endpoint")).toBeNull();
    expect(screen.getByText("Advanced options (2)")).toBeTruthy();
  });

  it("checks and tests: validate gets placeholders, test_connection the typed credentials, and their answers are shown", async () => {
    const { calls } = renderForm("/data_connectors/new", {
      "POST /api/data/storage_schema/validate": [204],
      "POST /api/data/storage_schema/test_connection": [422, { error: { code: 1422, message: "rclone could not list the storage: access denied (check the credentials)." } }],
    });
    fireEvent.change(await screen.findByLabelText("Storage type"), { target: { value: "webdav" } });
    fireEvent.change(document.getElementById("opt-url")!, { target: { value: "https://dav.example.org/remote.php" } });
    fireEvent.change(document.getElementById("opt-pass")!, { target: { value: "pa55word" } });
    fireEvent.click(screen.getByRole("button", { name: "Check configuration" }));
    expect(await screen.findByText("The configuration is valid.")).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith("/validate"))?.body).toEqual({ type: "webdav", url: "https://dav.example.org/remote.php", pass: "<sensitive>" });
    fireEvent.click(screen.getByRole("button", { name: "Test connection" }));
    expect(await screen.findByText("The connection failed.")).toBeTruthy();
    expect(screen.getByText(/access denied/)).toBeTruthy();
    expect(calls.find((c) => c.path.endsWith("/test_connection"))?.body).toEqual({ configuration: { type: "webdav", url: "https://dav.example.org/remote.php", pass: "pa55word" }, source_path: "" });
  });

  it("creates with credentials as placeholders, then saves them for the caller", async () => {
    const { calls, router } = renderForm("/data_connectors/new?namespace=lab", {
      "POST /api/data/data_connectors": ({ body }) => [201, connector({ ...(body as object), namespace: "lab", slug: "my-dav" } as never)],
      "PATCH /api/data/data_connectors/01DC/secrets": [201, [{ name: "pass", secret_id: "S1" }]],
    });
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "My DAV" } });
    fireEvent.change(screen.getByLabelText("Storage type"), { target: { value: "webdav" } });
    fireEvent.change(document.getElementById("opt-url")!, { target: { value: "https://dav.example.org" } });
    fireEvent.change(document.getElementById("opt-pass")!, { target: { value: "pa55word" } });
    fireEvent.change(screen.getByLabelText("Source path"), { target: { value: "folder" } });
    fireEvent.click(screen.getByRole("button", { name: "Create data connector" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/d/lab/my-dav"));
    const post = calls.find((c) => c.method === "POST" && c.path === "/api/data/data_connectors")!;
    expect(post.body).toMatchObject({
      name: "My DAV",
      slug: "my-dav",
      namespace: "lab",
      visibility: "private",
      storage: { configuration: { type: "webdav", url: "https://dav.example.org", pass: "<sensitive>" }, source_path: "folder", target_path: "my-dav", readonly: true },
    });
    expect(JSON.stringify(post.body)).not.toContain("pa55word");
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual([{ name: "pass", value: "pa55word" }]);
  });

  it("shows the required options locally and the API's errors under the option", async () => {
    const { calls } = renderForm("/data_connectors/new", {
      "POST /api/data/data_connectors": [422, { error: { code: 1422, message: "There are errors in the following fields, url: the address points to a private network" } }],
    });
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "x" } });
    fireEvent.change(screen.getByLabelText("Storage type"), { target: { value: "webdav" } });
    fireEvent.click(screen.getByRole("button", { name: "Create data connector" }));
    const url = document.getElementById("opt-url")!;
    expect(url.getAttribute("aria-invalid")).toBe("true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    fireEvent.change(url, { target: { value: "http://10.0.0.1/dav" } });
    fireEvent.click(screen.getByRole("button", { name: "Create data connector" }));
    expect(await screen.findByText("The address points to a private network")).toBeTruthy();
    expect(url.getAttribute("aria-invalid")).toBe("true");
  });

  it("edits without pre-filling credentials, keeps their placeholders and sends If-Match", async () => {
    const dc = connector();
    const { calls } = renderForm("/data_connectors/01DC/edit", {
      "GET /api/data/data_connectors/01DC": [200, dc],
      "GET /api/data/data_connectors/01DC/permissions": [200, { write: true, delete: true }],
      "GET /api/data/data_connectors/01DC/secrets": [200, [{ name: "access_key_id", secret_id: "S1" }]],
      "PATCH /api/data/data_connectors/01DC": [200, dc],
    });
    const region = (await screen.findByLabelText(/^region/)) as HTMLInputElement;
    expect(region.value).toBe("eu-west-1");
    const key = document.getElementById("opt-access_key_id") as HTMLInputElement;
    expect(key.type).toBe("password");
    expect(key.value).toBe("");
    expect(screen.getByText(/You saved a value; type a new one to replace it\./)).toBeTruthy();
    expect(screen.getByText(/Each user gives their own/)).toBeTruthy();
    fireEvent.change(region, { target: { value: "us-east-1" } });
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.headers["If-Match"]).toBe('"DC1"');
    // The API merges the configuration: only the changed option goes, credentials stay placeholders.
    expect(patch.body).toEqual({ storage: { configuration: { region: "us-east-1" } } });
  });

  it("removes a cleared option with null and changes the mount", async () => {
    const dc = connector();
    const { calls } = renderForm("/data_connectors/01DC/edit", {
      "GET /api/data/data_connectors/01DC": [200, dc],
      "GET /api/data/data_connectors/01DC/permissions": [200, { write: true }],
      "GET /api/data/data_connectors/01DC/secrets": [200, []],
      "PATCH /api/data/data_connectors/01DC": [200, dc],
    });
    fireEvent.change(await screen.findByLabelText(/^region/), { target: { value: "" } });
    fireEvent.click(screen.getByLabelText("Read-only"));
    fireEvent.change(screen.getByLabelText("Mount point"), { target: { value: "data/climate" } });
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({ storage: { configuration: { region: null }, target_path: "data/climate", readonly: false } });
  });
});

describe("data connector page", () => {
  function renderPage(handlers: Parameters<typeof mockApi>[0]) {
    const calls = mockApi({
      "GET /api/data/user": [200, alice],
      "GET /api/data/namespaces/alice/data_connectors/climate-data": [200, connector()],
      "GET /api/data/data_connectors/01DC/permissions": [200, { write: true, delete: true }],
      "GET /api/data/data_connectors/01DC/project_links": [200, [{ id: "L1", data_connector_id: "01DC", project_id: "01PROJ", creation_date: "2026-11-30T12:00:00Z", created_by: "u-alice" }]],
      "GET /api/data/projects/01PROJ": [200, project],
      "GET /api/data/projects": [200, [project], { total: "1" }],
      ...handlers,
    });
    renderRoutes([{ path: "/d/:a/:b", element: <DataConnectorPage /> }], "/d/alice/climate-data");
    return calls;
  }

  it("shows the storage, the credentials it needs (never values) and linked projects", async () => {
    renderPage({ "GET /api/data/data_connectors/01DC/secrets": [200, [{ name: "access_key_id", secret_id: "S1" }]] });
    expect(await screen.findByRole("heading", { name: "Climate data" })).toBeTruthy();
    expect(screen.getByText("bucket/climate")).toBeTruthy();
    expect(screen.getAllByText("credential (each user's own)")).toHaveLength(2);
    const creds = await screen.findByTestId("credentials");
    expect(await within(creds).findByText("Partly saved")).toBeTruthy();
    for (const input of within(creds).getAllByLabelText(/access_key_id|secret_access_key/) as HTMLInputElement[]) {
      expect(input.type).toBe("password");
      expect(input.value).toBe("");
    }
    expect(await screen.findByRole("link", { name: "Alice Proj" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Edit" }).getAttribute("href")).toBe("/data_connectors/01DC/edit");
  });

  it("saves the typed credentials and then shows them as saved", async () => {
    let saved: { name: string; secret_id: string }[] = [];
    const calls = renderPage({
      "GET /api/data/data_connectors/01DC/secrets": () => [200, saved],
      "PATCH /api/data/data_connectors/01DC/secrets": ({ body }) => {
        saved = (body as { name: string }[]).map((b, i) => ({ name: b.name, secret_id: `S${i}` }));
        return [201, saved];
      },
    });
    const creds = await screen.findByTestId("credentials");
    expect(await within(creds).findByText("Not saved", { selector: ".spread .badge" })).toBeTruthy();
    fireEvent.change(within(creds).getByLabelText(/access_key_id/), { target: { value: "AKIA" } });
    fireEvent.change(within(creds).getByLabelText(/secret_access_key/), { target: { value: "topsecret" } });
    fireEvent.click(within(creds).getByRole("button", { name: "Save credentials" }));
    expect(await within(creds).findByText("Your credentials were saved.")).toBeTruthy();
    expect(within(creds).getByText("Credentials saved")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual([
      { name: "access_key_id", value: "AKIA" },
      { name: "secret_access_key", value: "topsecret" },
    ]);
    expect(document.body.textContent).not.toContain("topsecret");
    expect((within(creds).getByLabelText(/secret_access_key/) as HTMLInputElement).value).toBe("");
  });
});

describe("a project's data", () => {
  function renderData(handlers: Parameters<typeof mockApi>[0], write = true) {
    const ctx: ProjectContext = { project, permissions: { write }, permissionsPending: false, user: { ...alice }, base: "/p/alice/alice-proj" };
    const calls = mockApi({
      "GET /api/data/projects/01PROJ/data_connector_links": [
        200,
        [
          { id: "L1", data_connector_id: "01DC", project_id: "01PROJ", creation_date: "", created_by: "u-alice" },
          { id: "L2", data_connector_id: "01GONE", project_id: "01PROJ", creation_date: "", created_by: "u-bob" },
        ],
      ],
      "GET /api/data/data_connectors/01DC": [200, connector()],
      "GET /api/data/data_connectors/01GONE": [404, { error: { code: 1404, message: "no" } }],
      "GET /api/data/projects/01PROJ/inaccessible_data_connector_links": [200, { count: 2 }],
      ...handlers,
    });
    renderRoutes([{ path: "/p/:namespace/:slug", element: <Outlet context={ctx} />, children: [{ index: true, element: <ProjectDataConnectors /> }] }], "/p/alice/alice-proj");
    return calls;
  }

  it("lists linked connectors with mount point and access, and says what is hidden", async () => {
    renderData({});
    expect(await screen.findByRole("link", { name: "Climate data" })).toBeTruthy();
    expect(screen.getByText("climate", { selector: ".mono" })).toBeTruthy();
    expect(screen.getByText("Read-only")).toBeTruthy();
    expect(await screen.findByText(/A data connector you cannot see/)).toBeTruthy();
    expect((await screen.findByTestId("hidden-connectors")).textContent).toContain("2 data connectors linked to this project are not visible to you");
    expect(screen.getByRole("link", { name: "+ New data connector" }).getAttribute("href")).toBe("/data_connectors/new?project=01PROJ");
  });

  it("links an existing connector by its path and unlinks after a confirmation", async () => {
    const calls = renderData({
      "GET /api/data/namespaces/lab/data_connectors/shared": [200, connector({ id: "01SH", name: "Shared", namespace: "lab", slug: "shared" })],
      "POST /api/data/data_connectors/01SH/project_links": [201, { id: "L3" }],
      "DELETE /api/data/data_connectors/01DC/project_links/L1": [204],
    });
    fireEvent.change(await screen.findByLabelText("Link an existing data connector"), { target: { value: "http://localhost/d/lab/shared" } });
    fireEvent.click(screen.getByRole("button", { name: "Link" }));
    expect(await screen.findByText("Shared is linked: sessions started from now on mount it.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ project_id: "01PROJ" });
    fireEvent.click(await screen.findByRole("button", { name: "Unlink Climate data" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Unlink" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path.endsWith("/project_links/L1"))).toBe(true));
  });

  it("says when the path names no connector the caller can see", async () => {
    renderData({ "GET /api/data/namespaces/lab/data_connectors/nope": [404, { error: { code: 1404, message: "no" } }] });
    fireEvent.change(await screen.findByLabelText("Link an existing data connector"), { target: { value: "lab/nope" } });
    fireEvent.click(screen.getByRole("button", { name: "Link" }));
    expect(await screen.findByText("No data connector you can see has this path.")).toBeTruthy();
  });

  it("viewers see the data but cannot link or unlink", async () => {
    renderData({}, false);
    expect(await screen.findByRole("link", { name: "Climate data" })).toBeTruthy();
    expect(screen.queryByLabelText("Link an existing data connector")).toBeNull();
    expect(screen.queryByRole("button", { name: /Unlink/ })).toBeNull();
  });

  it("reads connector references", () => {
    expect(parseConnectorRef("lab/shared")).toEqual(["lab", "shared"]);
    expect(parseConnectorRef("https://renku.example.org/d/lab/proj/data/")).toEqual(["lab", "proj", "data"]);
    expect(parseConnectorRef("  ")).toBeNull();
    expect(parseConnectorRef("a/b/c/d")).toBeNull();
  });
});
