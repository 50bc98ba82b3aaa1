// Test helpers: a fake API behind fetch, and rendering inside the app's providers.

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { vi } from "vitest";

export type Handler = (req: { url: URL; method: string; body: unknown; headers: Record<string, string> }) => [number, unknown?, Record<string, string>?];

/** Answers fetch() from handlers keyed "METHOD /path" (the path without the query). */
export function mockApi(handlers: Record<string, Handler | [number, unknown?, Record<string, string>?]>) {
  const calls: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method, path: url.pathname, body, headers });
    const h = handlers[`${method} ${url.pathname}`];
    if (!h) return new Response(JSON.stringify({ error: { code: 1404, message: `no mock for ${method} ${url.pathname}` } }), { status: 404 });
    const [status, json, hdrs] = typeof h === "function" ? h({ url, method, body, headers }) : h;
    return new Response(status === 204 || json === undefined ? null : JSON.stringify(json), { status, headers: { "content-type": "application/json", ...hdrs } });
  });
  vi.stubGlobal("fetch", fn);
  return calls;
}

export const anonymous: [number, unknown] = [401, { error: { code: 1401, message: "You have to be authenticated to perform this operation." } }];

export const alice = { id: "u-alice", username: "alice", first_name: "Alice", last_name: "A", email: "alice@example.org", is_admin: false };

export function newQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

export function renderRoutes(routes: RouteObject[], path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = newQueryClient();
  const utils = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...utils, router, client };
}

export function renderWithProviders(ui: ReactElement, path = "/") {
  return renderRoutes([{ path: "*", element: ui }], path);
}
