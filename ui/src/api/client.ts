// A small fetch wrapper for the public API behind the gateway (same origin, relative URLs, the
// login cookie travels by itself). Every failure becomes an ApiError.

import { ApiError, parseErrorEnvelope } from "./errors";

export const DATA_API = "/api/data";

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  const base = path.startsWith("/api/") ? path : `${DATA_API}${path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export interface RawResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<RawResponse<T>> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(buildUrl(path, opts.query), {
    method: opts.method ?? "GET",
    headers,
    body,
    credentials: "same-origin",
    signal: opts.signal,
  });
  const text = res.status === 204 ? "" : await res.text();
  if (!res.ok) {
    throw new ApiError(res.status, parseErrorEnvelope(res.status, text));
  }
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(res.status, { code: 1500, message: "The platform sent an answer that is not JSON." });
    }
  }
  return { data: data as T, headers: res.headers, status: res.status };
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, opts)).data;
}

export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  totalPages: number;
}

function intHeader(h: Headers, name: string, fallback: number): number {
  const v = h.get(name);
  const n = v === null ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Reads the paging headers (page, per-page, total, total-pages) of a list answer. */
export function pageFromResponse<T>(items: T[], headers: Headers, page = 1, perPage = 20): Page<T> {
  const total = intHeader(headers, "total", items.length);
  const pp = intHeader(headers, "per-page", perPage);
  return {
    items,
    page: intHeader(headers, "page", page),
    perPage: pp,
    total,
    totalPages: intHeader(headers, "total-pages", Math.max(1, Math.ceil(total / Math.max(1, pp)))),
  };
}

export async function apiPage<T>(path: string, query: Query & { page?: number; per_page?: number }, signal?: AbortSignal): Promise<Page<T>> {
  const res = await request<T[]>(path, { query, signal });
  return pageFromResponse(res.data ?? [], res.headers, query.page ?? 1, query.per_page ?? 20);
}

/** Where the gateway's login starts; it comes back to `back` (an absolute URL of this site). */
export function loginUrl(back: string = window.location.href): string {
  return `/api/auth/login?redirect_url=${encodeURIComponent(back)}`;
}

/**
 * How to log out: a form POSTed to the gateway (a GET only shows a confirmation page, so that no
 * other site can log the user out with a link or an image); it comes back to `back`.
 */
export function logoutForm(back: string = `${window.location.origin}/`): { action: string; method: "post"; redirectUrl: string } {
  return { action: "/api/auth/logout", method: "post", redirectUrl: back };
}
