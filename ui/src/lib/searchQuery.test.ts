import { describe, expect, it } from "vitest";
import {
  createdChoice,
  fieldValues,
  parseQuery,
  quoteValue,
  selectedKeywords,
  setCreated,
  setSort,
  sortChoice,
  toggleKeyword,
  toggleValue,
  withoutField,
} from "./searchQuery";

describe("parseQuery", () => {
  it("reads field terms, keeps free text and quoted values with spaces together", () => {
    const terms = parseQuery('numpy  Type:Project keyword:"data science",ml created>today-7d flight');
    expect(terms.map((t) => t.raw)).toEqual(["numpy", "Type:Project", 'keyword:"data science",ml', "created>today-7d", "flight"]);
    expect(terms[1]).toMatchObject({ kind: "field", field: "type", op: ":", values: ["project"] });
    expect(terms[2]).toMatchObject({ kind: "field", field: "keyword", values: ["data science", "ml"] });
    expect(terms[3]).toMatchObject({ kind: "field", field: "created", op: ">", values: ["today-7d"] });
    expect(terms[0].kind).toBe("text");
  });

  it("joins a value list with a space after the comma into one term", () => {
    const terms = parseQuery("type:project, group name:x");
    expect(terms.map((t) => t.raw)).toEqual(["type:project, group", "name:x"]);
    expect(terms[0]).toMatchObject({ values: ["project", "group"] });
  });

  it("leaves as text what the platform would not read as a term", () => {
    for (const raw of ["type:nonsense", "name:", "visibility:public,", "sort:name", "role<owner", "http://example.org", "unknown:x", 'keyword:"open']) {
      expect(parseQuery(raw)[0].kind, raw).toBe("text");
    }
  });

  it("unescapes quotes and backslashes in quoted values, and quotes them back", () => {
    const [t] = parseQuery('keyword:"say \\"hi\\" \\\\ there"');
    expect(t).toMatchObject({ kind: "field", values: ['say "hi" \\ there'] });
    expect(quoteValue('say "hi" \\ there')).toBe('"say \\"hi\\" \\\\ there"');
    expect(quoteValue("ml")).toBe("ml");
    expect(quoteValue("a,b")).toBe('"a,b"');
  });
});

describe("chips edit the query text and keep the rest", () => {
  it("adds and removes type values in one term, in place", () => {
    let q = "numpy visibility:public flight";
    q = toggleValue(q, "type", "project");
    expect(q).toBe("numpy visibility:public flight type:project");
    q = toggleValue(q, "type", "dataconnector");
    expect(q).toBe("numpy visibility:public flight type:project,dataconnector");
    q = toggleValue(q, "type", "project");
    expect(q).toBe("numpy visibility:public flight type:dataconnector");
    q = toggleValue(q, "type", "dataconnector");
    expect(q).toBe("numpy visibility:public flight");
  });

  it("reads what the user typed in any case and replaces it where it was", () => {
    const q = "TYPE:Project, Group numpy";
    expect(fieldValues(q, "type")).toEqual(["project", "group"]);
    expect(toggleValue(q, "type", "group")).toBe("type:project numpy");
    expect(toggleValue("role:owner data", "role", "editor")).toBe("role:owner,editor data");
  });

  it("does not touch terms it does not understand", () => {
    expect(toggleValue("type:nonsense x", "type", "user")).toBe("type:nonsense x type:user");
    expect(fieldValues("type:nonsense", "type")).toEqual([]);
  });

  it("adds each keyword as its own quoted term and removes only that term", () => {
    let q = 'genomics keyword:ml,ai namespace:sdsc';
    q = toggleKeyword(q, "data science");
    expect(q).toBe('genomics keyword:ml,ai namespace:sdsc keyword:"data science"');
    q = toggleKeyword(q, "health");
    expect(selectedKeywords(q)).toEqual(["data science", "health"]);
    q = toggleKeyword(q, "data science");
    expect(q).toBe("genomics keyword:ml,ai namespace:sdsc keyword:health");
    // a keyword inside the user's OR list is not a chip of its own
    expect(selectedKeywords(q)).toEqual(["health"]);
  });

  it("sets one creation date term and recognises the chips", () => {
    let q = "numpy";
    expect(createdChoice(q)).toBe("any");
    q = setCreated(q, "week");
    expect(q).toBe("numpy created>today-7d");
    expect(createdChoice(q)).toBe("week");
    q = setCreated(q, "year");
    expect(q).toBe("numpy created>today-365d");
    expect(createdChoice("created:2024-01 x")).toBe("custom");
    expect(setCreated("created<2023 x created>2020", "month")).toBe("created>today-31d x");
    expect(setCreated("x created>today-31d", "any")).toBe("x");
  });

  it("writes sort terms; relevance is the default and removes them", () => {
    expect(sortChoice("x")).toBe("relevance");
    let q = setSort("x type:project", "newest");
    expect(q).toBe("x type:project sort:created-desc");
    expect(sortChoice(q)).toBe("newest");
    q = setSort(q, "name");
    expect(q).toBe("x type:project sort:name-asc");
    expect(setSort(q, "relevance")).toBe("x type:project");
    expect(sortChoice("sort:score-desc,created-asc")).toBe("custom");
    expect(sortChoice("SORT:Created-Asc")).toBe("oldest");
  });

  it("removes a field for the counts of the other types", () => {
    expect(withoutField("type:project numpy type:group keyword:x", "type")).toBe("numpy keyword:x");
  });
});
