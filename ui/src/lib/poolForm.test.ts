import { describe, expect, it } from "vitest";
import { classBody, classFormFrom, minutesFieldToSeconds, poolBody, poolFormFrom, quotaBody, secondsToMinutesField, validateClass, validatePoolForm, validateQuota } from "./poolForm";

describe("thresholds", () => {
  it("converts minutes and seconds both ways", () => {
    expect(secondsToMinutesField(7200)).toBe("120");
    expect(secondsToMinutesField(90)).toBe("1.5");
    expect(secondsToMinutesField(0)).toBe("");
    expect(minutesFieldToSeconds("120")).toBe(7200);
    expect(minutesFieldToSeconds(" ")).toBe(0);
    expect(minutesFieldToSeconds("1.5")).toBe(90);
    expect(minutesFieldToSeconds("-3")).toBeNaN();
    expect(minutesFieldToSeconds("soon")).toBeNaN();
  });
});

describe("pool form", () => {
  it("fills from a pool and builds the body", () => {
    const f = poolFormFrom({ id: 1, name: "GPU pool", classes: [], public: false, default: false, platform: "linux/amd64", idle_threshold: 3600, hibernation_threshold: 86400 });
    expect(f).toEqual({ name: "GPU pool", public: false, default: false, idleMinutes: "60", hibernationMinutes: "1440" });
    expect(poolBody(f)).toEqual({ name: "GPU pool", public: false, default: false, idle_threshold: 3600, hibernation_threshold: 86400 });
  });

  it("validates the name length and thresholds", () => {
    expect(validatePoolForm({ name: "abc", public: true, default: false, idleMinutes: "x", hibernationMinutes: "" })).toEqual({
      name: "Between 5 and 40 characters.",
      idle_threshold: "A number of minutes (0 or empty: never).",
    });
  });
});

describe("quota and classes", () => {
  it("validates a quota", () => {
    expect(validateQuota({ cpu: "0", memory: "1.5", gpu: "-1" })).toEqual({ cpu: "More than 0 CPUs.", memory: "A whole number of GB, at least 1.", gpu: "A whole number, 0 or more." });
    expect(validateQuota({ cpu: "0.5", memory: "2", gpu: "" })).toEqual({});
    expect(quotaBody({ cpu: "0.5", memory: "2", gpu: "" })).toEqual({ cpu: 0.5, memory: 2, gpu: 0 });
  });

  it("validates a class: default disk within the maximum", () => {
    const f = classFormFrom({ name: "big", cpu: 4, memory: 16, gpu: 1, max_storage: 10, default_storage: 20 });
    expect(validateClass(f)).toEqual({ default_storage: "Cannot be more than the maximum disk." });
    expect(classBody({ ...f, default_storage: "5" })).toEqual({ name: "big", cpu: 4, memory: 16, gpu: 1, max_storage: 10, default_storage: 5, default: false, quota_enforced: true });
  });
});
