import { describe, expect, it } from "vitest";
import { S3, WEBDAV } from "../test/storageFixtures";
import { buildConfiguration, configurationPatch, credentialKeys, optionApplies, SENSITIVE, shortHelp, typedCredentials, valuesFromConfig, visibleOptions } from "./storageForm";

describe("storageForm", () => {
  it("applies provider rules: empty for all, a list, or ! for all but those", () => {
    expect(optionApplies({ provider: "" }, "AWS")).toBe(true);
    expect(optionApplies({ provider: "AWS,Ceph" }, "Ceph")).toBe(true);
    expect(optionApplies({ provider: "AWS,Ceph" }, "Other")).toBe(false);
    expect(optionApplies({ provider: "!AWS" }, "AWS")).toBe(false);
    expect(optionApplies({ provider: "!AWS" }, "Other")).toBe(true);
  });

  it("shows the options of the chosen provider, advanced ones apart", () => {
    const aws = visibleOptions(S3, "AWS");
    expect(aws.main.map((o) => o.name)).toEqual(["access_key_id", "secret_access_key", "region"]);
    expect(aws.advanced.map((o) => o.name)).toEqual(["upload_concurrency", "force_path_style"]);
    expect(visibleOptions(S3, "Other").main.map((o) => o.name)).toContain("endpoint");
  });

  it("saves credentials as placeholders, and sends them only for the connection test", () => {
    const values = { provider: "AWS", access_key_id: "AKIA123", secret_access_key: "s3cr3t", region: "eu-west-1", upload_concurrency: "8", force_path_style: true };
    const saved = buildConfiguration(S3, values, { secrets: "placeholder" });
    expect(saved.problems).toEqual({});
    // force_path_style equals its default: left out; the int option is a number.
    expect(saved.configuration).toEqual({ type: "s3", provider: "AWS", access_key_id: SENSITIVE, secret_access_key: SENSITIVE, region: "eu-west-1", upload_concurrency: 8 });
    expect(JSON.stringify(saved.configuration)).not.toContain("s3cr3t");
    const tested = buildConfiguration(S3, values, { secrets: "values" });
    expect(tested.configuration.secret_access_key).toBe("s3cr3t");
    expect(typedCredentials(S3, values)).toEqual([
      { name: "access_key_id", value: "AKIA123" },
      { name: "secret_access_key", value: "s3cr3t" },
    ]);
  });

  it("keeps the credentials a saved connector asks for, and drops untouched optional ones", () => {
    expect(buildConfiguration(S3, { provider: "AWS" }, { secrets: "placeholder", keep: ["access_key_id"] }).configuration).toEqual({ type: "s3", provider: "AWS", access_key_id: SENSITIVE });
    expect(buildConfiguration(WEBDAV, { url: "https://dav.example.org" }, { secrets: "placeholder" }).configuration).toEqual({ type: "webdav", url: "https://dav.example.org" });
  });

  it("reports required options and numbers that are not numbers", () => {
    expect(buildConfiguration(WEBDAV, {}, { secrets: "placeholder" }).problems).toEqual({ url: "Required." });
    expect(buildConfiguration(S3, { provider: "AWS", upload_concurrency: "many" }, { secrets: "placeholder" }).problems).toEqual({ upload_concurrency: "Enter a whole number." });
  });

  it("never pre-fills a credential from a saved configuration", () => {
    const config = { type: "s3", provider: "AWS", region: "eu-west-1", access_key_id: SENSITIVE, secret_access_key: "leaked-by-mistake" };
    expect(valuesFromConfig(S3, config)).toEqual({ provider: "AWS", region: "eu-west-1" });
    expect(credentialKeys(config)).toEqual(["access_key_id"]);
  });

  it("patches a saved configuration with the changes and null for removed options", () => {
    const saved = { type: "s3", provider: "AWS", region: "eu-west-1", access_key_id: SENSITIVE };
    expect(configurationPatch(saved, { ...saved })).toBeNull();
    expect(configurationPatch(saved, { type: "s3", provider: "AWS", access_key_id: SENSITIVE, endpoint: "e" })).toEqual({ region: null, endpoint: "e" });
  });

  it("shows the first paragraph of rclone's help", () => {
    expect(shortHelp({ help: "Line one\ncontinued.\n\nDetails." })).toBe("Line one continued.");
  });
});
