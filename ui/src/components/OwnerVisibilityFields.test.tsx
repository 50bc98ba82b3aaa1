import { fireEvent, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { useWritableNamespaces } from "../api/queries";
import type { Visibility } from "../api/types";
import { mockApi, renderWithProviders } from "../test/utils";
import { OwnerVisibilityFields } from "./OwnerVisibilityFields";

const namespaces = [
  { id: "N1", slug: "alice", namespace_kind: "user", path: "alice", created_by: "u-alice" },
  { id: "N2", slug: "lab", name: "The Lab", namespace_kind: "group", path: "lab" },
];

function Owner(props: { current?: string; disabled?: boolean; errors?: Record<string, string>; onNamespace?: (s: string) => void }) {
  const q = useWritableNamespaces(true);
  const [namespace, setNamespace] = useState(props.current ?? "alice");
  const [visibility, setVisibility] = useState<Visibility>("private");
  return (
    <>
      <OwnerVisibilityFields
        namespaces={q}
        namespace={namespace}
        onNamespaceChange={(s) => {
          setNamespace(s);
          props.onNamespace?.(s);
        }}
        visibility={visibility}
        onVisibilityChange={setVisibility}
        errors={props.errors ?? {}}
        ownerHint="Where the project lives."
        visibilityHints={{ private: "Members only.", public: "Everyone." }}
        current={props.current}
        disabled={props.disabled}
      />
      <output data-testid="state">{`${namespace} ${visibility}`}</output>
    </>
  );
}

describe("OwnerVisibilityFields", () => {
  it("lists the writable namespaces once loaded and reports the choices", async () => {
    mockApi({ "GET /api/data/namespaces": [200, namespaces] });
    const onNamespace = vi.fn();
    renderWithProviders(<Owner onNamespace={onNamespace} errors={{ visibility: "Not allowed here." }} />);
    expect(screen.getByText("Loading namespaces…")).toBeTruthy();
    await screen.findByRole("option", { name: "alice (you)" });
    expect(screen.getByRole("option", { name: "The Lab (group @lab)" })).toBeTruthy();
    expect(screen.getByText("Where the project lives.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Owner/), { target: { value: "lab" } });
    fireEvent.click(screen.getByLabelText("Public"));
    expect(onNamespace).toHaveBeenCalledWith("lab");
    expect(screen.getByTestId("state").textContent).toBe("lab public");
    expect(screen.getByText("Everyone.")).toBeTruthy();
    expect(screen.getByText("Not allowed here.")).toBeTruthy();
  });

  it("shows why the namespaces could not be loaded", async () => {
    mockApi({ "GET /api/data/namespaces": [500, { error: { code: 1500, message: "Database down." } }] });
    renderWithProviders(<Owner />);
    expect((await screen.findByRole("alert")).textContent).toContain("Database down.");
    expect(screen.queryByLabelText(/^Owner/)).toBeNull();
  });

  it("moving a project keeps its current namespace listed, and can be read-only", async () => {
    mockApi({ "GET /api/data/namespaces": [200, namespaces] });
    renderWithProviders(<Owner current="elsewhere" disabled />);
    const select = screen.getByLabelText(/^Owner/) as HTMLSelectElement;
    expect(select.value).toBe("elsewhere");
    await screen.findByRole("option", { name: "alice" });
    expect(screen.getByRole("option", { name: "elsewhere" })).toBeTruthy();
    expect(select.disabled).toBe(true);
    expect((screen.getByLabelText("Private") as HTMLInputElement).closest("fieldset")?.disabled).toBe(true);
  });
});
