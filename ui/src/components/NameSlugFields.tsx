// A name and the slug derived from it, with a live preview of the address and inline checks.
// The slug follows the name until the user edits it.

import { useState } from "react";
import { slugify, slugProblem } from "../lib/slug";
import { TextField } from "./fields";

export interface NameSlug {
  name: string;
  slug: string;
  slugEdited: boolean;
}

export function useNameSlug(initial: { name?: string; slug?: string } = {}) {
  const [state, setState] = useState<NameSlug>({
    name: initial.name ?? "",
    slug: initial.slug ?? "",
    slugEdited: !!initial.slug,
  });
  const setName = (name: string) => setState((s) => ({ ...s, name, slug: s.slugEdited ? s.slug : slugify(name) }));
  const setSlug = (slug: string) => setState((s) => ({ ...s, slug, slugEdited: true }));
  const reset = (v: { name: string; slug: string }) => setState({ ...v, slugEdited: true });
  return { ...state, setName, setSlug, reset };
}

export function NameSlugFields({
  value,
  nameLabel,
  pathPrefix,
  errors,
  onEdit,
  nameId = "name",
  slugId = "slug",
  slugLocked,
}: {
  value: ReturnType<typeof useNameSlug>;
  nameLabel: string;
  /** The address up to the slug, e.g. "/p/alice/". */
  pathPrefix: string;
  errors: Record<string, string>;
  onEdit?: (field: "name" | "slug") => void;
  nameId?: string;
  slugId?: string;
  /** Shown but not editable, with this text as the hint (e.g. only owners may change it). */
  slugLocked?: string;
}) {
  const [touched, setTouched] = useState(false);
  const local = value.slug && (touched || value.slugEdited) ? slugProblem(value.slug) : null;
  const slugError = errors.slug ?? local ?? undefined;
  return (
    <>
      <TextField
        id={nameId}
        name="name"
        label={nameLabel}
        value={value.name}
        required
        maxLength={99}
        autoComplete="off"
        error={errors.name}
        onChange={(e) => {
          value.setName(e.target.value);
          onEdit?.("name");
        }}
      />
      <TextField
        id={slugId}
        name="slug"
        label="Slug"
        hint={slugLocked ?? "The last part of the address: lower-case letters, digits, -, _ and ."}
        readOnly={!!slugLocked}
        value={value.slug}
        required
        maxLength={99}
        autoComplete="off"
        spellCheck={false}
        error={slugError}
        onBlur={() => setTouched(true)}
        onChange={(e) => {
          value.setSlug(e.target.value);
          onEdit?.("slug");
        }}
        after={
          <>
            Address: <strong data-testid="slug-preview">{pathPrefix}{value.slug || "…"}</strong>
          </>
        }
      />
    </>
  );
}
