// The search page's filters are edits of the query text: a chip adds or removes a term of the
// search language (`type:project`, `keyword:"data science"`, `created>today-7d`, `sort:name-asc`)
// and leaves everything else the user typed as it was. The platform's parser is total (what is
// not a valid term is free text), so only terms it would read as terms are edited here; anything
// else, such as `type:nonsense`, stays text and is left alone.

export type Op = ":" | "<" | ">";

export type Term =
  | { kind: "text"; raw: string }
  | { kind: "field"; raw: string; field: string; op: Op; values: string[] };

export type EntityType = "project" | "group" | "user" | "dataconnector";
export const ENTITY_TYPES: EntityType[] = ["project", "group", "user", "dataconnector"];
export const VISIBILITIES = ["public", "private"] as const;
export const ROLES = ["owner", "editor", "viewer"] as const;

/** The `type` value of an entity type as the answer's `type` and its facet name it. */
export const FACET_NAME: Record<EntityType, string> = { project: "Project", group: "Group", user: "User", dataconnector: "DataConnector" };

// Fields whose values are words of a closed list: compared without case, and a term with a value
// outside the list is not a term for the platform (it becomes free text), so it is not one here.
const ENUMS: Record<string, RegExp> = {
  type: /^(project|group|user|dataconnector)$/i,
  visibility: /^(public|private)$/i,
  role: /^(owner|editor|viewer)$/i,
  sort: /^(name|created|score)-(asc|desc)$/i,
};

const FIELDS = new Set([
  "type", "id", "name", "slug", "visibility", "created", "createdby", "role", "keyword", "namespace",
  "direct_member", "inherited_member", "doi", "publisher_name", "sort",
]);

/** Splits on whitespace outside double quotes (a backslash escapes the next character in quotes). */
function tokenize(q: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (quoted) {
      cur += c;
      if (c === "\\" && i + 1 < q.length) cur += q[++i];
      else if (c === '"') quoted = false;
    } else if (/\s/.test(c)) {
      if (cur) out.push(cur);
      cur = "";
    } else {
      cur += c;
      if (c === '"') quoted = true;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Splits a value list on commas outside quotes and removes the quotes; null when a value is empty. */
function splitValues(s: string): string[] | null {
  const values: string[] = [];
  let cur = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === "\\" && i + 1 < s.length) cur += s[++i];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (c === ",") {
      if (!cur && !wasQuoted) return null;
      values.push(cur);
      cur = "";
      wasQuoted = false;
    } else if (/\s/.test(c)) {
      // after a comma ("type:project, group")
      if (cur) return null;
    } else {
      cur += c;
    }
  }
  if (quoted || (!cur && !wasQuoted)) return null;
  values.push(cur);
  return values;
}

function readTerm(raw: string): Term {
  const m = /^([A-Za-z_]+)([:<>])([\s\S]+)$/.exec(raw);
  if (!m) return { kind: "text", raw };
  const field = m[1].toLowerCase();
  const op = m[2] as Op;
  if (!FIELDS.has(field) || (op !== ":" && field !== "created")) return { kind: "text", raw };
  const values = splitValues(m[3]);
  if (!values) return { kind: "text", raw };
  const allowed = ENUMS[field];
  if (allowed) {
    if (!values.every((v) => allowed.test(v))) return { kind: "text", raw };
    return { kind: "field", raw, field, op, values: values.map((v) => v.toLowerCase()) };
  }
  return { kind: "field", raw, field, op, values };
}

/** The terms of a query, in order; `type:project, group` (space after a comma) is one term. */
export function parseQuery(q: string): Term[] {
  const tokens = tokenize(q);
  const terms: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let raw = tokens[i];
    while (/^[A-Za-z_]+[:<>]/.test(raw) && raw.endsWith(",") && i + 1 < tokens.length) raw += " " + tokens[++i];
    terms.push(readTerm(raw));
  }
  return terms;
}

export function formatQuery(terms: Term[]): string {
  return terms.map((t) => t.raw).join(" ");
}

/** A value as the language writes it: in quotes when it has spaces, commas, quotes or backslashes. */
export function quoteValue(v: string): string {
  return v === "" || /[\s,"\\]/.test(v) ? `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"` : v;
}

export function fieldTerm(field: string, op: Op, values: string[]): Term {
  return { kind: "field", raw: `${field}${op}${values.map(quoteValue).join(",")}`, field, op, values };
}

function isField(t: Term, field: string): t is Extract<Term, { kind: "field" }> {
  return t.kind === "field" && t.field === field;
}

/** The values of every term of a field, in order, without repeats. */
export function fieldValues(q: string, field: string): string[] {
  const out: string[] = [];
  for (const t of parseQuery(q)) if (isField(t, field)) for (const v of t.values) if (!out.includes(v)) out.push(v);
  return out;
}

/**
 * Replaces every term of a field by `term` (at the place of the first one, or at the end), or
 * removes them when `term` is null. The other terms keep their text and order.
 */
export function replaceField(q: string, field: string, term: Term | null): string {
  const terms = parseQuery(q);
  const at = terms.findIndex((t) => isField(t, field));
  const rest: Term[] = terms.filter((t) => !isField(t, field));
  if (term) rest.splice(at < 0 ? rest.length : at, 0, term);
  return formatQuery(rest);
}

/** Removes every term of a field. */
export function withoutField(q: string, field: string): string {
  return replaceField(q, field, null);
}

/**
 * Adds a value to, or removes it from, the field's values (OR within one term: type, visibility,
 * role). Several terms of the field become one term with their values.
 */
export function toggleValue(q: string, field: "type" | "visibility" | "role", value: string): string {
  const current = fieldValues(q, field);
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return replaceField(q, field, next.length ? fieldTerm(field, ":", next) : null);
}

/** Keywords chosen as chips: `keyword:` terms with a single value (several such terms are AND). */
export function selectedKeywords(q: string): string[] {
  const out: string[] = [];
  for (const t of parseQuery(q)) if (isField(t, "keyword") && t.values.length === 1 && !out.includes(t.values[0])) out.push(t.values[0]);
  return out;
}

/** Adds `keyword:"x"` as its own term (AND with the others), or removes the terms that are just that. */
export function toggleKeyword(q: string, keyword: string): string {
  const terms = parseQuery(q);
  const only = (t: Term) => isField(t, "keyword") && t.values.length === 1 && t.values[0] === keyword;
  if (terms.some(only)) return formatQuery(terms.filter((t) => !only(t)));
  return formatQuery([...terms, fieldTerm("keyword", ":", [keyword])]);
}

export type CreatedChoice = "any" | "week" | "month" | "year" | "custom";
export const CREATED_AFTER: Record<Exclude<CreatedChoice, "any" | "custom">, string> = { week: "today-7d", month: "today-31d", year: "today-365d" };

/** Which of the date chips the query's `created` terms are ("custom" for anything else typed). */
export function createdChoice(q: string): CreatedChoice {
  const terms = parseQuery(q).filter((t) => isField(t, "created"));
  if (terms.length === 0) return "any";
  const t = terms[0];
  if (terms.length === 1 && t.kind === "field" && t.op === ">" && t.values.length === 1) {
    const v = t.values[0].toLowerCase();
    for (const [k, after] of Object.entries(CREATED_AFTER)) if (after === v) return k as CreatedChoice;
  }
  return "custom";
}

export function setCreated(q: string, choice: Exclude<CreatedChoice, "custom">): string {
  return replaceField(q, "created", choice === "any" ? null : fieldTerm("created", ">", [CREATED_AFTER[choice]]));
}

export type SortChoice = "relevance" | "name" | "newest" | "oldest" | "custom";
const SORT_TERMS: Record<Exclude<SortChoice, "custom">, string> = { relevance: "score-desc", name: "name-asc", newest: "created-desc", oldest: "created-asc" };

/** The sort the query asks for; no `sort:` is relevance, as the platform's default. */
export function sortChoice(q: string): SortChoice {
  const values = parseQuery(q).flatMap((t) => (isField(t, "sort") ? t.values : []));
  if (values.length === 0) return "relevance";
  if (values.length > 1) return "custom";
  for (const [k, v] of Object.entries(SORT_TERMS)) if (v === values[0]) return k as SortChoice;
  return "custom";
}

/** Relevance removes `sort:` (the default); the others write one `sort:` term. */
export function setSort(q: string, choice: Exclude<SortChoice, "custom">): string {
  return replaceField(q, "sort", choice === "relevance" ? null : fieldTerm("sort", ":", [SORT_TERMS[choice]]));
}
