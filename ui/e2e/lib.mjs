// Helpers for the end-to-end tests: the system Chromium through playwright-core, logins through
// the platform's own login pages, screenshots and a record of console errors.

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE = (process.env.RENKU_BASE_URL ?? "http://localhost:18080").replace(/\/$/, "");
export const ADMIN_PASSWORD = process.env.RENKU_ADMIN_PASSWORD ?? "";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

// Flags that let Chromium run as root, headless and without reaching out to Google.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** Console errors and uncaught exceptions seen on the platform's pages (not inside sessions). */
export class ConsoleLog {
  errors = [];
  httpErrors = [];

  watch(context, label) {
    const onPage = (page) => {
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const url = page.url();
        if (url.includes("/sessions/") && !url.includes("/sessions/show/")) return; // inside Jupyter
        const text = msg.text();
        // The browser reports every 4xx/5xx answer; the app expects some (401 when anonymous, 404s).
        if (/^Failed to load resource: the server responded with a status of \d+/.test(text)) {
          this.httpErrors.push(`${label} ${url}: ${text}`);
          return;
        }
        this.errors.push(`${label} ${url}: ${text}`);
      });
      page.on("pageerror", (err) => {
        if (page.url().includes("/sessions/") && !page.url().includes("/sessions/show/")) return;
        this.errors.push(`${label} ${page.url()}: uncaught ${err.message}`);
      });
    };
    context.pages().forEach(onPage);
    context.on("page", onPage);
  }
}

/** Where screenshots of failures go (not among the documentation's screenshots). */
export const FAILURES = fileURLToPath(new URL("./.output/", import.meta.url));

export async function screenshot(page, name, opts = {}) {
  const dir = (opts.dir ?? SCREENSHOTS).replace(/\/$/, "");
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/${name}.png`;
  await page.screenshot({ path, fullPage: opts.fullPage ?? true, animations: "disabled" });
  return path;
}

/** Fills the identity provider's login form and waits to be back on the platform. */
export async function submitLogin(page, username, password) {
  await page.waitForSelector("#username", { timeout: 30_000 });
  await page.fill("#username", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/auth/"), { timeout: 30_000 }), page.click("#sign-in")]);
}

/** Logs in through the UI: the header's "Log in" link, then the provider's form. */
export async function loginViaUi(page, username, password) {
  await page.goto(`${BASE}/`);
  await page.click("#login-link");
  await submitLogin(page, username, password);
  await page.waitForSelector("#dashboard", { timeout: 30_000 });
}

/** Signs a new user up on the provider's sign-up page and comes back logged in. */
export async function signUp(page, { username, email, password, firstName, lastName }) {
  await page.goto(`${BASE}/`);
  await page.click("#login-link");
  await page.waitForSelector("#signup-link", { timeout: 30_000 });
  await page.click("#signup-link");
  await page.waitForSelector("#sign-up");
  await page.fill("#username", username);
  await page.fill("#email", email);
  if (firstName) await page.fill("#firstName", firstName);
  if (lastName) await page.fill("#lastName", lastName);
  await page.fill("#password", password);
  await page.click("#sign-up");
  // Either straight back to the platform, or to the login form first.
  await page.waitForURL((u) => !u.pathname.startsWith("/auth/signup"), { timeout: 30_000 });
  if (new URL(page.url()).pathname.startsWith("/auth/")) {
    if (await page.$("#sign-in")) await submitLogin(page, username, password);
  }
  await page.waitForSelector("#dashboard", { timeout: 30_000 });
}

/** A JSON request from inside the page, with its cookies (same origin). */
export async function apiFromPage(page, path, init = {}) {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, { ...init, headers: { "Content-Type": "application/json", ...(init.headers ?? {}) } });
      const text = await res.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      return { status: res.status, body };
    },
    { path, init },
  );
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
