// The user secret form <-> the API's bodies: local checks (the contract's limits), the expiry as
// a local date-time field, and whether a secret has expired.

import type { UserSecret, UserSecretPatch, UserSecretPost } from "../api/types";

export const SECRET_FIELDS = ["name", "value", "default_filename", "expiration_timestamp"] as const;

/** The contract's pattern for file names (users.yaml, SecretDefaultFilename). */
const FILENAME = /^[a-zA-Z0-9_\-.]*$/;

export interface SecretFormValues {
  name: string;
  value: string;
  defaultFilename: string;
  /** "YYYY-MM-DDTHH:mm" in the browser's time zone (an <input type="datetime-local">), or "". */
  expiration: string;
}

export const EMPTY_SECRET: SecretFormValues = { name: "", value: "", defaultFilename: "", expiration: "" };

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The value of a datetime-local input (local time) as an ISO instant, or null when empty or invalid. */
export function fromLocalInput(local: string): string | null {
  if (!local.trim()) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function isExpired(s: Pick<UserSecret, "expiration_timestamp">, now: number = Date.now()): boolean {
  if (!s.expiration_timestamp) return false;
  const t = new Date(s.expiration_timestamp).getTime();
  return !Number.isNaN(t) && t <= now;
}

/**
 * What the browser can tell before asking the API. `valueRequired` is false when editing (an
 * empty value keeps the stored one); `checkValue` false when the form has no value field.
 */
export function secretProblems(v: SecretFormValues, opts: { valueRequired: boolean; checkName?: boolean; now?: number }): Record<string, string> {
  const out: Record<string, string> = {};
  if (opts.checkName !== false) {
    if (!v.name.trim()) out.name = "Required.";
    else if (v.name.trim().length > 99) out.name = "At most 99 characters.";
  }
  if (opts.valueRequired && v.value.length === 0) out.value = "Required.";
  if (v.value.length > 5000) out.value = "At most 5000 characters.";
  if (v.defaultFilename && !FILENAME.test(v.defaultFilename)) out.default_filename = "Use letters, digits, dots, dashes and underscores only (no spaces or slashes).";
  else if (v.defaultFilename.length > 99) out.default_filename = "At most 99 characters.";
  if (v.expiration) {
    const iso = fromLocalInput(v.expiration);
    if (!iso) out.expiration_timestamp = "Not a valid date and time.";
    else if (new Date(iso).getTime() <= (opts.now ?? Date.now())) out.expiration_timestamp = "Choose a time in the future.";
  }
  return out;
}

/** The body of POST /user/secrets: empty optional fields are left out (the API fills them). */
export function secretPost(v: SecretFormValues): UserSecretPost {
  const body: UserSecretPost = { name: v.name.trim(), value: v.value, kind: "general" };
  if (v.defaultFilename.trim()) body.default_filename = v.defaultFilename.trim();
  const exp = fromLocalInput(v.expiration);
  if (exp) body.expiration_timestamp = exp;
  return body;
}

/** The body of PATCH /user/secrets/{id} for the details form: only what changed. */
export function secretPatch(old: UserSecret, v: SecretFormValues): UserSecretPatch {
  const body: UserSecretPatch = {};
  if (v.name.trim() !== old.name) body.name = v.name.trim();
  if (v.defaultFilename.trim() && v.defaultFilename.trim() !== old.default_filename) body.default_filename = v.defaultFilename.trim();
  if (v.expiration !== toLocalInput(old.expiration_timestamp)) body.expiration_timestamp = fromLocalInput(v.expiration);
  if (v.value) body.value = v.value;
  return body;
}
