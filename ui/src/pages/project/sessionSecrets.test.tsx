import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import type { Project } from "../../api/types";
import { alice, mockApi, renderRoutes } from "../../test/utils";
import type { ProjectContext } from "./context";
import ProjectSettings from "./ProjectSettings";
import { ProjectSessionSecrets, slotProblems } from "./ProjectSessionSecrets";

const project: Project = {
  id: "01PROJ",
  name: "Alice Proj",
  namespace: "alice",
  slug: "alice-proj",
  creation_date: "2026-11-30T12:00:00Z",
  created_by: "u-alice",
  visibility: "public",
  etag: '"P1"',
  secrets_mount_directory: "/secrets",
};

const slot = (over: object = {}) => ({ id: "S1", project_id: "01PROJ", name: "API token", filename: "api_token", description: "From the service's settings page", etag: '"E1"', ...over });
const secret = (over: object = {}) => ({ id: "U1", name: "my-token", kind: "general", default_filename: "my-token", modification_date: "", session_secret_slot_ids: [], data_connector_ids: [], ...over });

function renderSecrets(handlers: Parameters<typeof mockApi>[0], write = true, element = <ProjectSessionSecrets />) {
  const ctx: ProjectContext = { project, permissions: { write }, permissionsPending: false, user: { ...alice }, base: "/p/alice/alice-proj" };
  const calls = mockApi({
    "GET /api/data/projects/01PROJ/session_secret_slots": [200, [slot(), slot({ id: "S2", name: "DB password", filename: "db.pw", description: undefined, etag: '"E2"' })]],
    "GET /api/data/projects/01PROJ/session_secrets": [200, [{ secret_slot: slot(), secret_id: "U1" }]],
    "GET /api/data/user/secrets": ({ url }) => [200, url.searchParams.get("kind") === "general" ? [secret(), secret({ id: "U2", name: "old", expiration_timestamp: "2020-01-01T00:00:00Z" })] : []],
    "GET /api/data/namespaces": [200, []],
    ...handlers,
  });
  const utils = renderRoutes([{ path: "/p/:namespace/:slug", element: <Outlet context={ctx} />, children: [{ index: true, element }] }], "/p/alice/alice-proj");
  return { calls, ...utils };
}

describe("session secret slots", () => {
  it("checks file names like the contract", () => {
    expect(slotProblems({ name: "", filename: "", description: "" })).toEqual({ filename: "Required." });
    expect(slotProblems({ name: "", filename: "../x", description: "" })).toHaveProperty("filename");
    expect(slotProblems({ name: "", filename: "a_b-c.txt", description: "" })).toEqual({});
  });

  it("lists the slots with which ones the caller filled, and the secrets directory", async () => {
    renderSecrets({});
    const row1 = await screen.findByRole("row", { name: /API token/ });
    expect(within(row1).getByText("api_token")).toBeTruthy();
    expect(await within(row1).findByText("Filled")).toBeTruthy();
    expect(await within(row1).findByText("with my-token")).toBeTruthy();
    const row2 = screen.getByRole("row", { name: /DB password/ });
    expect(within(row2).getByText("Empty")).toBeTruthy();
    expect((screen.getByLabelText("Secrets directory in sessions") as HTMLInputElement).value).toBe("/secrets");
  });

  it("fills a slot with one of my (unexpired) secrets", async () => {
    const { calls } = renderSecrets({ "PATCH /api/data/projects/01PROJ/session_secrets": [201, [{ secret_slot: slot({ id: "S2" }), secret_id: "U1" }]] });
    fireEvent.click(await screen.findByRole("button", { name: "Fill DB password" }));
    const dialog = screen.getByRole("dialog");
    const select = within(dialog).getByLabelText("Secret") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Choose…", "my-token"]);
    fireEvent.change(select, { target: { value: "U1" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/The slot DB password is filled/)).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual([{ secret_slot_id: "S2", secret_id: "U1" }]);
  });

  it("fills a slot with a new value in a password field", async () => {
    const { calls } = renderSecrets({ "PATCH /api/data/projects/01PROJ/session_secrets": [201, []] });
    fireEvent.click(await screen.findByRole("button", { name: "Fill DB password" }));
    const dialog = screen.getByRole("dialog");
    fireEvent.click(within(dialog).getByLabelText("A new value"));
    const value = within(dialog).getByLabelText("Value") as HTMLInputElement;
    expect(value.type).toBe("password");
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(within(dialog).getByText("Required.")).toBeTruthy();
    fireEvent.change(value, { target: { value: "hunter2" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")?.body).toEqual([{ secret_slot_id: "S2", value: "hunter2" }]));
  });

  it("clears my filling of a slot with a null value", async () => {
    const { calls } = renderSecrets({ "PATCH /api/data/projects/01PROJ/session_secrets": [201, []] });
    fireEvent.click(await screen.findByRole("button", { name: "Clear API token" }));
    expect(await screen.findByText("The slot API token is empty again; your secret is kept.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual([{ secret_slot_id: "S1", value: null }]);
  });

  it("editors add a slot and see the API's field errors under the field", async () => {
    const { calls } = renderSecrets({
      "POST /api/data/session_secret_slots": [409, { error: { code: 1409, message: "There is already a slot with the file name api_token in this project." } }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "+ Add a secret slot" }));
    const form = screen.getByRole("form", { name: "Add a secret slot" });
    fireEvent.click(within(form).getByRole("button", { name: "Add slot" }));
    expect(within(form).getByLabelText("File name").getAttribute("aria-invalid")).toBe("true");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    fireEvent.change(within(form).getByLabelText("File name"), { target: { value: "api_token" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add slot" }));
    expect(await within(form).findByText("There is already a slot with the file name api_token in this project.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ project_id: "01PROJ", filename: "api_token" });
  });

  it("editors change a slot with If-Match and delete one after a confirmation", async () => {
    const { calls } = renderSecrets({
      "PATCH /api/data/session_secret_slots/S1": [200, slot({ filename: "token" })],
      "DELETE /api/data/session_secret_slots/S2": [204],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Edit the slot API token" }));
    const dialog = screen.getByRole("dialog");
    fireEvent.change(within(dialog).getByLabelText("File name"), { target: { value: "token" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Save slot" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.body).toEqual({ filename: "token" });
    expect(patch.headers["If-Match"]).toBe('"E1"');
    fireEvent.click(screen.getByRole("button", { name: "Delete the slot DB password" }));
    fireEvent.click(screen.getByRole("button", { name: "Delete slot" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path.endsWith("/S2"))).toBe(true));
  });

  it("changes the secrets directory of the project", async () => {
    const { calls } = renderSecrets({ "PATCH /api/data/projects/01PROJ": [200, { ...project, secrets_mount_directory: "/run/secrets" }] });
    const dir = await screen.findByLabelText("Secrets directory in sessions");
    fireEvent.change(dir, { target: { value: "relative" } });
    fireEvent.click(within(document.getElementById("mount-dir")!).getByRole("button", { name: "Save" }));
    expect(screen.getByText("An absolute path, e.g. /secrets.")).toBeTruthy();
    fireEvent.change(dir, { target: { value: "/run/secrets" } });
    fireEvent.click(within(document.getElementById("mount-dir")!).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ secrets_mount_directory: "/run/secrets" }));
    expect(calls.find((c) => c.method === "PATCH")?.headers["If-Match"]).toBe('"P1"');
  });

  it("viewers fill slots from the settings page but cannot manage slots", async () => {
    renderSecrets({}, false, <ProjectSettings />);
    expect(await screen.findByRole("button", { name: "Fill DB password" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Edit the slot/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "+ Add a secret slot" })).toBeNull();
    expect(screen.queryByLabelText("Secrets directory in sessions")).toBeNull();
    expect(screen.queryByRole("form", { name: "General" })).toBeNull();
  });
});
