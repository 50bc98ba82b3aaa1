import { describe, expect, it } from "vitest";
import { ApiError, errorMessage, friendlyFieldMessage, mapFieldErrors, parseErrorEnvelope, parseFieldErrors } from "./errors";

describe("parseErrorEnvelope", () => {
  it("reads the data service's envelope", () => {
    const body = JSON.stringify({ error: { code: 1404, message: "Project x does not exist.", detail: "more", trace_id: "t-1" } });
    expect(parseErrorEnvelope(404, body)).toEqual({ code: 1404, message: "Project x does not exist.", detail: "more", trace_id: "t-1" });
  });

  it("fills in a missing code from the status", () => {
    expect(parseErrorEnvelope(409, JSON.stringify({ error: { message: "Taken." } })).code).toBe(1409);
  });

  it("falls back to a sentence per status for HTML, empty or odd bodies", () => {
    expect(parseErrorEnvelope(502, "<html>Bad gateway</html>").message).toMatch(/cannot be reached/);
    expect(parseErrorEnvelope(503, "").message).toMatch(/temporarily unavailable/);
    expect(parseErrorEnvelope(418, JSON.stringify({ nope: 1 })).message).toBe("The request failed (HTTP 418).");
    expect(parseErrorEnvelope(500, JSON.stringify({ error: "flat string" })).message).toMatch(/server failed/);
  });
});

describe("parseFieldErrors", () => {
  it("splits a message naming several fields", () => {
    const msg =
      'There are errors in the following fields, name: size must be between 1 and 99, slug: must match "^(?!.*\\.git$|.*\\.atom$|.*[\\-._][\\-._].*)[a-z0-9][a-z0-9\\-_.]*$"';
    const f = parseFieldErrors(msg);
    expect(Object.keys(f)).toEqual(["name", "slug"]);
    expect(f.name).toBe("Required, at most 99 characters.");
    expect(f.slug).toMatch(/lower-case letters/);
  });

  it("keeps nested and indexed field names", () => {
    const f = parseFieldErrors('There are errors in the following fields, env_variables[0].name: must match "^[a-zA-Z_][a-zA-Z0-9_]*$"');
    expect(f).toEqual({ "env_variables[0].name": "Use letters, digits and _; do not start with a digit." });
  });

  it("does not split inside a message that contains commas", () => {
    const f = parseFieldErrors(
      "There are errors in the following fields, body: the value is missing, of the wrong type or not allowed (Unrecognized token 'garbage': was expecting JSON)",
    );
    expect(Object.keys(f)).toEqual(["body"]);
    expect(f.body).toMatch(/^The value is missing, of the wrong type/);
  });

  it("gives nothing for other messages", () => {
    expect(parseFieldErrors("The resource pool quota is exceeded.")).toEqual({});
  });
});

describe("friendlyFieldMessage", () => {
  it("rewords common validation texts", () => {
    expect(friendlyFieldMessage("description", "size must be between 0 and 500")).toBe("At most 500 characters.");
    expect(friendlyFieldMessage("slug", "must not be null")).toBe("Required.");
    expect(friendlyFieldMessage("environment.container_image", 'must match "^\\S+$"')).toMatch(/no spaces/);
    expect(friendlyFieldMessage("x", "must be greater than 0")).toBe("Must be greater than 0");
  });
});

describe("ApiError", () => {
  it("has per-field messages for 422 and for slug conflicts (409)", () => {
    const e422 = new ApiError(422, { code: 1422, message: "There are errors in the following fields, name: must not be blank" });
    expect(e422.fields).toEqual({ name: "Required." });
    const e409 = new ApiError(409, { code: 1409, message: "The slug alice is already in use." });
    expect(e409.fields).toEqual({ slug: "The slug alice is already in use." });
    expect(new ApiError(404, { code: 1404, message: "Gone" }).fields).toEqual({});
  });

  it("errorMessage covers network failures and plain errors", () => {
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/cannot be reached/);
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("text")).toBe("text");
  });
});

describe("mapFieldErrors", () => {
  it("renames API fields onto form fields and keeps the rest apart", () => {
    const { byField, other } = mapFieldErrors(
      { "environment.port": "Too big.", "env_variables[2].name": "Bad.", launcher_type: "Odd." },
      ["port", "envVariables"],
      { "environment.port": "port", "env_variables[].name": "envVariables" },
    );
    expect(byField).toEqual({ port: "Too big.", envVariables: "Bad." });
    expect(other).toEqual(["launcher_type: Odd."]);
  });
});
