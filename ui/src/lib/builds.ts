// Image builds of launcher environments ("build from code"): the builder and front-end variants
// the form offers, and what a build's state means for the launcher card.

import type { Build, BuildStatus, Environment } from "../api/types";

export interface VariantOption {
  value: string;
  label: string;
  hint: string;
}

/** How a repository's dependencies are installed; the first is the default. */
export const BUILDER_VARIANTS: readonly VariantOption[] = [
  {
    value: "python",
    label: "Python",
    hint: "Installs the Python dependencies the repository declares (requirements.txt, pyproject.toml, environment.yml).",
  },
];

/** The session's user interface; the first a builder offers is its default. */
export const FRONTEND_VARIANTS: readonly VariantOption[] = [
  { value: "jupyterlab", label: "JupyterLab", hint: "Notebooks, code and data in the browser." },
  { value: "vscodium", label: "VSCodium", hint: "The freely licensed build of the VS Code editor." },
];

const COMBINATIONS: Record<string, string[]> = {
  python: ["jupyterlab", "vscodium"],
};

export function frontendsFor(builderVariant: string): VariantOption[] {
  const allowed = COMBINATIONS[builderVariant] ?? [];
  return FRONTEND_VARIANTS.filter((f) => allowed.includes(f.value));
}

export function variantLabel(options: readonly VariantOption[], value: string | undefined): string {
  return options.find((o) => o.value === value)?.label ?? value ?? "";
}

/** The original platform's stand-in image of a build environment that was never built. */
const NOT_BUILT_PLACEHOLDER = "image:unknown-at-the-moment";

export function isBuildEnvironment(env: Pick<Environment, "environment_image_source">): boolean {
  return env.environment_image_source === "build";
}

/** A session can start only from an image: a build environment has none until a build succeeds. */
export function hasImage(env: Pick<Environment, "container_image">): boolean {
  const image = env.container_image?.trim();
  return !!image && image !== NOT_BUILT_PLACEHOLDER;
}

export function isFinished(status: BuildStatus | undefined): boolean {
  return status !== undefined && status !== "in_progress";
}

export interface BuildStatusInfo {
  label: string;
  tone: "ok" | "progress" | "error" | "";
}

export function buildStatusInfo(build: Pick<Build, "status">): BuildStatusInfo {
  switch (build.status) {
    case "in_progress":
      return { label: "Build in progress", tone: "progress" };
    case "succeeded":
      return { label: "Build succeeded", tone: "ok" };
    case "cancelled":
      return { label: "Build cancelled", tone: "" };
    default:
      return { label: "Build failed", tone: "error" };
  }
}

/** Step logs in a stable order: the API's order, which follows the build's steps. */
export function logSteps(logs: Record<string, string> | undefined): [string, string][] {
  return Object.entries(logs ?? {});
}
