import { describe, expect, it } from "vitest";
import { isValidSlug, projectPath, slugify, slugProblem } from "./slug";

describe("slugify", () => {
  it.each([
    ["My Project", "my-project"],
    ["  Déjà vu été  ", "deja-vu-ete"],
    ["a--b__c..d", "a-b-c-d"],
    ["--start and end--", "start-and-end"],
    ["Data_Science.v2", "data_science.v2"],
    ["repo.git", "repo-git"],
    ["feed.atom", "feed-atom"],
    ["日本語", ""],
    ["E2E Group 39m7z8", "e2e-group-39m7z8"],
  ])("%s → %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("always gives a valid slug (or nothing) and at most 99 characters", () => {
    const alphabet = "aZ9 -_.éß!/\\.git.atom";
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const len = Math.floor(rnd() * 140);
      let s = "";
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const slug = slugify(s);
      expect(slug.length).toBeLessThanOrEqual(99);
      if (slug) expect(isValidSlug(slug), `${JSON.stringify(s)} → ${slug}`).toBe(true);
    }
  });
});

describe("slugProblem", () => {
  it.each([
    ["", "Required."],
    ["Abc", "Use lower-case letters only."],
    ["a b", "Only letters, digits, -, _ and . are allowed."],
    ["-ab", "Start with a letter or a digit."],
    ["a--b", "Do not put two separators in a row."],
    ["a._b", "Do not put two separators in a row."],
    ["x.git", 'Do not end with ".git" or ".atom".'],
    ["a".repeat(100), "At most 99 characters."],
  ])("%s", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  it("accepts what the API accepts", () => {
    for (const s of ["a", "0", "my-project", "a_b.c-d", "gitlab", "x.gi"]) expect(slugProblem(s)).toBeNull();
  });
});

it("projectPath previews the address", () => {
  expect(projectPath("alice", "my-project")).toBe("/p/alice/my-project");
  expect(projectPath("alice", "")).toBe("/p/alice/…");
});
