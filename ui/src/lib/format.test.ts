import { describe, expect, it } from "vitest";
import { displayName, formatSeconds, initials, linesToList, relativeTime, splitKeywords } from "./format";

const now = Date.parse("2026-11-30T12:00:00Z");

describe("relativeTime", () => {
  it.each([
    ["2026-11-30T12:00:20Z", "just now"],
    ["2026-11-30T12:05:00Z", "in 5 minutes"],
    ["2026-11-30T11:59:00Z", "1 minute ago"],
    ["2026-11-30T09:00:00Z", "3 hours ago"],
    ["2026-12-02T12:00:00Z", "in 2 days"],
  ])("%s", (iso, text) => {
    expect(relativeTime(iso, now)).toBe(text);
  });

  it("is empty for nothing or garbage", () => {
    expect(relativeTime(null, now)).toBe("");
    expect(relativeTime("not a date", now)).toBe("");
  });
});

it("formatSeconds", () => {
  expect(formatSeconds(0)).toBe("never");
  expect(formatSeconds(undefined)).toBe("never");
  expect(formatSeconds(90)).toBe("1 minute 30 seconds");
  expect(formatSeconds(7200)).toBe("2 hours");
  expect(formatSeconds(14 * 86400 + 3600 + 5)).toBe("14 days 1 hour");
});

it("names and lists", () => {
  expect(displayName({ first_name: "Ada", last_name: "Lovelace", username: "ada" })).toBe("Ada Lovelace");
  expect(displayName({ username: "ada" })).toBe("ada");
  expect(initials("Ada Byron Lovelace")).toBe("AL");
  expect(splitKeywords(" a, b ,, a,c ")).toEqual(["a", "b", "c"]);
  expect(linesToList("--port=1\n\n  --ip=x  \n")).toEqual(["--port=1", "--ip=x"]);
});
