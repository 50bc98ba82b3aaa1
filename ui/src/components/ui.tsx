// Small building blocks shared by every page: loading, errors, empty states, badges, paging.

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/errors";
import { loginUrl } from "../api/client";
import type { Role, Visibility } from "../api/types";
import { sessionStage } from "../lib/sessionStage";
import type { Session } from "../api/types";

export function useTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Renku` : "Renku";
  }, [title]);
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <div className="alert error" role="alert">
      {title && <p><strong>{title}</strong></p>}
      <p>{errorMessage(error)}</p>
      {api?.detail && <p className="small">{api.detail}</p>}
      {api && Object.keys(api.fields).length > 0 && (
        <ul>
          {Object.entries(api.fields).map(([f, m]) => (
            <li key={f}>
              <code>{f}</code>: {m}
            </li>
          ))}
        </ul>
      )}
      {api?.status === 401 && (
        <p>
          <a href={loginUrl()}>Log in</a> to continue.
        </p>
      )}
      {onRetry && (
        <button type="button" className="button small secondary" onClick={onRetry}>
          Try again
        </button>
      )}
      {api?.traceId && <p className="small muted">Request id: {api.traceId}</p>}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  return (
    <span className={`badge ${visibility === "public" ? "ok" : ""}`} title={visibility === "public" ? "Anyone can see it" : "Only members can see it"}>
      {visibility === "public" ? (
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M1.5 8h13M8 1.5c2 2 2.8 4.2 2.8 6.5S10 12.5 8 14.5M8 1.5C6 3.5 5.2 5.7 5.2 8S6 12.5 8 14.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
        </svg>
      ) : (
        <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
          <rect x="2.5" y="7" width="11" height="7.5" rx="1.5" fill="currentColor" />
          <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      )}
      {visibility === "public" ? "Public" : "Private"}
    </span>
  );
}

export function RoleBadge({ role }: { role: Role }) {
  return <span className="badge">{role.charAt(0).toUpperCase() + role.slice(1)}</span>;
}

export function SessionBadge({ session }: { session: Pick<Session, "status"> }) {
  const info = sessionStage(session.status);
  return (
    <span className={`badge ${info.tone}`}>
      <span className="dot" aria-hidden="true" />
      {info.stage === "requesting" || info.stage === "starting" ? "Starting" : info.label}
    </span>
  );
}

export function Keywords({ keywords }: { keywords?: string[] }) {
  if (!keywords || keywords.length === 0) return null;
  return (
    <ul className="keywords" aria-label="Keywords">
      {keywords.map((k) => (
        <li key={k}>{k}</li>
      ))}
    </ul>
  );
}

/** Previous/next links that keep the page in the URL (?page=N). */
export function Pagination({ page, totalPages, label = "Pages" }: { page: number; totalPages: number; label?: string }) {
  const [params] = useSearchParams();
  if (totalPages <= 1) return null;
  const to = (p: number) => {
    const next = new URLSearchParams(params);
    if (p <= 1) next.delete("page");
    else next.set("page", String(p));
    const qs = next.toString();
    return qs ? `?${qs}` : "?";
  };
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link className="button small secondary" to={to(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="button small secondary" aria-disabled="true">
          ← Previous
        </span>
      )}
      <span>
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link className="button small secondary" to={to(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span className="button small secondary" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}

export function pageParam(params: URLSearchParams): number {
  const n = Number.parseInt(params.get("page") ?? "1", 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** A confirmation dialog (native <dialog>: focus stays inside, Escape closes it). */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = true,
  busy = false,
  confirmDisabled = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
    } else if (!open && d.open) {
      if (typeof d.close === "function") d.close();
      else d.removeAttribute("open");
    }
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id={titleId}>{title}</h2>
      <div>{children}</div>
      <div className="form-actions">
        <button type="button" className={`button ${danger ? "danger" : ""}`} onClick={onConfirm} disabled={busy || confirmDisabled}>
          {busy ? "Working…" : confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

export function Avatar({ name }: { name: string }) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const text = parts.length === 0 ? "?" : (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
  return (
    <span className="avatar" aria-hidden="true">
      {text}
    </span>
  );
}
