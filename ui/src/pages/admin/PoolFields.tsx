import { Checkbox, TextField } from "../../components/fields";
import { formatSeconds } from "../../lib/format";
import { minutesFieldToSeconds, type PoolFormState } from "../../lib/poolForm";

export function PoolFields({ f, set, errors, isDefault }: { f: PoolFormState; set: (p: Partial<PoolFormState>) => void; errors: Record<string, string>; isDefault?: boolean }) {
  const idle = minutesFieldToSeconds(f.idleMinutes);
  const hib = minutesFieldToSeconds(f.hibernationMinutes);
  return (
    <>
      <TextField id="pool-name" name="name" label="Name" hint="5 to 40 characters." value={f.name} error={errors.name} onChange={(e) => set({ name: e.target.value })} />
      <Checkbox id="pool-public" name="public" label="Public" hint="Everyone, also anonymous visitors, may use it; otherwise only its members." checked={f.public} onChange={(e) => set({ public: e.target.checked })} />
      <Checkbox
        id="pool-default"
        name="default"
        label="Default pool"
        hint={isDefault ? "This is the default pool; make another pool the default to change it." : "Sessions without a class run on the default class of the default pool."}
        checked={f.default}
        disabled={isDefault}
        onChange={(e) => set({ default: e.target.checked })}
      />
      <div className="field-grid">
        <TextField
          id="pool-idle"
          name="idle_threshold"
          label="Pause idle sessions after (minutes)"
          inputMode="decimal"
          placeholder="never"
          value={f.idleMinutes}
          error={errors.idle_threshold}
          after={!Number.isNaN(idle) ? <>= {formatSeconds(idle)}</> : undefined}
          onChange={(e) => set({ idleMinutes: e.target.value })}
        />
        <TextField
          id="pool-hibernation"
          name="hibernation_threshold"
          label="Delete paused sessions after (minutes)"
          inputMode="decimal"
          placeholder="never"
          value={f.hibernationMinutes}
          error={errors.hibernation_threshold}
          after={!Number.isNaN(hib) ? <>= {formatSeconds(hib)}</> : undefined}
          onChange={(e) => set({ hibernationMinutes: e.target.value })}
        />
      </div>
    </>
  );
}
