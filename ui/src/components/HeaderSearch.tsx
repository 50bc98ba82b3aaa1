// The search box in the header of every page: Enter opens /search?q=…; "/" focuses it (or the
// search page's own box) unless the user is typing somewhere.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";

/** Whether a key press goes to something that takes text (so "/" is a character there). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"].includes(type);
}

export function searchUrl(q: string): string {
  const text = q.trim();
  return text ? `/search?${new URLSearchParams({ q: text })}` : "/search";
}

export function HeaderSearch() {
  const [text, setText] = useState("");
  const navigate = useNavigate();
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      // The open dialog keeps the focus (it is modal).
      if (document.querySelector("dialog[open]")) return;
      const target = document.getElementById("search-query") ?? ref.current;
      if (!target) return;
      e.preventDefault();
      target.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(searchUrl(text));
    setText("");
    ref.current?.blur();
  };

  return (
    <form role="search" className="header-search" onSubmit={submit} aria-label="Search">
      <label htmlFor="header-search" className="visually-hidden">
        Search projects, groups, users and data connectors (press / to focus)
      </label>
      <input
        id="header-search"
        ref={ref}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Search  /"
        autoComplete="off"
        spellCheck={false}
        aria-keyshortcuts="/"
        enterKeyHint="search"
      />
    </form>
  );
}
