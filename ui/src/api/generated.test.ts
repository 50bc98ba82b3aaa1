import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The wire types are generated from the OpenAPI contract and committed; this fails when the
// contract changed and `npm run api-types` was not run (the build runs the same check).
describe("src/api/generated.ts", () => {
  it("matches a fresh generation from api/src/main/resources/openapi/data-api.yaml", () => {
    // Vitest runs in ui/ (its root); under jsdom import.meta.url is not a file URL.
    const script = resolve(process.cwd(), "scripts/api-types.mjs");
    let failure = "";
    try {
      execFileSync(process.execPath, [script, "--check"], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      failure = String((e as { stderr?: string }).stderr ?? e);
    }
    expect(failure).toBe("");
  }, 60_000);
});
