// Dates, durations and names in words.

export function formatDate(iso: string | undefined | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** "in 5 minutes", "3 hours ago", "just now" relative to `now`. */
export function relativeTime(iso: string | undefined | null, now: number = Date.now()): string {
  if (!iso) return "";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const diff = t - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  const units: [number, string][] = [
    [86_400_000 * 365, "year"],
    [86_400_000 * 30, "month"],
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
  ];
  for (const [ms, name] of units) {
    if (abs >= ms || name === "minute") {
      const n = Math.max(1, Math.round(abs / ms));
      const words = `${n} ${name}${n === 1 ? "" : "s"}`;
      return diff > 0 ? `in ${words}` : `${words} ago`;
    }
  }
  return "";
}

/** A duration given in seconds, in words: 7200 → "2 hours", 90 → "1 minute 30 seconds". */
export function formatSeconds(seconds: number | undefined | null): string {
  if (!seconds) return "never";
  const parts: string[] = [];
  let rest = seconds;
  const units: [number, string][] = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  for (const [s, name] of units) {
    const n = Math.floor(rest / s);
    if (n > 0) {
      parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
      rest -= n * s;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

export function displayName(u: { first_name?: string; last_name?: string; username?: string; namespace?: string } | undefined | null): string {
  if (!u) return "";
  const full = [u.first_name, u.last_name].filter(Boolean).join(" ").trim();
  return full || u.username || u.namespace || "";
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

/** Splits "a, b ,c" into ["a", "b", "c"], dropping empties and duplicates. */
export function splitKeywords(text: string): string[] {
  const out: string[] = [];
  for (const k of text.split(",")) {
    const t = k.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** One argument per line, blank lines dropped. */
export function linesToList(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
