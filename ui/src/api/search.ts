// The search API (`GET /search/query`): its types under the names the search page uses, and the
// hook that reads one page of results.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { request } from "./client";
import type { components } from "./generated";

type Schemas = components["schemas"];

export type SearchResult = Schemas["SearchResult"];
export type SearchEntity = Schemas["SearchEntity"];
export type SearchProject = Schemas["SearchProject"];
export type SearchGroup = Schemas["SearchGroup"];
export type SearchUser = Schemas["SearchUser"];
export type SearchDataConnector = Schemas["SearchDataConnector"];
export type SearchNamespaceUser = Schemas["SearchNamespaceUser"];
export type FacetData = Schemas["FacetData"];

export interface SearchParams {
  q: string;
  page: number;
  perPage: number;
}

export const searchKey = (p: SearchParams) => ["search", p] as const;

export async function search(p: SearchParams, signal?: AbortSignal): Promise<SearchResult> {
  const res = await request<SearchResult>("/search/query", {
    query: { q: p.q, page: p.page, per_page: p.perPage, include_counts: true },
    signal,
  });
  return res.data;
}

/** One page of results; the previous page stays shown while the next one loads. */
export function useSearch(p: SearchParams, enabled = true) {
  return useQuery({
    queryKey: searchKey(p),
    queryFn: ({ signal }) => search(p, signal),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 10_000,
  });
}
