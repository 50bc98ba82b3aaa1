import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi, renderWithProviders } from "../test/utils";
import { SessionAlerts } from "./SessionAlerts";

const alert = (id: string, title: string, message: string) => ({
  id,
  title,
  message,
  event_type: "session_high_memory",
  user_id: "u-alice",
  session_name: "renku-abc",
  creation_date: "2026-12-05T12:00:00Z",
});

describe("SessionAlerts", () => {
  it("asks for the session's alerts and shows each title and message", async () => {
    const calls = mockApi({
      "GET /api/data/alerts": ({ url }) =>
        url.searchParams.get("session_name") === "renku-abc"
          ? [200, [alert("A2", "Memory almost full", "Your session uses **95%** of its memory."), alert("A1", "Quota low", "See [usage](https://renku.example/usage).")]]
          : [200, []],
    });
    renderWithProviders(<SessionAlerts sessionName="renku-abc" />);
    expect(await screen.findByText("2 alerts about this session")).toBeTruthy();
    expect(screen.getByText("Memory almost full")).toBeTruthy();
    expect(screen.getByText("Quota low")).toBeTruthy();
    const link = await screen.findByRole("link", { name: "usage" });
    expect(link.getAttribute("target")).toBe("_blank");
    expect(calls[0].path).toBe("/api/data/alerts");
  });

  it("shows nothing without alerts or when they cannot be read", async () => {
    const calls = mockApi({ "GET /api/data/alerts": [200, []] });
    const { container } = renderWithProviders(<SessionAlerts sessionName="renku-abc" />);
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    expect(container.querySelector("[data-testid=session-alerts]")).toBeNull();

    mockApi({ "GET /api/data/alerts": [500, { error: { code: 1500, message: "boom" } }] });
    const failed = renderWithProviders(<SessionAlerts sessionName="renku-xyz" />);
    await waitFor(() => expect(failed.container.textContent).toBe(""));
    expect(screen.queryByText(/alerts? about this session/)).toBeNull();
  });
});
