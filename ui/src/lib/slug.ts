// Slugs as the data service accepts them (common.yaml Slug): lower case letters, digits and the
// separators "-", "_" and "."; starting with a letter or digit; no two separators in a row; not
// ending with ".git" or ".atom"; 1 to 99 characters.

export const SLUG_MAX = 99;
const SLUG_RE = /^(?!.*\.git$|.*\.atom$|.*[-._][-._].*)[a-z0-9][a-z0-9\-_.]*$/;

/** Derives a slug from a name: "Mon Projet été!" → "mon-projet-ete". */
export function slugify(name: string): string {
  let s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\-_.]+/g, "-")
    .replace(/[-_.]{2,}/g, "-")
    .replace(/^[-_.]+/, "")
    .slice(0, SLUG_MAX)
    .replace(/[-_.]+$/, "");
  while (/\.(git|atom)$/.test(s)) s = s.replace(/\.(git|atom)$/, "-$1");
  return s;
}

/** Why a slug would be refused, or null when it is fine. */
export function slugProblem(slug: string): string | null {
  if (slug.length === 0) return "Required.";
  if (slug.length > SLUG_MAX) return `At most ${SLUG_MAX} characters.`;
  if (/[A-Z]/.test(slug)) return "Use lower-case letters only.";
  if (/[^a-z0-9\-_.]/.test(slug)) return "Only letters, digits, -, _ and . are allowed.";
  if (!/^[a-z0-9]/.test(slug)) return "Start with a letter or a digit.";
  if (/[-._][-._]/.test(slug)) return "Do not put two separators in a row.";
  if (/\.(git|atom)$/.test(slug)) return 'Do not end with ".git" or ".atom".';
  return SLUG_RE.test(slug) ? null : "Not a valid slug.";
}

export function isValidSlug(slug: string): boolean {
  return slugProblem(slug) === null;
}

/** The address a project will have: "/p/<namespace>/<slug>". */
export function projectPath(namespace: string, slug: string): string {
  return `/p/${namespace || "…"}/${slug || "…"}`;
}

export function groupPath(slug: string): string {
  return `/g/${slug || "…"}`;
}
