import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { EMPTY_SECRET, fromLocalInput, isExpired, secretPatch, secretPost, secretProblems, toLocalInput } from "../lib/secretForm";
import { alice, mockApi, renderRoutes } from "../test/utils";
import Secrets from "./Secrets";

const secret = (over: object = {}) => ({
  id: "01S1",
  name: "api-token",
  kind: "general",
  default_filename: "api-token",
  modification_date: "2026-11-30T12:00:00Z",
  expiration_timestamp: null,
  session_secret_slot_ids: [],
  data_connector_ids: [],
  ...over,
});

function renderPage(handlers: Parameters<typeof mockApi>[0]) {
  const calls = mockApi({ "GET /api/data/user": [200, alice], ...handlers });
  const utils = renderRoutes([{ path: "/secrets", element: <Secrets /> }], "/secrets");
  return { calls, ...utils };
}

/** Answers the list by kind (the API lists one kind per request). */
function listByKind(all: ReturnType<typeof secret>[]) {
  return ({ url }: { url: URL }) => [200, all.filter((s) => s.kind === (url.searchParams.get("kind") ?? "general"))] as [number, unknown];
}

describe("secretForm", () => {
  it("checks the contract's limits before asking the API", () => {
    expect(secretProblems(EMPTY_SECRET, { valueRequired: true })).toEqual({ name: "Required.", value: "Required." });
    expect(secretProblems({ ...EMPTY_SECRET, name: "a", value: "v", defaultFilename: "../etc/passwd" }, { valueRequired: true })).toHaveProperty("default_filename");
    expect(secretProblems({ ...EMPTY_SECRET, name: "a", value: "", defaultFilename: "ok_name.txt" }, { valueRequired: false })).toEqual({});
    const past = toLocalInput("2020-01-01T00:00:00Z");
    expect(secretProblems({ ...EMPTY_SECRET, name: "a", value: "v", expiration: past }, { valueRequired: true })).toEqual({ expiration_timestamp: "Choose a time in the future." });
  });

  it("turns the local expiry into an instant and back", () => {
    const iso = "2030-05-06T07:08:00.000Z";
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput("")).toBeNull();
  });

  it("leaves empty optional fields out of a new secret and sends only changes", () => {
    expect(secretPost({ name: " key ", value: "s3cr3t", defaultFilename: "", expiration: "" })).toEqual({ name: "key", value: "s3cr3t", kind: "general" });
    const old = secret() as never;
    expect(secretPatch(old, { name: "api-token", value: "", defaultFilename: "api-token", expiration: "" })).toEqual({});
    expect(secretPatch(old, { name: "renamed", value: "", defaultFilename: "token.txt", expiration: "" })).toEqual({ name: "renamed", default_filename: "token.txt" });
  });

  it("knows when a secret has expired", () => {
    expect(isExpired({ expiration_timestamp: "2020-01-01T00:00:00Z" })).toBe(true);
    expect(isExpired({ expiration_timestamp: "2999-01-01T00:00:00Z" })).toBe(false);
    expect(isExpired({ expiration_timestamp: null })).toBe(false);
  });
});

describe("Secrets page", () => {
  it("lists both kinds with file name, expiry (expired marked) and use, and never a value", async () => {
    renderPage({
      "GET /api/data/user/secrets": listByKind([
        secret({ session_secret_slot_ids: ["A", "B"] }),
        secret({ id: "01S2", name: "old-key", default_filename: "old.key", expiration_timestamp: "2020-01-01T00:00:00Z" }),
        secret({ id: "01S3", name: "s3-creds", kind: "storage", default_filename: "s3-creds", data_connector_ids: ["D"] }),
      ]),
    });
    const general = await screen.findByRole("table", { name: "Session secrets" });
    const rows = within(general).getAllByTestId("secret-row");
    expect(rows.map((r) => r.getAttribute("data-secret-name"))).toEqual(["api-token", "old-key"]);
    expect(within(rows[0]).getByText("2 secret slots")).toBeTruthy();
    expect(within(rows[0]).getByText("Never")).toBeTruthy();
    expect(within(rows[1]).getByText("Expired")).toBeTruthy();
    expect(within(rows[1]).getByText("old.key")).toBeTruthy();
    const storage = screen.getByRole("table", { name: "Data connector credentials" });
    expect(within(storage).getByRole("rowheader", { name: "s3-creds" })).toBeTruthy();
    expect(within(storage).getByText("1 data connector")).toBeTruthy();
    // Credentials of a data connector are not renamed here (the connector finds them by name).
    expect(within(storage).queryByRole("button", { name: "Edit s3-creds" })).toBeNull();
  });

  it("shows an empty state with a way to add the first secret", async () => {
    renderPage({ "GET /api/data/user/secrets": [200, []] });
    expect(await screen.findByText("You have no session secrets yet.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add a secret" }));
    expect(screen.getByRole("form", { name: "New session secret" })).toBeTruthy();
  });

  it("creates a secret with the value in a password field, then lists it", async () => {
    const all: ReturnType<typeof secret>[] = [];
    const { calls } = renderPage({
      "GET /api/data/user/secrets": listByKind(all),
      "POST /api/data/user/secrets": ({ body }) => {
        const b = body as { name: string; default_filename?: string };
        const s = secret({ id: "01NEW", name: b.name, default_filename: b.default_filename ?? b.name });
        all.push(s);
        return [201, s];
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "+ New secret" }));
    const value = screen.getByLabelText("Value") as HTMLInputElement;
    expect(value.type).toBe("password");
    expect(value.autocomplete).toBe("new-password");
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "db-password" } });
    fireEvent.change(value, { target: { value: "hunter2" } });
    fireEvent.change(screen.getByLabelText("File name in sessions (optional)"), { target: { value: "db.pw" } });
    fireEvent.click(screen.getByRole("button", { name: "Save secret" }));
    expect(await screen.findByText("db-password was saved.")).toBeTruthy();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({ name: "db-password", value: "hunter2", kind: "general", default_filename: "db.pw" });
    const row = await screen.findByRole("row", { name: /db-password/ });
    expect(row.textContent).not.toContain("hunter2");
    expect(document.body.textContent).not.toContain("hunter2");
  });

  it("checks required fields locally and shows the API's field errors under their fields", async () => {
    const { calls } = renderPage({
      "GET /api/data/user/secrets": [200, []],
      "POST /api/data/user/secrets": [422, { error: { code: 1422, message: "There are errors in the following fields, default_filename: must match \"^[a-zA-Z0-9_\\-.]*$\"" } }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "+ New secret" }));
    fireEvent.click(screen.getByRole("button", { name: "Save secret" }));
    const name = screen.getByLabelText("Name");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getAllByText("Required.")).toHaveLength(2);
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.change(name, { target: { value: "x" } });
    fireEvent.change(screen.getByLabelText("Value"), { target: { value: "v" } });
    fireEvent.click(screen.getByRole("button", { name: "Save secret" }));
    const file = screen.getByLabelText("File name in sessions (optional)");
    await waitFor(() => expect(file.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(/Not in the expected format/)).toBeTruthy();
  });

  it("shows a name conflict (409) on the name field", async () => {
    renderPage({
      "GET /api/data/user/secrets": [200, []],
      "POST /api/data/user/secrets": [409, { error: { code: 1409, message: "You already have a general secret named x." } }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "+ New secret" }));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "x" } });
    fireEvent.change(screen.getByLabelText("Value"), { target: { value: "v" } });
    fireEvent.click(screen.getByRole("button", { name: "Save secret" }));
    expect(await screen.findByText("You already have a general secret named x.")).toBeTruthy();
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
  });

  it("replaces a value with a PATCH of the value alone", async () => {
    const { calls } = renderPage({
      "GET /api/data/user/secrets": listByKind([secret()]),
      "PATCH /api/data/user/secrets/01S1": [201, secret()],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Replace the value of api-token" }));
    const dialog = screen.getByRole("dialog");
    const input = within(dialog).getByLabelText("New value") as HTMLInputElement;
    expect(input.type).toBe("password");
    expect(input.value).toBe("");
    fireEvent.change(input, { target: { value: "new-value" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Replace value" }));
    expect(await screen.findByText("The value of api-token was replaced.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ value: "new-value" });
  });

  it("deletes after a confirmation", async () => {
    let all = [secret()];
    const { calls } = renderPage({
      "GET /api/data/user/secrets": ({ url }) => listByKind(all)({ url }),
      "DELETE /api/data/user/secrets/01S1": () => {
        all = [];
        return [204];
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Delete api-token" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Delete secret" }));
    expect(await screen.findByText("api-token was deleted.")).toBeTruthy();
    expect(await screen.findByText("You have no session secrets yet.")).toBeTruthy();
  });

  it("asks anonymous visitors to log in", async () => {
    mockApi({ "GET /api/data/user": [401, { error: { code: 1401, message: "no" } }] });
    renderRoutes([{ path: "/secrets", element: <Secrets /> }], "/secrets");
    expect(await screen.findByText("Log in to continue")).toBeTruthy();
  });
});
