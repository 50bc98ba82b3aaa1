import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { renderWithProviders } from "../test/utils";
import { NameSlugFields, useNameSlug } from "./NameSlugFields";
import { ErrorAlert, SessionBadge, VisibilityBadge } from "./ui";

function Slugs({ errors = {} }: { errors?: Record<string, string> }) {
  const v = useNameSlug();
  return <NameSlugFields value={v} nameLabel="Project name" pathPrefix="/p/alice/" errors={errors} />;
}

describe("NameSlugFields", () => {
  it("derives the slug from the name and previews the address", () => {
    renderWithProviders(<Slugs />);
    fireEvent.change(screen.getByLabelText("Project name"), { target: { value: "My Great Project" } });
    expect((screen.getByLabelText(/^Slug/) as HTMLInputElement).value).toBe("my-great-project");
    expect(screen.getByTestId("slug-preview").textContent).toBe("/p/alice/my-great-project");
  });

  it("stops following the name once the slug is edited, and checks it inline", () => {
    renderWithProviders(<Slugs />);
    const slug = screen.getByLabelText(/^Slug/) as HTMLInputElement;
    fireEvent.change(slug, { target: { value: "Custom Slug" } });
    fireEvent.change(screen.getByLabelText("Project name"), { target: { value: "Another" } });
    expect(slug.value).toBe("Custom Slug");
    expect(slug.getAttribute("aria-invalid")).toBe("true");
    const described = slug.getAttribute("aria-describedby") ?? "";
    expect(described).toContain("slug-err");
    expect(document.getElementById("slug-err")?.textContent).toBe("Use lower-case letters only.");
  });

  it("shows the API's message under the field", () => {
    renderWithProviders(<Slugs errors={{ slug: "The slug alice is already in use." }} />);
    expect(screen.getByText("The slug alice is already in use.")).toBeTruthy();
  });
});

describe("ErrorAlert", () => {
  it("shows the envelope's message, detail and fields, with a login link on 401", () => {
    const err = new ApiError(401, { code: 1401, message: "You have to be authenticated.", detail: "Token expired", trace_id: "t-9" });
    renderWithProviders(<ErrorAlert error={err} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("You have to be authenticated.");
    expect(alert.textContent).toContain("Token expired");
    expect(alert.textContent).toContain("t-9");
    expect(screen.getByRole("link", { name: "Log in" }).getAttribute("href")).toMatch(/^\/api\/auth\/login\?redirect_url=/);
  });

  it("lists field errors of a 422", () => {
    const err = new ApiError(422, { code: 1422, message: "There are errors in the following fields, name: must not be blank" });
    renderWithProviders(<ErrorAlert error={err} />);
    expect(screen.getByRole("alert").textContent).toContain("name: Required.");
  });
});

describe("badges", () => {
  it("names visibility and session state in words", () => {
    renderWithProviders(
      <>
        <VisibilityBadge visibility="private" />
        <SessionBadge session={{ status: { state: "hibernated", ready_containers: 0, total_containers: 0 } }} />
        <SessionBadge session={{ status: { state: "starting", ready_containers: 0, total_containers: 1 } }} />
      </>,
    );
    expect(screen.getByText("Private")).toBeTruthy();
    expect(screen.getByText("Paused")).toBeTruthy();
    expect(screen.getByText("Starting")).toBeTruthy();
  });
});
