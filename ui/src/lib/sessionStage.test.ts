import { describe, expect, it } from "vitest";
import type { SessionStatus } from "../api/types";
import { pollInterval, sessionStage } from "./sessionStage";

const st = (s: Partial<SessionStatus>): SessionStatus => ({ state: "starting", ready_containers: 0, total_containers: 0, ...s });

describe("sessionStage", () => {
  it("starting without containers: requesting resources (step 1)", () => {
    const i = sessionStage(st({ state: "starting", total_containers: 0 }));
    expect([i.stage, i.step, i.tone, i.transient, i.canOpen]).toEqual(["requesting", 1, "progress", true, false]);
  });

  it("starting with containers: starting services (step 2), with the server's message", () => {
    const i = sessionStage(st({ state: "starting", total_containers: 1, message: "Starting the session." }));
    expect([i.stage, i.step, i.description]).toEqual(["starting", 2, "Starting the session."]);
    expect(i.canPause).toBe(true);
  });

  it("running: step 3, can be opened and paused", () => {
    const i = sessionStage(st({ state: "running", ready_containers: 1, total_containers: 1 }));
    expect([i.stage, i.step, i.canOpen, i.canPause, i.canResume, i.transient]).toEqual(["running", 3, true, true, false, false]);
  });

  it("hibernated: paused, can be resumed", () => {
    const i = sessionStage(st({ state: "hibernated" }));
    expect([i.stage, i.label, i.canResume, i.canOpen]).toEqual(["paused", "Paused", true, false]);
  });

  it("failed: the reason is shown, resume and pause are offered", () => {
    const i = sessionStage(st({ state: "failed", message: "The image could not be pulled." }));
    expect([i.stage, i.tone, i.description, i.canResume, i.canPause]).toEqual(["failed", "error", "The image could not be pulled.", true, true]);
    expect(sessionStage(st({ state: "failed" })).description).toMatch(/logs/);
  });

  it("stopping, succeeded and unknown states", () => {
    expect(sessionStage(st({ state: "stopping" })).transient).toBe(true);
    expect(sessionStage(st({ state: "succeeded" })).label).toBe("Finished");
    expect(sessionStage(undefined).stage).toBe("unknown");
  });
});

describe("pollInterval", () => {
  it("polls every second while the state changes, less often otherwise", () => {
    expect(pollInterval(st({ state: "starting" }))).toBe(1000);
    expect(pollInterval(st({ state: "stopping" }))).toBe(1000);
    expect(pollInterval(st({ state: "running" }))).toBe(5000);
    expect(pollInterval(st({ state: "hibernated" }))).toBe(5000);
  });
});
