// The original Renku web application (renku-ui 4.29.0) against our platform, in the system Chromium:
// it/original-ui/run starts both (the original's node server behind our gateway on one origin) and
// then runs this file with ui/'s node_modules (playwright-core through ui/e2e/lib.mjs).
// Every answer of /api/* and /ui-server/* is recorded: any 5xx, or a 4xx not in ALLOWED, fails.
// Steps run in order and share what they made; a step whose prerequisite failed is skipped.

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { ADMIN_PASSWORD, BASE, launchBrowser, screenshot } from "../../ui/e2e/lib.mjs";

const OUT = process.env.ORIGINAL_UI_OUT ?? new URL("./target/", import.meta.url).pathname;
const run = Date.now().toString(36).slice(-6);
const GROUP = { name: `Original UI Group ${run}`, slug: `original-ui-group-${run}` };
const PROJECT = { name: `Original UI Project ${run}`, slug: `original-ui-project-${run}` };
const MEMBER = { username: `ou-member-${run}`, email: `ou-member-${run}@example.org`, password: `member-pass-${run}-x` };
const SESSION_TIMEOUT = 180_000;

/**
 * 4xx answers the original UI provokes on purpose, each with why it is right. Anything else fails.
 * method: "*" for any; path: a regular expression on the path.
 */
const ALLOWED = [
  { method: "GET", path: /^\/api\/data\/user$/, status: 401, why: "who is logged in? 401 is the anonymous answer the UI expects" },
  { method: "POST", path: /^\/api\/data\/storage_schema\/test_connection$/, status: 422, why: "the data connector dialog's connection test: no internet here, the storage cannot be reached (422 in the original too); the dialog then offers 'Skip Test'" },
  { method: "GET", path: /^\/api\/data\/namespaces\/placeholder$/, status: 404, why: "the search page's loading skeleton draws an avatar of a namespace named 'placeholder' (404 in the original too)" },
];

const calls = []; // { method, path, status, page }
const unexpected = [];

function allowed(c) {
  return ALLOWED.some((a) => (a.method === "*" || a.method === c.method) && a.path.test(c.path) && a.status === c.status);
}

const wsMessages = []; // what /ui-server/ws sent: the "type" of each message

const consoleLines = []; // the pages' console errors and uncaught exceptions, for diagnosis

function record(page, label) {
  page.on("console", (m) => {
    if (m.type() === "error") consoleLines.push(`${label} ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => consoleLines.push(`${label} ${page.url()}: uncaught ${e.message}`));
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/ui-server/ws")) return;
    ws.on("framereceived", (f) => {
      try {
        wsMessages.push(JSON.parse(f.payload.toString()).type);
      } catch {
        wsMessages.push("unreadable");
      }
    });
  });
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (url.origin !== new URL(BASE).origin) return;
    if (!url.pathname.startsWith("/api/") && !url.pathname.startsWith("/ui-server/")) return;
    const c = { method: res.request().method(), path: url.pathname, query: url.search, status: res.status(), page: `${label} ${page.url()}` };
    calls.push(c);
    if (c.status >= 500 || (c.status >= 400 && !allowed(c))) unexpected.push(c);
  });
}

let browser;
let admin; // { context, page }
const state = {};
const passed = new Set();

function step(name, needs, fn) {
  it(name, async (t) => {
    const missing = needs.filter((n) => !passed.has(n));
    if (missing.length) {
      t.skip(`needs: ${missing.join(", ")}`);
      return;
    }
    const before = unexpected.length;
    try {
      await fn(t);
      await admin?.page.waitForTimeout(300); // answers still arriving belong to this step
      const bad = unexpected.slice(before);
      assert.deepEqual(bad.map((c) => `${c.method} ${c.path} → ${c.status}`), [], `unexpected API answers during "${name}"`);
      passed.add(name);
    } catch (e) {
      for (const p of [admin?.page, state.memberPage].filter(Boolean)) {
        await screenshot(p, `failure-${name.replace(/\W+/g, "-")}-${p === admin?.page ? "admin" : "member"}`, { dir: OUT }).catch(() => {});
      }
      throw e;
    }
  });
}

async function newContext(label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE, ignoreHTTPSErrors: true });
  context.setDefaultTimeout(30_000);
  context.on("page", (p) => record(p, label));
  const page = await context.newPage();
  return { context, page };
}

/** A JSON request from inside the page, with its cookies (same origin). */
async function api(page, path, init = {}) {
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

/** The original's "Log in" goes to /api/auth/login; our provider's form; back on the original. */
async function logIn(page, username, password) {
  await page.goto(`${BASE}/`);
  await clickLogIn(page);
  await page.waitForSelector("#username");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/auth/")), page.click("#sign-in")]);
}

/**
 * The landing page's Log in link. On a loaded machine a first page has been seen to stay blank
 * (its scripts not run after 30 s, no error): one reload, said in the output, then it must work.
 */
async function clickLogIn(page) {
  const link = page.locator('a[href*="/api/auth/login"]').first();
  if (!(await link.waitFor({ state: "visible", timeout: 30_000 }).then(() => true, () => false))) {
    console.log(`original-ui: the landing page was still blank after 30 s; reloading once (${page.url()})`);
    await page.reload();
  }
  await link.click();
}

async function signUp(page, user) {
  await page.goto(`${BASE}/`);
  await clickLogIn(page);
  await page.waitForSelector("#signup-link");
  await page.click("#signup-link");
  await page.waitForSelector("#sign-up");
  await page.fill("#username", user.username);
  await page.fill("#email", user.email);
  if (await page.$("#firstName")) await page.fill("#firstName", "Olga");
  if (await page.$("#lastName")) await page.fill("#lastName", `Member ${run}`);
  await page.fill("#password", user.password);
  await page.click("#sign-up");
  await page.waitForURL((u) => !u.pathname.startsWith("/auth/signup"));
  if (new URL(page.url()).pathname.startsWith("/auth/") && (await page.$("#sign-in"))) {
    await page.fill("#username", user.username);
    await page.fill("#password", user.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/auth/")), page.click("#sign-in")]);
  }
}

/**
 * Waits for a locator; if the original shows its error page instead, or stays blank, reloads once,
 * says so, and waits again. Both were seen when Chromium aborted the page's requests with
 * net::ERR_NETWORK_CHANGED (this machine's network interfaces change as containers come and go:
 * 123 such aborts in one run), a lazily loaded script or style then missing.
 */
async function waitWithOneReload(page, locator, timeout) {
  const deadline = Date.now() + timeout;
  const abortedBefore = networkChangedAborts();
  let reloaded = false;
  for (;;) {
    if (await locator.waitFor({ timeout: 2000 }).then(() => true, () => false)) return;
    const text = (await page.textContent("body").catch(() => "")) ?? "";
    // a blank page (its scripts never ran) after a third of the time: the same cause, seen as well
    const blank = !text.trim() && Date.now() > deadline - (timeout * 2) / 3;
    // a page that rendered without one of its queries (aborted as a session container stopped:
    // the paused session's page once showed no resume button; its query is not retried)
    const aborted = networkChangedAborts() > abortedBefore && Date.now() > deadline - (timeout * 5) / 6;
    if (!reloaded && (blank || aborted || /having some issues/i.test(text))) {
      console.log(`original-ui: the original showed its error page or lost a request; reloading once (${page.url()})`);
      reloaded = true;
      await page.reload();
      continue;
    }
    assert.ok(Date.now() < deadline, `waiting for ${locator} on ${page.url()}`);
  }
}

/** How many of the pages' requests Chromium aborted with net::ERR_NETWORK_CHANGED so far. */
function networkChangedAborts() {
  return consoleLines.filter((l) => l.includes("ERR_NETWORK_CHANGED")).length;
}

/** The original shows this instead of a page when it cannot use the API. */
async function assertNotDown(page) {
  const text = await page.textContent("body");
  assert.ok(!/RenkuLab Down|Application error|Unexpected Application Error/i.test(text ?? ""), `the page shows an error: ${page.url()}`);
}

describe("The original Renku UI against our platform", { timeout: 20 * 60_000 }, () => {
  before(async () => {
    assert.ok(ADMIN_PASSWORD, "set RENKU_ADMIN_PASSWORD to the password of the platform's admin account");
    mkdirSync(OUT, { recursive: true });
    browser = await launchBrowser();
    admin = await newContext("admin");
  });

  after(async () => {
    if (admin?.page && state.sessionName) {
      await api(admin.page, `/api/data/sessions/${state.sessionName}`, { method: "DELETE" }).catch(() => {});
    }
    await browser?.close();
    const summary = calls.map((c) => `${c.status} ${c.method} ${c.path}`);
    writeFileSync(`${OUT}/api-calls.txt`, summary.join("\n") + "\n");
    writeFileSync(`${OUT}/console-errors.txt`, consoleLines.join("\n") + "\n");
    const aborted = networkChangedAborts();
    if (aborted) console.log(`original-ui: ${aborted} requests aborted by Chromium with net::ERR_NETWORK_CHANGED (the machine's network interfaces changed)`);
    console.log(`original-ui: ${calls.length} API answers recorded (${OUT}/api-calls.txt), ${unexpected.length} unexpected`);
    const pending = calls.filter((c) => ALLOWED.some((a) => a.why.startsWith("pending") && a.path.test(c.path) && a.status === c.status));
    for (const c of pending) console.log(`  pending (allowed for now): ${c.method} ${c.path} → ${c.status}`);
    for (const c of unexpected) console.log(`  unexpected: ${c.method} ${c.path}${c.query} → ${c.status} on ${c.page}`);
  });

  step("anonymous visitors get the landing page", [], async () => {
    const { context, page } = await newContext("anonymous");
    await page.goto(`${BASE}/`);
    await waitWithOneReload(page, page.locator('a[href*="/api/auth/login"]').first(), 45_000);
    await assertNotDown(page);
    await screenshot(page, "landing", { dir: OUT });
    await context.close();
  });

  step("a new user signs up on the local identity provider", [], async () => {
    const { page } = await newContext("member");
    state.memberPage = page;
    await signUp(page, MEMBER);
    const me = await api(page, "/api/data/user");
    assert.equal(me.status, 200, "logged in after sign-up");
    state.memberId = me.body.id;
  });

  step("the admin logs in and sees the dashboard", [], async () => {
    const { page } = admin;
    await logIn(page, "admin", ADMIN_PASSWORD);
    await waitWithOneReload(page, page.locator("text=My projects").first(), 45_000);
    await page.waitForSelector("text=My groups");
    await page.waitForSelector("text=My sessions");
    await assertNotDown(page);
    await screenshot(page, "dashboard", { dir: OUT });
  });

  step("create a group", ["the admin logs in and sees the dashboard"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/#create-group`);
    await page.waitForSelector('[data-cy="group-creation-form"]');
    await page.fill("#group-name", GROUP.name);
    await Promise.all([page.waitForURL(`**/g/${GROUP.slug}`), page.click('[data-cy="group-create-button"]')]);
    await page.waitForSelector(`text=${GROUP.name}`);
    await assertNotDown(page);
  });

  step("add the new user to the group", ["create a group", "a new user signs up on the local identity provider"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/g/${GROUP.slug}/settings`);
    await page.click('[data-cy="group-add-member"]');
    // The user picker searches (type:User); indexing is asynchronous, so type until it is found.
    const input = page.locator("#addProjectMember input, [data-cy='add-project-member'] input").first();
    const deadline = Date.now() + 30_000;
    for (;;) {
      await input.fill("");
      await input.fill(MEMBER.username);
      const option = page.locator(".namespace-select__option", { hasText: MEMBER.username }).first();
      if (await option.waitFor({ state: "visible", timeout: 3000 }).then(() => true, () => false)) {
        await option.click();
        break;
      }
      assert.ok(Date.now() < deadline, "the new user is offered in the member picker");
    }
    await page.click('.modal button[type="submit"]');
    await page.waitForSelector(".modal", { state: "detached" });
    let members;
    for (let i = 0; i < 20; i++) {
      members = await api(page, `/api/data/groups/${GROUP.slug}/members`);
      if (members.body.some((m) => m.id === state.memberId)) break;
      await page.waitForTimeout(500);
    }
    assert.ok(
      members.body.some((m) => m.id === state.memberId),
      `the member is in the group: ${JSON.stringify(members.body)} (${state.memberId})`,
    );
  });

  step("create a project in the group", ["create a group"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/g/${GROUP.slug}#create-project`);
    await page.waitForSelector('[data-cy="project-creation-form"]');
    await page.fill('[data-cy="project-creation-form"] [data-cy$="-name-input"]', PROJECT.name);
    await Promise.all([page.waitForURL(`**/p/${GROUP.slug}/${PROJECT.slug}`), page.click('[data-cy="project-create-button"]')]);
    await page.waitForSelector(`text=${PROJECT.name}`);
    await assertNotDown(page);
    const p = await api(page, `/api/data/namespaces/${GROUP.slug}/projects/${PROJECT.slug}`);
    state.projectId = p.body.id;
    await screenshot(page, "project", { dir: OUT });
  });

  step("add the new user to the project (project settings, members)", ["create a project in the group", "a new user signs up on the local identity provider"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}/settings`);
    await page.click('[data-cy="project-add-member"]');
    const input = page.locator("#addProjectMember input, [data-cy='add-project-member'] input").first();
    const deadline = Date.now() + 30_000;
    for (;;) {
      await input.fill("");
      await input.fill(MEMBER.username);
      const option = page.locator(".namespace-select__option", { hasText: MEMBER.username }).first();
      if (await option.waitFor({ state: "visible", timeout: 3000 }).then(() => true, () => false)) {
        await option.click();
        break;
      }
      assert.ok(Date.now() < deadline, "the new user is offered in the member picker");
    }
    await page.click('.modal button[type="submit"]');
    await page.waitForSelector(".modal", { state: "detached" });
    // the settings page lists the member (by name or user name) among the project's members
    await page.locator("#members", { hasText: new RegExp(`Member ${run}|${MEMBER.username}`) }).waitFor();
    const members = await api(page, `/api/data/projects/${state.projectId}/members`);
    assert.ok(
      members.body.some((m) => m.id === state.memberId),
      `the member is in the project: ${JSON.stringify(members.body)} (${state.memberId})`,
    );
    await assertNotDown(page);
    await screenshot(page, "project-members", { dir: OUT });
  });

  step("add a launcher from a global environment", ["create a project in the group"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}`);
    await page.click('[data-cy="add-launcher"]');
    await page.click('[data-cy="launcher-option-session"]');
    await page.click('[data-cy="environment-kind-global"]');
    await page.click('[data-cy="global-environment-item"] >> nth=0');
    await page.click('[data-cy="next-launcher-button"]');
    await page.fill('[data-cy="launcher-name-input"]', "Jupyter");
    // The form checks the resource class, which arrives after the form: submit until accepted.
    await page.waitForLoadState("networkidle");
    for (let i = 0; ; i++) {
      await page.click('[data-cy="add-launcher-button"]');
      const ok = await page.waitForSelector('[data-cy="session-launcher-creation-success"]', { timeout: 8000 }).catch(() => null);
      if (ok) break;
      assert.ok(i < 3, "the launcher is created");
    }
    await page.click('[data-cy="close-cancel-button"]');
    await page.waitForSelector('[data-cy="session-launcher-item"]');
  });

  step("start a session and open it", ["add a launcher from a global environment"], async () => {
    const { context, page } = admin;
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}`);
    await page.click('[data-cy="session-launcher-item"] [data-cy="start-session-button"]');
    await page.waitForURL(/\/sessions\/show\//, { timeout: 60_000 });
    state.sessionName = page.url().split("/sessions/show/")[1].split(/[/?#]/)[0];
    await page.waitForSelector('[data-cy="session-page"]');
    // running as the data service says, and the page sees it without a reload (/ui-server/ws)
    const deadline = Date.now() + SESSION_TIMEOUT;
    for (;;) {
      const s = await api(page, `/api/data/sessions/${state.sessionName}`);
      if (s.body?.status?.state === "running") break;
      assert.ok(Date.now() < deadline, `the session runs (last: ${JSON.stringify(s.body?.status)})`);
      await page.waitForTimeout(2000);
    }
    // The original's session page learns it from /ui-server/ws: it must leave "Launching Session"
    // and embed the session, without a reload.
    await page.waitForSelector('[data-cy="session-iframe"]', { timeout: 60_000 });
    assert.ok(wsMessages.includes("sessionStatusV2"), `told by /ui-server/ws (${wsMessages.join(", ")})`);
    if (BASE.startsWith("https:")) {
      // the original forces the iframe to https: over HTTPS it shows the session itself
      const until = Date.now() + 60_000;
      for (;;) {
        const frame = page.frames().find((f) => f.url().includes(`/sessions/${state.sessionName}/`));
        const title = frame ? await frame.title().catch(() => "") : "";
        if (/jupyter|home|notebook/i.test(title)) break;
        assert.ok(Date.now() < until, `the iframe shows the session (frame ${frame?.url()}, title "${title}")`);
        await page.waitForTimeout(1000);
      }
    }
    await screenshot(page, "session", { dir: OUT });
    const s = await api(page, `/api/data/sessions/${state.sessionName}`);
    const jupyter = await context.newPage();
    const res = await jupyter.goto(new URL(s.body.url, BASE).toString());
    assert.ok(res.status() < 400, `the session's own page answers (${res.status()})`);
    await jupyter.close();
  });

  step("pause the session and resume it", ["start a session and open it"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}/sessions/show/${state.sessionName}`);
    await page.click('[data-cy="session-page"] [data-cy="pause-session-button"], [data-cy="pause-session-button"] >> nth=0');
    await page.click('[data-cy="pause-session-modal-button"]');
    const until = async (want, what) => {
      const deadline = Date.now() + SESSION_TIMEOUT;
      for (;;) {
        const s = await api(page, `/api/data/sessions/${state.sessionName}`);
        if (s.body?.status?.state === want) return;
        assert.ok(Date.now() < deadline, `${what} (last: ${JSON.stringify(s.body?.status)})`);
        await page.waitForTimeout(2000);
      }
    };
    await until("hibernated", "the session is paused");
    // the project page offers to resume the paused session
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}`);
    const resume = page.locator('[data-cy="resume-session-button"]').first();
    await waitWithOneReload(page, resume, 60_000);
    await screenshot(page, "session-paused", { dir: OUT });
    await resume.click();
    await until("running", "the session runs again");
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}/sessions/show/${state.sessionName}`);
    await waitWithOneReload(page, page.locator('[data-cy="session-iframe"]'), 60_000);
    await assertNotDown(page);
  });

  step("add a data connector to the project (WebDAV, connection test skipped)", ["create a project in the group"], async () => {
    const { page } = admin;
    state.connectorName = `Original UI WebDAV ${run}`;
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}`);
    await page.click('[data-cy="add-data-connector"]');
    await page.click('[data-cy="project-data-controller-mode-create"]');
    await page.click('[data-cy="data-storage-webdav"]');
    await page.click('[data-cy="data-connector-edit-next-button"]');
    await page.fill("#url", "https://webdav.example.org/remote.php/dav/files/nobody");
    // No internet here: the connection test fails (422 as in the original), then "Skip Test".
    await page.click('[data-cy="test-data-connector-button"]');
    await page.click('[data-cy="add-data-connector-continue-button"]');
    await page.fill('[data-cy="data-connector-name-input"]', state.connectorName);
    await page.click('[data-cy="data-connector-edit-update-button"]');
    await page.waitForSelector('[data-cy="data-connector-edit-success"]');
    await page.click('[data-cy="data-connector-edit-close-button"]');
    await page.locator('[data-cy="data-connector-box"]', { hasText: state.connectorName }).waitFor();
    const links = await api(page, `/api/data/projects/${state.projectId}/data_connector_links`);
    assert.equal(links.status, 200);
    assert.equal(links.body.length, 1, `one data connector linked: ${JSON.stringify(links.body)}`);
    await assertNotDown(page);
    await screenshot(page, "project-data-connector", { dir: OUT });
  });

  step("the data connectors page", ["the admin logs in and sees the dashboard"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/search?type=DataConnector`);
    await page.waitForLoadState("networkidle");
    await assertNotDown(page);
  });

  step("search finds the project", ["create a project in the group"], async () => {
    const { page } = admin;
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.goto(`${BASE}/search?q=${encodeURIComponent(PROJECT.slug)}`);
      if (await page.locator(`text=${PROJECT.name}`).first().waitFor({ timeout: 3000 }).then(() => true, () => false)) break;
      assert.ok(Date.now() < deadline, "the project is found");
    }
    await assertNotDown(page);
    await screenshot(page, "search", { dir: OUT });
  });

  step("user secrets: a session secret made on the project is listed, its value never shown", ["create a project in the group"], async () => {
    const { page } = admin;
    const secretName = `ou-secret-${run}`;
    const secretValue = `ou-value-${run}-do-not-show`;
    await page.goto(`${BASE}/p/${GROUP.slug}/${PROJECT.slug}/settings`);
    await page.click('[data-cy="add-session-secret-button"]');
    await page.fill('[data-cy="add-session-secret-name-input"]', secretName);
    await page.fill('[data-cy="add-session-secret-filename-input"]', `ou_secret_${run}`);
    await page.click('[data-cy="add-session-secret-submit-button"]');
    await page.fill('[data-cy="provide-session-secret-mode-new-value-input"]', secretValue);
    await page.click('[data-cy="provide-session-secret-save-button"]');
    await page.waitForSelector('[data-cy="add-session-secret-modal"]', { state: "detached" });
    await page.locator('[data-cy="session-secret-slot-item"]', { hasText: secretName }).waitFor();
    await page.goto(`${BASE}/secrets`);
    await page.locator("text=" + secretName).first().waitFor();
    await page.waitForLoadState("networkidle");
    const text = (await page.textContent("body")) ?? "";
    assert.ok(!text.includes(secretValue), "the secret's value is not shown");
    const listed = await api(page, "/api/data/user/secrets?kind=general");
    assert.ok(listed.body.some((x) => x.name === secretName), `listed: ${JSON.stringify(listed.body)}`);
    assert.ok(!JSON.stringify(listed.body).includes(secretValue), "the API does not return the value");
    await assertNotDown(page);
    await screenshot(page, "secrets", { dir: OUT });
  });

  step("admin adds an integration provider; /integrations lists it", ["the admin logs in and sees the dashboard"], async () => {
    const { page } = admin;
    const display = `Original UI GitLab ${run}`;
    await page.goto(`${BASE}/admin`);
    await page.click('button:has-text("Add Integration")');
    await page.fill("#addConnectedServiceId", `ou-gitlab-${run}`);
    await page.selectOption("#addConnectedServiceKind", "gitlab");
    await page.fill("#addConnectedServiceDisplayName", display);
    await page.fill("#addConnectedServiceUrl", "https://gitlab.example.org");
    await page.fill("#addConnectedServiceClientId", "ou-client");
    await page.fill("#addConnectedServiceClientSecret", "ou-client-secret");
    await page.fill("#addConnectedServiceScope", "read_user read_repository");
    await page.click('.modal button[type="submit"]');
    await page.waitForSelector(".modal", { state: "detached" });
    await page.locator(`text=${display}`).first().waitFor();
    await page.goto(`${BASE}/integrations`);
    await page.waitForSelector('[data-cy="connected-services-page"]');
    await page.click('[data-cy="activate-integration-button"]');
    // the "add integration" dialog offers the new provider (not connected yet: no connection)
    const item = page.locator('[data-cy="provider-item"]', { hasText: display });
    await item.waitFor();
    // the dialog fades in (opacity is no test of visibility for playwright): let it finish first
    await page.waitForFunction(() => getComputedStyle(document.querySelector(".modal.show") ?? document.body).opacity === "1");
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${OUT}/integrations.png` });
    const providers = await api(page, "/api/data/oauth2/providers");
    assert.ok(providers.body.some((p) => p.id === `ou-gitlab-${run}` && p.kind === "gitlab"), `provider listed: ${JSON.stringify(providers.body)}`);
    assert.ok(!JSON.stringify(providers.body).includes("ou-client-secret"), "the client secret is not returned");
    await assertNotDown(page);
  });

  step("the help page", [], async () => {
    const { context, page } = await newContext("anonymous");
    await page.goto(`${BASE}/help`);
    await page.waitForLoadState("networkidle");
    await page.locator("h1, h2").first().waitFor();
    await assertNotDown(page);
    await screenshot(page, "help", { dir: OUT });
    await context.close();
  });

  step("admin: resource pools", ["the admin logs in and sees the dashboard"], async () => {
    const { page } = admin;
    await page.goto(`${BASE}/admin`);
    await page.waitForSelector("text=Resource Pools");
    await page.click("text=Default pool"); // its classes, quotas and idle/hibernation thresholds
    await page.waitForLoadState("networkidle");
    await assertNotDown(page);
    await screenshot(page, "admin", { dir: OUT });
  });

  step("delete the session", ["start a session and open it"], async () => {
    const r = await api(admin.page, `/api/data/sessions/${state.sessionName}`, { method: "DELETE" });
    assert.ok(r.status < 300);
    state.sessionName = undefined;
  });
});
