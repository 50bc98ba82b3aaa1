// The rclone schema (GET /storage_schema) -> a configuration form, and the form's values -> an
// rclone configuration. Credentials (sensitive and password options) never go into a saved
// configuration: it holds the placeholder "<sensitive>" for them (as the original), and each user
// saves their own values with /data_connectors/{id}/secrets. Only the connection test sends them.

import type { RCloneConfig, RCloneEntry, RCloneOption } from "../api/types";

/** What a saved configuration holds in place of a credential. */
export const SENSITIVE = "<sensitive>";

/** The storage types offered first (as the original's form), the rest follow by name. */
const FEATURED = ["s3", "azureblob", "polybox", "switchDrive", "webdav", "sftp"];

/** Form values by option name: text for most options, booleans for bool options. */
export type OptionValues = Record<string, string | boolean>;

export function isSecretOption(o: Pick<RCloneOption, "sensitive" | "ispassword">): boolean {
  return !!o.sensitive || !!o.ispassword;
}

const INT_TYPES = new Set(["int", "Duration", "SizeSuffix", "MultiEncoder"]);

/**
 * Whether an option applies to a provider: its `provider` is empty (all), a comma-separated list,
 * or "!" and a list (all but those).
 */
export function optionApplies(o: Pick<RCloneOption, "provider">, provider: string | undefined): boolean {
  const rule = o.provider ?? "";
  if (!rule) return true;
  const negate = rule.startsWith("!");
  const list = (negate ? rule.slice(1) : rule).split(",").map((p) => p.trim());
  return list.includes(provider ?? "") !== negate;
}

export function sortedTypes(schema: RCloneEntry[]): RCloneEntry[] {
  const rank = (e: RCloneEntry) => {
    const i = FEATURED.indexOf(e.prefix);
    return i < 0 ? FEATURED.length : i;
  };
  return [...schema].sort((a, b) => rank(a) - rank(b) || (a.description || a.name).localeCompare(b.description || b.name));
}

export function providerOption(entry: RCloneEntry | undefined): RCloneOption | undefined {
  return entry?.options.find((o) => o.name === "provider");
}

/** The examples of an option that apply to a provider. */
export function examplesFor(o: RCloneOption, provider: string | undefined) {
  return (o.examples ?? []).filter((e) => !e.provider || optionApplies({ provider: e.provider }, provider));
}

/** The options to show for a type and provider: the usual ones, and the advanced ones apart. */
export function visibleOptions(entry: RCloneEntry, provider: string | undefined): { main: RCloneOption[]; advanced: RCloneOption[] } {
  const opts = entry.options.filter((o) => o.name !== "provider" && optionApplies(o, provider));
  // Options may repeat with different provider rules (rclone lists "endpoint" once per provider group).
  const seen = new Set<string>();
  const unique = opts.filter((o) => (seen.has(o.name) ? false : (seen.add(o.name), true)));
  return { main: unique.filter((o) => !o.advanced || o.required), advanced: unique.filter((o) => o.advanced && !o.required) };
}

function hasDefault(o: RCloneOption): boolean {
  const d = o.default;
  return d !== undefined && d !== null && d !== "" && d !== false && d !== 0;
}

function boolDefault(o: RCloneOption): boolean {
  return o.default === true || o.default_str === "true";
}

/** The first paragraph of rclone's help text (the rest is details and examples). */
export function shortHelp(o: Pick<RCloneOption, "help">): string {
  return (o.help ?? "").split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, " ").trim();
}

/** The form's values from a saved configuration; credentials stay empty (never pre-filled). */
export function valuesFromConfig(entry: RCloneEntry | undefined, config: RCloneConfig | undefined): OptionValues {
  const out: OptionValues = {};
  if (!entry || !config) return out;
  for (const [k, v] of Object.entries(config)) {
    if (k === "type" || v === null || v === undefined) continue;
    const o = entry.options.find((x) => x.name === k);
    if (o && isSecretOption(o)) continue;
    if (v === SENSITIVE) continue;
    if (typeof v === "boolean") out[k] = v;
    else if (o?.type === "Tristate" && typeof v === "object") out[k] = String((v as { value?: unknown }).value ?? "");
    else out[k] = String(v);
  }
  return out;
}

/** The options a saved configuration asks each user's credentials for. */
export function credentialKeys(config: RCloneConfig | undefined): string[] {
  return Object.entries(config ?? {})
    .filter(([, v]) => v === SENSITIVE)
    .map(([k]) => k);
}

export interface BuiltConfiguration {
  configuration: RCloneConfig;
  /** Problems by option name (a required option left empty, a number that is not one). */
  problems: Record<string, string>;
}

/**
 * The rclone configuration of the form's values. `secrets: "placeholder"` (what is saved) puts
 * "<sensitive>" for each credential typed or kept; `secrets: "values"` (the connection test) sends
 * what was typed.
 */
export function buildConfiguration(
  entry: RCloneEntry,
  values: OptionValues,
  opts: { secrets: "placeholder" | "values"; keep?: string[] },
): BuiltConfiguration {
  const configuration: RCloneConfig = { type: entry.prefix };
  const problems: Record<string, string> = {};
  const pOpt = providerOption(entry);
  const provider = typeof values.provider === "string" && values.provider.trim() ? values.provider.trim() : undefined;
  if (pOpt) {
    if (provider) configuration.provider = provider;
    else if (pOpt.required && !hasDefault(pOpt)) problems.provider = "Required.";
  }
  const { main, advanced } = visibleOptions(entry, provider);
  for (const o of [...main, ...advanced]) {
    const v = values[o.name];
    if (isSecretOption(o)) {
      const typed = typeof v === "string" && v.length > 0;
      if (typed) configuration[o.name] = opts.secrets === "values" ? v : SENSITIVE;
      else if (opts.keep?.includes(o.name) || (o.required && !hasDefault(o))) configuration[o.name] = SENSITIVE;
      continue;
    }
    if (o.type === "bool") {
      if (typeof v === "boolean" && v !== boolDefault(o)) configuration[o.name] = v;
      continue;
    }
    const text = typeof v === "string" ? v.trim() : "";
    if (!text) {
      if (o.required && !hasDefault(o)) problems[o.name] = "Required.";
      continue;
    }
    if (INT_TYPES.has(o.type)) {
      if (/^-?\d+$/.test(text)) configuration[o.name] = Number(text);
      else problems[o.name] = "Enter a whole number.";
    } else if (o.type === "Tristate") {
      configuration[o.name] = { value: text === "true", valid: true };
    } else {
      configuration[o.name] = text;
    }
  }
  return { configuration, problems };
}

/** The credentials typed in the form, to save for the caller (PATCH /data_connectors/{id}/secrets). */
export function typedCredentials(entry: RCloneEntry, values: OptionValues): { name: string; value: string }[] {
  const provider = typeof values.provider === "string" ? values.provider : undefined;
  const { main, advanced } = visibleOptions(entry, provider);
  return [...main, ...advanced]
    .filter((o) => isSecretOption(o))
    .map((o) => ({ name: o.name, value: values[o.name] }))
    .filter((c): c is { name: string; value: string } => typeof c.value === "string" && c.value.length > 0);
}

/** The field name of an option in the form (kept apart from the connector's own fields). */
export function optionField(name: string): string {
  return `config.${name}`;
}

/**
 * How the API may name a configuration option in a 422 ("endpoint", "configuration.endpoint",
 * "storage.configuration.endpoint") -> the form's field.
 */
export function optionRenames(entry: RCloneEntry | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of entry?.options ?? []) {
    for (const key of [o.name, `configuration.${o.name}`, `storage.configuration.${o.name}`]) out[key] = optionField(o.name);
  }
  out.provider = optionField("provider");
  return out;
}

/**
 * The configuration of a storage PATCH: the API merges it into the saved one, so an option the
 * form no longer has is sent as null (removed). Null when nothing changed.
 */
export function configurationPatch(saved: RCloneConfig, next: RCloneConfig): RCloneConfig | null {
  const patch: RCloneConfig = {};
  for (const [k, v] of Object.entries(next)) {
    if (JSON.stringify(saved[k]) !== JSON.stringify(v)) patch[k] = v;
  }
  for (const k of Object.keys(saved)) {
    if (!(k in next) && saved[k] !== null && saved[k] !== undefined) patch[k] = null;
  }
  return Object.keys(patch).length ? patch : null;
}
