// The data service and the gateway answer every failure with the envelope
// {"error": {"code", "message", "detail"?, "trace_id"?}}. This module turns any answer into an
// ApiError with a readable message, and splits validation messages (422) into per-field ones.

export interface ErrorBody {
  code: number;
  message: string;
  detail?: string;
  trace_id?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly detail?: string;
  readonly traceId?: string;
  /** Messages by request field ("slug", "env_variables[0].name"), from a 422 or a 409. */
  readonly fields: Record<string, string>;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.detail = body.detail;
    this.traceId = body.trace_id;
    this.fields = status === 422 ? parseFieldErrors(body.message) : status === 409 ? conflictFields(body.message) : {};
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "The request was not understood.",
  401: "You have to log in first.",
  403: "You are not allowed to do this.",
  404: "This does not exist, or you cannot see it.",
  409: "This conflicts with the current state; reload and try again.",
  413: "The request is too large.",
  422: "Some values are not valid.",
  428: "The page is out of date; reload and try again.",
  429: "Too many requests; wait a moment and try again.",
  500: "The server failed. Try again later.",
  502: "The platform cannot be reached right now.",
  503: "The platform is temporarily unavailable. Try again in a minute.",
  504: "The platform took too long to answer.",
};

/** Reads the error envelope out of a response body; falls back to a text per HTTP status. */
export function parseErrorEnvelope(status: number, text: string): ErrorBody {
  if (text) {
    try {
      const json = JSON.parse(text) as unknown;
      if (json && typeof json === "object" && "error" in json) {
        const e = (json as { error: unknown }).error;
        if (e && typeof e === "object" && typeof (e as ErrorBody).message === "string") {
          const b = e as ErrorBody;
          return {
            code: typeof b.code === "number" ? b.code : 1000 + status,
            message: b.message,
            detail: typeof b.detail === "string" ? b.detail : undefined,
            trace_id: typeof b.trace_id === "string" ? b.trace_id : undefined,
          };
        }
      }
    } catch {
      // not JSON: an HTML page from a proxy, for instance
    }
  }
  return { code: 1000 + status, message: STATUS_TEXT[status] ?? `The request failed (HTTP ${status}).` };
}

const FIELDS_PREFIX = /^There are errors in the following fields,\s*/i;
// A field name: identifiers joined by dots, with optional [index] parts.
const FIELD = "[A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+\\])?(?:\\.[A-Za-z_][A-Za-z0-9_]*(?:\\[\\d+\\])?)*";
const FIELD_START = new RegExp(`(?:^|,\\s*)(${FIELD}):\\s`, "g");

/**
 * Splits "There are errors in the following fields, name: size must be between 1 and 99,
 * slug: must match "…"" into {name: "size must…", slug: "must match …"}. Messages that do not
 * follow that form give {}.
 */
export function parseFieldErrors(message: string): Record<string, string> {
  if (!FIELDS_PREFIX.test(message)) return {};
  const rest = message.replace(FIELDS_PREFIX, "");
  const starts: { field: string; at: number; end: number }[] = [];
  FIELD_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FIELD_START.exec(rest)) !== null) {
    starts.push({ field: m[1], at: m.index, end: m.index + m[0].length });
  }
  // Only keep starts where a message precedes them fully (avoid splitting inside quotes).
  const out: Record<string, string> = {};
  starts.forEach((s, i) => {
    const next = starts[i + 1];
    const text = rest.slice(s.end, next ? next.at : undefined).trim();
    out[s.field] = friendlyFieldMessage(s.field, text);
  });
  return out;
}

/** 409 messages name what is taken ("The slug alice is already in use."). */
function conflictFields(message: string): Record<string, string> {
  if (/slug/i.test(message)) return { slug: message };
  if (/name/i.test(message)) return { name: message };
  return {};
}

/** Replaces regular-expression messages by words people understand. */
export function friendlyFieldMessage(field: string, text: string): string {
  if (/^must match "/.test(text)) {
    const last = field.split(".").pop() ?? field;
    if (/slug|namespace/.test(last)) {
      return "Use lower-case letters, digits and single separators (- _ .); start with a letter or digit.";
    }
    if (/\]\.name$|^name$/.test(last) && field.includes("env_variables")) {
      return "Use letters, digits and _; do not start with a digit.";
    }
    if (field.includes("env_variables")) return "Use letters, digits and _; do not start with a digit.";
    if (/container_image/.test(last)) return "An image reference has no spaces, e.g. quay.io/jupyter/minimal-notebook.";
    return `Not in the expected format (${text.replace(/^must match /, "")}).`;
  }
  const size = /^size must be between (\d+) and (\d+)$/.exec(text);
  if (size) {
    if (size[1] === "0") return `At most ${size[2]} characters.`;
    if (size[1] === "1") return `Required, at most ${size[2]} characters.`;
    return `Between ${size[1]} and ${size[2]} characters.`;
  }
  if (/^must not be (null|blank|empty)$/.test(text)) return "Required.";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What to show for any error thrown by a query or mutation. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return "The platform cannot be reached. Check your connection and try again.";
  if (err instanceof Error) return err.message;
  return String(err);
}

export function isStatus(err: unknown, status: number): boolean {
  return err instanceof ApiError && err.status === status;
}

/**
 * Maps field errors of the API onto the fields of a form: keys may be renamed (the form's
 * "image" is the API's "environment.container_image"), unknown ones are returned apart so that
 * they still reach the user.
 */
export function mapFieldErrors(
  fields: Record<string, string>,
  known: readonly string[],
  rename: Record<string, string> = {},
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const [key, msg] of Object.entries(fields)) {
    const target = rename[key] ?? rename[key.replace(/\[\d+\]/g, "[]")] ?? key;
    if (known.includes(target)) {
      byField[target] = byField[target] ? `${byField[target]} ${msg}` : msg;
    } else {
      other.push(`${key}: ${msg}`);
    }
  }
  return { byField, other };
}
