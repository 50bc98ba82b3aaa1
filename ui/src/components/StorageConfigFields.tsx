// The storage part of a data connector form, built from the rclone schema: the storage type, the
// provider (for types that have providers, like S3), then each option of that type and provider
// with rclone's help text; advanced options folded away. Credentials are password fields that
// are never pre-filled: a saved connector only knows which credentials it needs.

import { useId } from "react";
import type { RCloneEntry, RCloneOption } from "../api/types";
import { examplesFor, isSecretOption, optionField, providerOption, shortHelp, sortedTypes, visibleOptions, type OptionValues } from "../lib/storageForm";
import { Checkbox, SelectField, TextField } from "./fields";

function OptionInput({
  option,
  provider,
  value,
  onChange,
  error,
  credentialState,
}: {
  option: RCloneOption;
  provider: string | undefined;
  value: string | boolean | undefined;
  onChange: (v: string | boolean) => void;
  error?: string;
  /** For credentials: "saved" (the caller saved one), "needed" (the connector asks for one). */
  credentialState?: "saved" | "needed";
}) {
  const listId = useId();
  const field = optionField(option.name);
  const id = `opt-${option.name}`;
  const label = (
    <>
      <span className="mono">{option.name}</span>
      {option.required && <span className="muted"> (required)</span>}
    </>
  );
  const help = shortHelp(option);
  const dflt = option.default_str && !isSecretOption(option) ? ` Default: ${option.default_str}.` : "";
  if (isSecretOption(option)) {
    const state =
      credentialState === "saved"
        ? " You saved a value; type a new one to replace it."
        : credentialState === "needed"
          ? " Each user gives their own; it is not stored in the connector."
          : " A credential: saved for you only, never in the connector.";
    return (
      <TextField
        id={id}
        name={field}
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        label={label}
        hint={`${help}${state}`}
        value={typeof value === "string" ? value : ""}
        error={error}
        onChange={(e) => onChange(e.target.value)}
        data-sensitive="true"
      />
    );
  }
  if (option.type === "bool") {
    const checked = typeof value === "boolean" ? value : option.default === true || option.default_str === "true";
    return (
      <div className="field">
        <Checkbox id={id} name={field} label={label} hint={`${help}${dflt}`} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {error && <p className="error-text">{error}</p>}
      </div>
    );
  }
  const examples = examplesFor(option, provider);
  const text = typeof value === "string" ? value : "";
  if (option.exclusive && examples.length > 0) {
    return (
      <SelectField id={id} name={field} label={label} hint={`${help}${dflt}`} value={text} error={error} onChange={(e) => onChange(e.target.value)}>
        <option value="">{option.required ? "Choose…" : option.default_str ? `Default (${option.default_str})` : "Not set"}</option>
        {examples.map((ex) => (
          <option key={`${ex.value}-${ex.provider ?? ""}`} value={ex.value}>
            {ex.help ? `${ex.value} – ${ex.help.split("\n")[0]}` : ex.value}
          </option>
        ))}
      </SelectField>
    );
  }
  if (option.type === "Tristate") {
    return (
      <SelectField id={id} name={field} label={label} hint={help} value={text} error={error} onChange={(e) => onChange(e.target.value)}>
        <option value="">Not set</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </SelectField>
    );
  }
  return (
    <>
      <TextField
        id={id}
        name={field}
        label={label}
        hint={`${help}${dflt}`}
        placeholder={option.default_str || undefined}
        inputMode={["int", "SizeSuffix", "Duration"].includes(option.type) ? "numeric" : undefined}
        autoComplete="off"
        spellCheck={false}
        value={text}
        error={error}
        list={examples.length > 0 ? listId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {examples.length > 0 && (
        <datalist id={listId}>
          {examples.map((ex) => (
            <option key={`${ex.value}-${ex.provider ?? ""}`} value={ex.value}>
              {ex.help}
            </option>
          ))}
        </datalist>
      )}
    </>
  );
}

export function StorageConfigFields({
  schema,
  type,
  onTypeChange,
  values,
  onChange,
  errors,
  savedCredentials = [],
  neededCredentials = [],
  typeLocked = false,
}: {
  schema: RCloneEntry[];
  type: string;
  onTypeChange: (prefix: string) => void;
  values: OptionValues;
  onChange: (v: OptionValues) => void;
  errors: Record<string, string>;
  /** Credentials the caller saved for this connector (names only). */
  savedCredentials?: string[];
  /** Credentials the saved connector asks each user for. */
  neededCredentials?: string[];
  typeLocked?: boolean;
}) {
  const entry = schema.find((e) => e.prefix === type);
  const pOpt = providerOption(entry);
  const provider = typeof values.provider === "string" && values.provider ? values.provider : undefined;
  const set = (name: string, v: string | boolean) => onChange({ ...values, [name]: v });
  const { main, advanced } = entry ? visibleOptions(entry, provider) : { main: [], advanced: [] };
  const input = (o: RCloneOption) => (
    <OptionInput
      key={o.name}
      option={o}
      provider={provider}
      value={values[o.name]}
      onChange={(v) => set(o.name, v)}
      error={errors[optionField(o.name)]}
      credentialState={savedCredentials.includes(o.name) ? "saved" : neededCredentials.includes(o.name) ? "needed" : undefined}
    />
  );
  return (
    <fieldset>
      <legend>Storage</legend>
      <SelectField
        id="storage-type"
        name="config.type"
        label="Storage type"
        hint={entry ? entry.description : "Where the data lives. The options below depend on it."}
        value={type}
        disabled={typeLocked}
        error={errors["config.type"]}
        onChange={(e) => onTypeChange(e.target.value)}
      >
        <option value="">Choose a storage type…</option>
        {sortedTypes(schema).map((e) => (
          <option key={e.prefix} value={e.prefix}>
            {e.description.length > 70 ? `${e.description.slice(0, 67)}…` : e.description || e.name}
          </option>
        ))}
      </SelectField>
      {entry && pOpt && (
        <SelectField
          id="opt-provider"
          name={optionField("provider")}
          label="Provider"
          hint={shortHelp(pOpt)}
          value={provider ?? ""}
          error={errors[optionField("provider")]}
          onChange={(e) => set("provider", e.target.value)}
        >
          <option value="">{pOpt.required ? "Choose a provider…" : "Not set"}</option>
          {(pOpt.examples ?? []).map((ex) => (
            <option key={ex.value} value={ex.value}>
              {ex.help ? `${ex.value} – ${ex.help.split("\n")[0]}` : ex.value}
            </option>
          ))}
        </SelectField>
      )}
      {entry && main.map(input)}
      {entry && advanced.length > 0 && (
        <details className="advanced" open={advanced.some((o) => errors[optionField(o.name)])}>
          <summary>Advanced options ({advanced.length})</summary>
          {advanced.map(input)}
        </details>
      )}
    </fieldset>
  );
}
