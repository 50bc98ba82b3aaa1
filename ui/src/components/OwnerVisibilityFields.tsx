// The owner (a namespace the caller may write to) and the visibility of a project: one field set
// for creating, copying and moving a project.

import type { UseQueryResult } from "@tanstack/react-query";
import type { Namespace, Visibility } from "../api/types";
import { RadioGroup, SelectField } from "./fields";
import { ErrorAlert, Loading } from "./ui";

export function OwnerVisibilityFields({
  namespaces,
  namespace,
  onNamespaceChange,
  visibility,
  onVisibilityChange,
  errors,
  ownerHint,
  visibilityHints,
  current,
  disabled,
}: {
  /** The caller's writable namespaces (useWritableNamespaces). */
  namespaces: UseQueryResult<Namespace[], Error>;
  namespace: string;
  onNamespaceChange: (slug: string) => void;
  visibility: Visibility;
  onVisibilityChange: (visibility: Visibility) => void;
  /** Field errors by name: `namespace` and `visibility` are shown here. */
  errors: Record<string, string>;
  ownerHint?: string;
  visibilityHints?: Record<Visibility, string>;
  /**
   * The namespace of an existing project that is being moved: it stays listed even where the
   * caller may not write, the select is shown at once (the current owner is known without the
   * list), and the caller's own namespace is listed by its slug alone.
   */
  current?: string;
  /** Shown but not editable (e.g. only the project's owners may change them). */
  disabled?: boolean;
}) {
  const moving = current !== undefined;
  const owner =
    !moving && namespaces.isPending ? (
      <Loading label="Loading namespaces…" />
    ) : !moving && namespaces.error ? (
      <ErrorAlert error={namespaces.error} />
    ) : (
      <SelectField
        id="namespace"
        name="namespace"
        label="Owner"
        hint={ownerHint}
        disabled={disabled}
        value={namespace}
        error={errors.namespace}
        onChange={(e) => onNamespaceChange(e.target.value)}
      >
        {moving && !namespaces.data?.some((n) => n.slug === current) && <option value={current}>{current}</option>}
        {(namespaces.data ?? []).map((n) => (
          <option key={n.id} value={n.slug}>
            {n.namespace_kind === "user" ? (moving ? n.slug : `${n.slug} (you)`) : `${n.name ?? n.slug} (group @${n.slug})`}
          </option>
        ))}
      </SelectField>
    );
  return (
    <>
      {owner}
      <RadioGroup<Visibility>
        legend="Visibility"
        name="visibility"
        disabled={disabled}
        value={visibility}
        onChange={onVisibilityChange}
        error={errors.visibility}
        options={[
          { value: "private", label: "Private", hint: visibilityHints?.private },
          { value: "public", label: "Public", hint: visibilityHints?.public },
        ]}
      />
    </>
  );
}
