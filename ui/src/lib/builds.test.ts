import { describe, expect, it } from "vitest";
import { buildStatusInfo, frontendsFor, hasImage, isFinished } from "./builds";

describe("builds", () => {
  it("offers JupyterLab first and VSCodium for Python, nothing for an unknown builder", () => {
    expect(frontendsFor("python").map((f) => f.value)).toEqual(["jupyterlab", "vscodium"]);
    expect(frontendsFor("cobol")).toEqual([]);
  });

  it("an environment has an image once a build made one", () => {
    expect(hasImage({})).toBe(false);
    expect(hasImage({ container_image: " " })).toBe(false);
    expect(hasImage({ container_image: "image:unknown-at-the-moment" })).toBe(false);
    expect(hasImage({ container_image: "localhost:5000/renku-build:01abc" })).toBe(true);
  });

  it("names each state", () => {
    expect(buildStatusInfo({ status: "in_progress" })).toEqual({ label: "Build in progress", tone: "progress" });
    expect(buildStatusInfo({ status: "succeeded" }).tone).toBe("ok");
    expect(buildStatusInfo({ status: "failed" }).label).toBe("Build failed");
    expect(buildStatusInfo({ status: "cancelled" }).label).toBe("Build cancelled");
    expect(isFinished("in_progress")).toBe(false);
    expect(isFinished("cancelled")).toBe(true);
    expect(isFinished(undefined)).toBe(false);
  });
});
