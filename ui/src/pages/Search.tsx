// /search?q=…&page=…: the query box takes the search language as typed; the filters are chips
// that add or remove terms in that text (src/lib/searchQuery.ts), so the URL holds the whole
// state and back/forward walk through the searches.

import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../api/errors";
import { useCurrentUser } from "../api/queries";
import { useSearch, type FacetData } from "../api/search";
import { SearchHit } from "../components/SearchHit";
import { Empty, ErrorAlert, Loading, Pagination, pageParam, useTitle } from "../components/ui";
import {
  createdChoice,
  ENTITY_TYPES,
  FACET_NAME,
  fieldValues,
  ROLES,
  selectedKeywords,
  setCreated,
  setSort,
  sortChoice,
  toggleKeyword,
  toggleValue,
  VISIBILITIES,
  withoutField,
  type CreatedChoice,
  type EntityType,
  type SortChoice,
} from "../lib/searchQuery";

export const PER_PAGE = 10;
const TOP_KEYWORDS = 10;

const TYPE_LABELS: Record<EntityType, string> = { project: "Projects", group: "Groups", user: "Users", dataconnector: "Data connectors" };
const CREATED_LABELS: Record<Exclude<CreatedChoice, "custom">, string> = { any: "Any time", week: "Last week", month: "Last month", year: "Last year" };
const SORT_LABELS: Record<Exclude<SortChoice, "custom">, string> = { relevance: "Relevance", name: "Name (A–Z)", newest: "Newest first", oldest: "Oldest first" };

const EXAMPLES = [
  "type:project keyword:\"data science\"",
  "type:project,dataconnector created>today-30d sort:created-desc",
  "role:owner,editor type:project",
  "type:group direct_member:@alice",
];

/** A toggle chip: a button that says whether its term is in the query. */
function Chip({ pressed, onClick, children, id }: { pressed: boolean; onClick: () => void; children: ReactNode; id?: string }) {
  return (
    <button type="button" className="chip" aria-pressed={pressed} onClick={onClick} id={id}>
      {children}
    </button>
  );
}

function Filter({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="search-filter">
      <legend>{title}</legend>
      <div className="chips">{children}</div>
    </fieldset>
  );
}

/** What the answer says in words for the statuses the search API documents. */
function SearchError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof ApiError && (error.status === 503 || error.status === 422)) {
    return (
      <div className="alert error" role="alert" id="search-error">
        <p>
          {error.status === 503
            ? "Search is not available right now: the search index cannot be reached. Try again in a moment."
            : `The search could not be run: ${error.message}`}
        </p>
        {error.detail && <p className="small">{error.detail}</p>}
        <button type="button" className="button small secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return <ErrorAlert error={error} title="The search failed." onRetry={onRetry} />;
}

function countOf(facets: FacetData | undefined, type: EntityType): number | undefined {
  return facets ? (facets.entityType[FACET_NAME[type]] ?? 0) : undefined;
}

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const page = pageParam(params);
  const { data: user } = useCurrentUser();
  useTitle(q ? `Search: ${q}` : "Search");

  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [allKeywords, setAllKeywords] = useState(false);
  // On a phone the filters start folded so that the results are on the first screen.
  const [filtersOpen] = useState(() => typeof window.matchMedia !== "function" || window.matchMedia("(min-width: 801px)").matches);

  const result = useSearch({ q, page, perPage: PER_PAGE });
  const types = fieldValues(q, "type");
  // With a type chosen, the answer's type counts are only that type's; the counts of the others
  // come from the same query without its type terms (one result is enough, only facets matter).
  const untyped = useSearch({ q: withoutField(q, "type"), page: 1, perPage: 1 }, types.length > 0);
  const typeFacets = types.length > 0 ? untyped.data?.facets : result.data?.facets;

  const go = (nextQ: string) => {
    const next = new URLSearchParams();
    if (nextQ.trim()) next.set("q", nextQ.trim());
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(text);
  };

  const visibility = fieldValues(q, "visibility");
  const roles = fieldValues(q, "role");
  const created = createdChoice(q);
  const sort = sortChoice(q);
  const chosenKeywords = selectedKeywords(q);
  const keywordFacet = result.data?.facets.keywords ?? {};
  const byCount = Object.entries(keywordFacet)
    .filter(([k, n]) => n > 0 && !chosenKeywords.includes(k))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // Chosen keywords come first and stay visible even when this search counts none of them.
  const shownKeywords: [string, number][] = [
    ...chosenKeywords.map((k): [string, number] => [k, keywordFacet[k] ?? 0]),
    ...(allKeywords ? byCount : byCount.slice(0, TOP_KEYWORDS)),
  ];
  const active = types.length + visibility.length + roles.length + chosenKeywords.length + (created === "any" ? 0 : 1);

  const data = result.data;
  const total = data?.pagingInfo.totalResult ?? 0;
  const totalPages = data?.pagingInfo.totalPages ?? 0;

  return (
    <div id="search-page">
      <div className="page-head">
        <h1>Search</h1>
      </div>
      <form role="search" className="search-form" onSubmit={submit} aria-label="Search Renku">
        <label htmlFor="search-query" className="visually-hidden">
          Search query
        </label>
        <input
          id="search-query"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Words, or terms like type:project keyword:ml sort:created-desc"
          aria-describedby="search-help"
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="button" id="search-submit">
          Search
        </button>
      </form>
      <details className="search-help small" id="search-help">
        <summary>Search language</summary>
        <p>
          Words match names, descriptions and keywords (with small typos). Terms narrow the search: <code>type:</code> project, group, user,
          dataconnector; <code>visibility:</code> public, private; <code>role:</code> owner, editor, viewer; <code>keyword:</code>,{" "}
          <code>namespace:</code>, <code>name:</code>, <code>slug:</code>, <code>createdby:</code>, <code>direct_member:@user</code>,{" "}
          <code>created&gt;today-7d</code>, <code>created:2024-05</code>; <code>sort:</code> name, created or score, each <code>-asc</code> or{" "}
          <code>-desc</code>. Commas join values with “or”; separate terms must all match; quote values with spaces.
        </p>
        <ul>
          {EXAMPLES.map((ex) => (
            <li key={ex}>
              <Link to={`/search?${new URLSearchParams({ q: ex })}`}>
                <code>{ex}</code>
              </Link>
            </li>
          ))}
        </ul>
      </details>

      <div className="search-layout">
        <aside className="search-filters" aria-label="Filters">
          <details open={filtersOpen}>
            <summary className="search-filters-summary">Filters{active ? ` (${active} chosen)` : ""}</summary>
            <Filter title="Type">
              {ENTITY_TYPES.map((t) => {
                const n = countOf(typeFacets, t);
                return (
                  <Chip key={t} pressed={types.includes(t)} onClick={() => go(toggleValue(q, "type", t))} id={`filter-type-${t}`}>
                    {TYPE_LABELS[t]}
                    {n !== undefined && <span className="chip-count"> {n}</span>}
                  </Chip>
                );
              })}
            </Filter>
            <Filter title="Visibility">
              {VISIBILITIES.map((v) => (
                <Chip key={v} pressed={visibility.includes(v)} onClick={() => go(toggleValue(q, "visibility", v))} id={`filter-visibility-${v}`}>
                  {v === "public" ? "Public" : "Private"}
                </Chip>
              ))}
            </Filter>
            {user && (
              <Filter title="My role">
                {ROLES.map((r) => (
                  <Chip key={r} pressed={roles.includes(r)} onClick={() => go(toggleValue(q, "role", r))} id={`filter-role-${r}`}>
                    {r.charAt(0).toUpperCase() + r.slice(1)}
                  </Chip>
                ))}
              </Filter>
            )}
            <Filter title="Created">
              {(Object.keys(CREATED_LABELS) as Exclude<CreatedChoice, "custom">[]).map((c) => (
                <Chip key={c} pressed={created === c} onClick={() => go(setCreated(q, c))} id={`filter-created-${c}`}>
                  {CREATED_LABELS[c]}
                </Chip>
              ))}
              {created === "custom" && <span className="small muted">As typed in the query</span>}
            </Filter>
            <Filter title="Keywords">
              {shownKeywords.length === 0 && <span className="small muted">None in these results</span>}
              {shownKeywords.map(([k, n]) => (
                <Chip key={k} pressed={chosenKeywords.includes(k)} onClick={() => go(toggleKeyword(q, k))}>
                  {k}
                  <span className="chip-count"> {n}</span>
                </Chip>
              ))}
              {byCount.length > TOP_KEYWORDS && (
                <button type="button" className="link-button small" onClick={() => setAllKeywords((a) => !a)} aria-expanded={allKeywords}>
                  {allKeywords ? "Show fewer" : `Show all ${byCount.length}`}
                </button>
              )}
            </Filter>
          </details>
        </aside>

        <section className="search-results" aria-label="Results" aria-busy={result.isFetching}>
          <div className="spread search-results-head">
            <p className="small muted" role="status" aria-live="polite" id="search-total">
              {data ? `${total} result${total === 1 ? "" : "s"}` : ""}
            </p>
            <label className="row small">
              Sort by
              <select id="search-sort" value={sort} onChange={(e) => go(setSort(q, e.target.value as Exclude<SortChoice, "custom">))}>
                {(Object.keys(SORT_LABELS) as Exclude<SortChoice, "custom">[]).map((s) => (
                  <option key={s} value={s}>
                    {SORT_LABELS[s]}
                  </option>
                ))}
                {sort === "custom" && (
                  <option value="custom" disabled>
                    As typed in the query
                  </option>
                )}
              </select>
            </label>
          </div>
          {result.isPending ? (
            <Loading label="Searching…" />
          ) : result.error ? (
            <SearchError error={result.error} onRetry={() => void result.refetch()} />
          ) : data && data.items.length === 0 ? (
            <Empty>
              {total > 0 && page > 1 ? (
                <p>
                  There is no page {page} of these results. <Link to={`/search?${new URLSearchParams(q ? { q } : {})}`}>Go to the first page</Link>
                </p>
              ) : (
                <>
                  <p>Nothing matches {q ? <strong>{q}</strong> : "this search"}.</p>
                  <p className="small">
                    Try fewer words or terms{user ? "" : ", or log in to search what only members can see"}.
                  </p>
                </>
              )}
            </Empty>
          ) : data ? (
            <ul className="list search-hits" id="search-hits">
              {data.items.map((hit) => (
                <SearchHit key={`${hit.type}-${hit.id}`} hit={hit} />
              ))}
            </ul>
          ) : null}
          {data && <Pagination page={page} totalPages={totalPages} label="Result pages" />}
        </section>
      </div>
    </div>
  );
}
