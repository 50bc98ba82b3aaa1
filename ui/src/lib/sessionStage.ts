// What a session's status means for the person waiting for it: the stage of the progress bar,
// a label, an explanation and which actions make sense.

import type { Session, SessionState } from "../api/types";

export type Stage = "requesting" | "starting" | "running" | "paused" | "stopping" | "failed" | "succeeded" | "unknown";

export interface StageInfo {
  stage: Stage;
  /** 1..3 on the way to running (requesting resources, starting services, running); 0 otherwise. */
  step: number;
  label: string;
  description: string;
  tone: "progress" | "ok" | "paused" | "error" | "neutral";
  canOpen: boolean;
  canPause: boolean;
  canResume: boolean;
  /** Whether the status should be polled every second (it is changing). */
  transient: boolean;
}

export const LAUNCH_STEPS = ["Requesting session resources", "Starting session services", "Session running"] as const;

export function sessionStage(status: Pick<Session["status"], "state" | "message" | "ready_containers" | "total_containers"> | undefined): StageInfo {
  const state: SessionState | undefined = status?.state;
  const msg = status?.message ?? "";
  switch (state) {
    case "starting": {
      // Resources are granted once the session's containers exist; until then it is queued.
      const started = (status?.total_containers ?? 0) > 0 || (status?.ready_containers ?? 0) > 0;
      return {
        stage: started ? "starting" : "requesting",
        step: started ? 2 : 1,
        label: started ? LAUNCH_STEPS[1] : LAUNCH_STEPS[0],
        description: msg || (started ? "The session's services are starting." : "Looking for room to run the session."),
        tone: "progress",
        canOpen: false,
        canPause: true,
        canResume: false,
        transient: true,
      };
    }
    case "running":
      return {
        stage: "running",
        step: 3,
        label: "Running",
        description: msg || "The session is ready.",
        tone: "ok",
        canOpen: true,
        canPause: true,
        canResume: false,
        transient: false,
      };
    case "hibernated":
      return {
        stage: "paused",
        step: 0,
        label: "Paused",
        description: msg || "The session is paused; its files are kept. Resume it to continue.",
        tone: "paused",
        canOpen: false,
        canPause: false,
        canResume: true,
        transient: false,
      };
    case "stopping":
      return {
        stage: "stopping",
        step: 0,
        label: "Stopping",
        description: msg || "The session is stopping.",
        tone: "progress",
        canOpen: false,
        canPause: false,
        canResume: false,
        transient: true,
      };
    case "failed":
      return {
        stage: "failed",
        step: 0,
        label: "Failed",
        description: msg || "The session failed. Look at its logs, then resume or delete it.",
        tone: "error",
        canOpen: false,
        canPause: true,
        canResume: true,
        transient: false,
      };
    case "succeeded":
      return {
        stage: "succeeded",
        step: 0,
        label: "Finished",
        description: msg || "The session has ended.",
        tone: "neutral",
        canOpen: false,
        canPause: false,
        canResume: false,
        transient: false,
      };
    default:
      return {
        stage: "unknown",
        step: 0,
        label: "Unknown",
        description: msg || "The state of the session is not known.",
        tone: "neutral",
        canOpen: false,
        canPause: false,
        canResume: false,
        transient: true,
      };
  }
}

/** How often to ask for a session's status: every second while it changes. */
export function pollInterval(status: Session["status"] | undefined): number {
  return sessionStage(status).transient ? 1000 : 5000;
}
