// Resource pool and class forms: the API counts thresholds in seconds, people in minutes or
// hours; numbers arrive as text from inputs.

import type { Quota, ResourceClassFields, ResourcePool } from "../api/types";

/** Seconds → minutes shown in a field ("" for no threshold). */
export function secondsToMinutesField(seconds: number | undefined | null): string {
  if (!seconds) return "";
  const m = seconds / 60;
  return Number.isInteger(m) ? String(m) : m.toFixed(2).replace(/\.?0+$/, "");
}

/** Minutes typed in a field → seconds for the API (0 means no threshold). NaN when invalid. */
export function minutesFieldToSeconds(text: string): number {
  const t = text.trim();
  if (t === "") return 0;
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) return Number.NaN;
  return Math.round(n * 60);
}

export interface PoolFormState {
  name: string;
  public: boolean;
  default: boolean;
  idleMinutes: string;
  hibernationMinutes: string;
}

export function poolFormFrom(p?: ResourcePool): PoolFormState {
  return {
    name: p?.name ?? "",
    public: p?.public ?? true,
    default: p?.default ?? false,
    idleMinutes: secondsToMinutesField(p?.idle_threshold),
    hibernationMinutes: secondsToMinutesField(p?.hibernation_threshold),
  };
}

export function validatePoolForm(f: PoolFormState): Record<string, string> {
  const e: Record<string, string> = {};
  const name = f.name.trim();
  if (name.length < 5 || name.length > 40) e.name = "Between 5 and 40 characters.";
  if (Number.isNaN(minutesFieldToSeconds(f.idleMinutes))) e.idle_threshold = "A number of minutes (0 or empty: never).";
  if (Number.isNaN(minutesFieldToSeconds(f.hibernationMinutes))) e.hibernation_threshold = "A number of minutes (0 or empty: never).";
  return e;
}

export function poolBody(f: PoolFormState) {
  return {
    name: f.name.trim(),
    public: f.public,
    default: f.default,
    idle_threshold: minutesFieldToSeconds(f.idleMinutes),
    hibernation_threshold: minutesFieldToSeconds(f.hibernationMinutes),
  };
}

export interface QuotaFormState {
  cpu: string;
  memory: string;
  gpu: string;
}

export function quotaFormFrom(q?: Quota | null): QuotaFormState {
  return { cpu: q ? String(q.cpu) : "", memory: q ? String(q.memory) : "", gpu: q ? String(q.gpu) : "0" };
}

export function validateQuota(f: QuotaFormState): Record<string, string> {
  const e: Record<string, string> = {};
  const cpu = Number(f.cpu);
  if (f.cpu.trim() === "" || !Number.isFinite(cpu) || cpu <= 0) e.cpu = "More than 0 CPUs.";
  const mem = Number(f.memory);
  if (f.memory.trim() === "" || !Number.isInteger(mem) || mem < 1) e.memory = "A whole number of GB, at least 1.";
  const gpu = Number(f.gpu || "0");
  if (!Number.isInteger(gpu) || gpu < 0) e.gpu = "A whole number, 0 or more.";
  return e;
}

export function quotaBody(f: QuotaFormState): Quota {
  return { cpu: Number(f.cpu), memory: Number(f.memory), gpu: Number(f.gpu || "0") };
}

export interface ClassFormState {
  name: string;
  cpu: string;
  memory: string;
  gpu: string;
  max_storage: string;
  default_storage: string;
  default: boolean;
  quota_enforced: boolean;
}

export function classFormFrom(c?: Partial<ResourceClassFields>): ClassFormState {
  return {
    name: c?.name ?? "",
    cpu: c?.cpu !== undefined ? String(c.cpu) : "",
    memory: c?.memory !== undefined ? String(c.memory) : "",
    gpu: c?.gpu !== undefined ? String(c.gpu) : "0",
    max_storage: c?.max_storage !== undefined ? String(c.max_storage) : "",
    default_storage: c?.default_storage !== undefined ? String(c.default_storage) : "1",
    default: c?.default ?? false,
    quota_enforced: c?.quota_enforced ?? true,
  };
}

export function validateClass(f: ClassFormState): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim() || f.name.trim().length > 40) e.name = "Required, at most 40 characters.";
  const cpu = Number(f.cpu);
  if (f.cpu.trim() === "" || !Number.isFinite(cpu) || cpu <= 0) e.cpu = "More than 0 CPUs.";
  const mem = Number(f.memory);
  if (!Number.isInteger(mem) || mem < 1) e.memory = "A whole number of GB, at least 1.";
  const gpu = Number(f.gpu || "0");
  if (!Number.isInteger(gpu) || gpu < 0) e.gpu = "A whole number, 0 or more.";
  const max = Number(f.max_storage);
  if (!Number.isInteger(max) || max < 1) e.max_storage = "A whole number of GB, at least 1.";
  const def = Number(f.default_storage);
  if (!Number.isInteger(def) || def < 1) e.default_storage = "A whole number of GB, at least 1.";
  else if (!e.max_storage && def > max) e.default_storage = "Cannot be more than the maximum disk.";
  return e;
}

export function classBody(f: ClassFormState): ResourceClassFields {
  return {
    name: f.name.trim(),
    cpu: Number(f.cpu),
    memory: Number(f.memory),
    gpu: Number(f.gpu || "0"),
    max_storage: Number(f.max_storage),
    default_storage: Number(f.default_storage),
    default: f.default,
    quota_enforced: f.quota_enforced,
  };
}
