import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiPage, buildUrl, loginUrl, logoutForm, pageFromResponse, request } from "./client";
import { ApiError } from "./errors";

function mockFetch(status: number, body: string, headers: Record<string, string> = {}) {
  const fn = vi.fn(async () => new Response(status === 204 ? null : body, { status, headers }));
  vi.stubGlobal("fetch", fn);
  return fn;
}

afterEach(() => vi.unstubAllGlobals());

describe("buildUrl", () => {
  it("prefixes the data API and drops empty parameters", () => {
    expect(buildUrl("/projects", { page: 2, per_page: 20, namespace: undefined, direct_member: false, q: "" })).toBe(
      "/api/data/projects?page=2&per_page=20&direct_member=false",
    );
    expect(buildUrl("/api/auth/user-profile")).toBe("/api/auth/user-profile");
  });
});

describe("request", () => {
  it("sends JSON with the same-origin cookie and reads JSON", async () => {
    const fetch = mockFetch(201, JSON.stringify({ id: "1" }), { "content-type": "application/json" });
    const out = await api<{ id: string }>("/groups", { method: "POST", body: { name: "g" } });
    expect(out).toEqual({ id: "1" });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/data/groups");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect(init.body).toBe('{"name":"g"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("accepts 204 without a body", async () => {
    mockFetch(204, "");
    const r = await request("/sessions/x", { method: "DELETE" });
    expect(r.status).toBe(204);
    expect(r.data).toBeUndefined();
  });

  it("throws an ApiError carrying the envelope", async () => {
    mockFetch(422, JSON.stringify({ error: { code: 1422, message: "There are errors in the following fields, slug: must not be null" } }));
    const err = await api("/groups", { method: "POST", body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(422);
    expect((err as ApiError).fields).toEqual({ slug: "Required." });
  });
});

describe("paging", () => {
  it("reads the page headers", async () => {
    mockFetch(200, JSON.stringify([{ id: 1 }, { id: 2 }]), { page: "2", "per-page": "2", total: "5", "total-pages": "3" });
    const p = await apiPage("/projects", { page: 2, per_page: 2 });
    expect(p).toEqual({ items: [{ id: 1 }, { id: 2 }], page: 2, perPage: 2, total: 5, totalPages: 3 });
  });

  it("guesses when the headers are missing", () => {
    expect(pageFromResponse([1, 2, 3], new Headers(), 1, 20)).toEqual({ items: [1, 2, 3], page: 1, perPage: 20, total: 3, totalPages: 1 });
  });
});

describe("login and logout addresses", () => {
  it("come back to the given absolute URL", () => {
    expect(loginUrl("http://localhost:8080/p/a/b?x=1")).toBe("/api/auth/login?redirect_url=http%3A%2F%2Flocalhost%3A8080%2Fp%2Fa%2Fb%3Fx%3D1");
  });

  it("log out by a POST, never a link", () => {
    expect(logoutForm("http://localhost:8080/")).toEqual({ action: "/api/auth/logout", method: "post", redirectUrl: "http://localhost:8080/" });
  });
});
