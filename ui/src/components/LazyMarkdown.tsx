import { lazy, Suspense } from "react";

const Markdown = lazy(() => import("./Markdown"));

/** Markdown, with the plain text shown while the renderer loads. */
export function LazyMarkdown({ text, className }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`md ${className ?? ""}`} style={{ whiteSpace: "pre-wrap" }}>{text}</div>}>
      <Markdown text={text} className={className} />
    </Suspense>
  );
}
