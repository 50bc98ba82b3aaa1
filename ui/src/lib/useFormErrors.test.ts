import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { formErrorsFrom } from "./useFormErrors";

describe("formErrorsFrom", () => {
  it("puts the API's field messages under the form's fields", () => {
    const err = new ApiError(422, { code: 1422, message: "There are errors in the following fields, name: size must be between 1 and 99, visibility: must not be null" });
    expect(formErrorsFrom(err, ["name", "slug"])).toEqual({ fields: { name: "Required, at most 99 characters." }, other: ["visibility: Required."] });
  });

  it("keeps a message that names no known field at the top", () => {
    const err = new ApiError(422, { code: 1422, message: "There are errors in the following fields, launcher_type: bad" });
    expect(formErrorsFrom(err, ["name"])).toEqual({ fields: {}, other: ["launcher_type: Bad"] });
  });

  it("shows other failures as one message", () => {
    const err = new ApiError(403, { code: 1403, message: "You may not create projects in this namespace." });
    expect(formErrorsFrom(err, ["name"])).toEqual({ fields: {}, other: ["You may not create projects in this namespace."] });
    expect(formErrorsFrom(new TypeError("Failed to fetch"), ["name"]).other[0]).toMatch(/cannot be reached/);
  });

  it("a slug conflict lands on the slug", () => {
    const err = new ApiError(409, { code: 1409, message: "A project with the slug x already exists in namespace a." });
    expect(formErrorsFrom(err, ["name", "slug"]).fields).toEqual({ slug: "A project with the slug x already exists in namespace a." });
  });
});
