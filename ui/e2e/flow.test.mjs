// The main flows of the web UI against a running platform, in the system Chromium:
//   RENKU_BASE_URL=http://localhost:8080 RENKU_ADMIN_PASSWORD=... npm run e2e
// Steps run in order and share what they created; a step whose prerequisite failed is skipped.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN_PASSWORD, BASE, ConsoleLog, FAILURES, apiFromPage, launchBrowser, loginViaUi, median, screenshot, signUp } from "./lib.mjs";

const run = Date.now().toString(36).slice(-6);
const GROUP_NAME = `E2E Group ${run}`;
const GROUP_SLUG = `e2e-group-${run}`;
const PROJECT_NAME = `E2E Project ${run}`;
const PROJECT_SLUG = `e2e-project-${run}`;
const PRIVATE_NAME = `E2E Private ${run}`;
const PRIVATE_SLUG = `e2e-private-${run}`;
const MEMBER = { username: `e2e-member-${run}`, email: `e2e-member-${run}@example.org`, password: `member-pass-${run}-x`, firstName: "Erin", lastName: `Member ${run}` };
const SESSION_TIMEOUT = 120_000;

let browser;
let admin; // { context, page }
const log = new ConsoleLog();
const state = {};
const passed = new Set();

/** A step that is skipped unless the steps it needs have passed. */
function step(name, needs, fn) {
  it(name, async (t) => {
    const missing = needs.filter((n) => !passed.has(n));
    if (missing.length) {
      t.skip(`needs: ${missing.join(", ")}`);
      return;
    }
    try {
      await fn(t);
      passed.add(name);
    } catch (e) {
      if (admin?.page) await screenshot(admin.page, `failure-${name.replace(/\W+/g, "-")}`, { dir: FAILURES }).catch(() => {});
      throw e;
    }
  });
}

async function newContext(label, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  context.setDefaultTimeout(30_000);
  log.watch(context, label);
  const page = await context.newPage();
  return { context, page };
}

describe("Renku web UI", { timeout: 15 * 60_000 }, () => {
  before(async () => {
    assert.ok(ADMIN_PASSWORD, "set RENKU_ADMIN_PASSWORD to the password of the platform's admin account");
    browser = await launchBrowser();
    admin = await newContext("admin");
  });

  after(async () => {
    // Leave no session running, whatever happened.
    if (admin?.page && state.sessionName) {
      await apiFromPage(admin.page, `/api/data/sessions/${state.sessionName}`, { method: "DELETE" }).catch(() => {});
    }
    if (admin?.page && state.bannerSet) {
      const cfg = await apiFromPage(admin.page, "/api/data/platform/config").catch(() => null);
      if (cfg?.body?.etag && cfg.body.incident_banner) {
        await apiFromPage(admin.page, "/api/data/platform/config", { method: "PATCH", headers: { "If-Match": cfg.body.etag }, body: JSON.stringify({ incident_banner: "" }) }).catch(() => {});
      }
    }
    await browser?.close();
    if (log.httpErrors.length) console.log(`(${log.httpErrors.length} expected HTTP error answers logged by the browser, e.g. 401 while anonymous)`);
  });

  step("anonymous visitors get the landing page", [], async () => {
    const { context, page } = await newContext("anonymous");
    await page.goto(`${BASE}/`);
    await page.waitForSelector('[data-testid="landing"]');
    assert.ok(await page.isVisible("#login-link"), "a Log in link");
    await screenshot(page, "landing");
    await page.goto(`${BASE}/no/such/page`);
    await page.waitForSelector('[data-testid="not-found"]');
    await context.close();
  });

  step("a second user signs up and logs in once", [], async () => {
    const { context, page } = await newContext("member");
    await signUp(page, MEMBER);
    const me = await apiFromPage(page, "/api/data/user");
    assert.equal(me.status, 200);
    assert.equal(me.body.username, MEMBER.username);
    await context.close();
  });

  step("admin logs in through the UI", [], async () => {
    await loginViaUi(admin.page, "admin", ADMIN_PASSWORD);
    const me = await apiFromPage(admin.page, "/api/data/user");
    assert.equal(me.body.is_admin, true, "admin is a platform administrator");
    assert.ok(await admin.page.isVisible("text=Admin"), "the Admin link is shown to admins");
  });

  step("dashboard ready time", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    const runs = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${BASE}/`);
      await page.waitForSelector('#dashboard[data-ready="true"]');
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const mark = performance.getEntriesByName("renku:dashboard-ready")[0];
        return { ready: mark ? mark.startTime : performance.now(), ttfb: nav?.responseStart ?? 0, dcl: nav?.domContentLoadedEventEnd ?? 0, load: nav?.loadEventEnd ?? 0 };
      });
      runs.push(t);
    }
    const ready = Math.round(median(runs.map((r) => r.ready)));
    console.log(`UI-PERF dashboard-ready-ms=${ready}`);
    console.log(`UI-PERF detail runs=${JSON.stringify(runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))))}`);
    assert.ok(ready < 10_000, "the dashboard is ready within 10 s");
    await screenshot(page, "dashboard");
  });

  step("create a group with a slug preview", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/groups/new`);
    await page.fill("#name", GROUP_NAME);
    assert.equal(await page.textContent('[data-testid="slug-preview"]'), `/g/${GROUP_SLUG}`);
    // Inline validation of a bad slug, before the API is asked.
    await page.fill("#slug", "Bad Slug");
    await page.click("#create-group");
    await page.waitForSelector("#slug[aria-invalid=true]");
    await page.fill("#slug", GROUP_SLUG);
    await page.fill("#description", "A group made by the end-to-end tests.");
    await Promise.all([page.waitForURL(`**/g/${GROUP_SLUG}`), page.click("#create-group")]);
    await page.waitForSelector(`h1:has-text("${GROUP_NAME}")`);
  });

  step("create a public project in the group", ["create a group with a slug preview"], async () => {
    const page = admin.page;
    await page.click("text=New project in this group");
    await page.waitForURL(`**/projects/new?namespace=${GROUP_SLUG}`);
    await page.waitForSelector(`#namespace option[value="${GROUP_SLUG}"]`, { state: "attached" });
    await page.selectOption("#namespace", GROUP_SLUG);
    await page.fill("#name", PROJECT_NAME);
    assert.equal(await page.textContent('[data-testid="slug-preview"]'), `/p/${GROUP_SLUG}/${PROJECT_SLUG}`);
    await page.check('input[name="visibility"] >> nth=1');
    await page.fill("#description", "Made by the end-to-end tests: launchers, sessions and members.");
    await screenshot(page, "project-new");
    await Promise.all([page.waitForURL(`**/p/${GROUP_SLUG}/${PROJECT_SLUG}`), page.click("#create-project")]);
    await page.waitForSelector(`#project-title:has-text("${PROJECT_NAME}")`);
    state.projectPath = `/p/${GROUP_SLUG}/${PROJECT_SLUG}`;
  });

  step("the API's conflict message shows under the slug field", ["create a public project in the group"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/projects/new?namespace=${GROUP_SLUG}`);
    await page.waitForSelector(`#namespace option[value="${GROUP_SLUG}"]`, { state: "attached" });
    await page.selectOption("#namespace", GROUP_SLUG);
    await page.fill("#name", PROJECT_NAME);
    await page.click("#create-project");
    await page.waitForSelector("#slug[aria-invalid=true]");
    const err = await page.textContent("#slug-err");
    assert.match(err ?? "", /already exists|in use/i);
  });

  step("create a private project", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/projects/new`);
    await page.fill("#name", PRIVATE_NAME);
    await Promise.all([page.waitForURL(`**/p/admin/${PRIVATE_SLUG}`), page.click("#create-project")]);
    state.privatePath = `/p/admin/${PRIVATE_SLUG}`;
  });

  step("add a member, then change their role", ["create a public project in the group", "a second user signs up and logs in once"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}${state.projectPath}/members`);
    await page.fill("#member-username", "nobody-like-this-" + run);
    await page.click("#add-member");
    await page.waitForSelector("#member-username[aria-invalid=true]");
    await page.fill("#member-username", MEMBER.username);
    await page.selectOption("#member-role", "editor");
    await page.click("#add-member");
    const row = `tr[data-member="${MEMBER.username}"]`;
    await page.waitForSelector(`${row} select`);
    assert.equal(await page.$eval(`${row} select`, (s) => s.value), "editor");
    await page.selectOption(`${row} select`, "viewer");
    await page.waitForSelector("text=The role was changed.");
    await page.reload();
    await page.waitForSelector(`${row} select`); // a select once the permissions are known
    assert.equal(await page.$eval(`${row} select`, (s) => s.value), "viewer");
    await screenshot(page, "project-members");
  });

  step("create a launcher from the default global environment", ["create a public project in the group"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}${state.projectPath}`);
    await page.click("text=+ Add launcher");
    await page.waitForSelector("#launcher-name");
    await page.fill("#launcher-name", "Jupyter");
    // the environments arrive after the form: wait for them rather than read an empty list
    await page
      .waitForSelector('#environment option:has-text("Jupyter notebook (local)")', { state: "attached", timeout: 15000 })
      .catch(() => {});
    const env = await page.$$eval("#environment option", (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
    const jupyter = env.find((o) => o.text?.includes("Jupyter notebook (local)"));
    assert.ok(jupyter, `the global environment "Jupyter notebook (local)" is offered (${env.map((o) => o.text).join(", ")})`);
    await page.selectOption("#environment", jupyter.value);
    // The custom image form has the advanced fields.
    await page.check('input[name="kind"] >> nth=1');
    await page.click("summary:has-text('Advanced settings')");
    for (const id of ["#image", "#port", "#default-url", "#uid", "#gid", "#working-dir", "#mount-dir", "#command", "#args"]) {
      assert.ok(await page.isVisible(id), `custom image field ${id}`);
    }
    await screenshot(page, "launcher-new");
    // "Build from code" asks for a repository, the builder and the user interface (no build is run here).
    await page.check('input[name="kind"] >> nth=2');
    for (const id of ["#build-repository", "#build-builder", "#build-frontend"]) {
      assert.ok(await page.isVisible(id), `build from code field ${id}`);
    }
    const frontends = await page.$$eval("#build-frontend option", (os) => os.map((o) => o.value));
    assert.deepEqual(frontends, ["jupyterlab", "vscodium"]);
    await page.click("summary:has-text('Advanced build settings')");
    assert.ok(await page.isVisible("#build-revision"), "the build's revision field");
    assert.ok(await page.isVisible("#build-context"), "the build's context directory field");
    await page.check('input[name="kind"] >> nth=0');
    await Promise.all([page.waitForURL(`**${state.projectPath}`), page.click("#save-launcher")]);
    await page.waitForSelector('[data-launcher="Jupyter"]');
    await screenshot(page, "project");
  });

  step("pin the project: the dashboard lists it", ["create a public project in the group"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}${state.projectPath}`);
    await page.click('button:has-text("Pin")');
    await page.waitForSelector('button[aria-pressed="true"]:has-text("Pinned")');
    await page.goto(`${BASE}/`);
    await page.waitForSelector(`#pinned-title ~ ul a[href="${state.projectPath}"]`);
    await page.goto(`${BASE}${state.projectPath}`);
    await page.click('button[aria-pressed="true"]:has-text("Pinned")');
    await page.waitForSelector('button[aria-pressed="false"]:has-text("Pin")');
  });

  step("launch a session and watch it reach running", ["create a launcher from the default global environment"], async () => {
    const page = admin.page;
    await page.click('[data-launcher="Jupyter"] button:has-text("Launch")');
    await page.waitForURL(/\/sessions\/show\//);
    state.sessionName = page.url().split("/sessions/show/")[1];
    await page.waitForSelector('[data-testid="session-page"]');
    const first = await page.getAttribute('[data-testid="session-page"]', "data-state");
    state.sawStarting = first === "starting";
    if (state.sawStarting) await screenshot(page, "session-starting");
    await page.waitForSelector('[data-testid="session-page"][data-state="running"]', { timeout: SESSION_TIMEOUT });
    await page.waitForSelector("#open-session");
    await screenshot(page, "session-running");
  });

  step("open the session: the classic Jupyter notebook", ["launch a session and watch it reach running"], async () => {
    const page = admin.page;
    const [jupyter] = await Promise.all([admin.context.waitForEvent("page"), page.click("#open-session")]);
    await jupyter.waitForLoadState("domcontentloaded");
    assert.match(jupyter.url(), new RegExp(`/sessions/${state.sessionName}/`));
    await jupyter.waitForFunction(() => /jupyter|home page/i.test(document.title) || !!document.querySelector("#notebook_list, #ipython-main-app"), null, { timeout: 60_000 });
    await screenshot(jupyter, "jupyter", { fullPage: false });
    await jupyter.close();
  });

  step("the session's logs are shown", ["launch a session and watch it reach running"], async () => {
    const page = admin.page;
    await page.click("#logs button:has-text('Refresh')");
    await page.waitForFunction(() => /notebook|jupyter|serving/i.test(document.querySelector('[data-testid="session-logs"]')?.textContent ?? ""), null, { timeout: 30_000 });
  });

  step("pause and resume the session", ["launch a session and watch it reach running"], async () => {
    const page = admin.page;
    await page.click("#pause-session");
    await page.waitForSelector('[data-testid="session-page"][data-state="hibernated"]', { timeout: SESSION_TIMEOUT });
    await page.waitForSelector("#resume-session");
    await screenshot(page, "session-paused");
    await page.click("#resume-session");
    await page.waitForSelector('[data-testid="session-page"][data-state="running"]', { timeout: SESSION_TIMEOUT });
  });

  step("the dashboard lists the running session", ["launch a session and watch it reach running"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/`);
    await page.waitForSelector(`[data-testid="dashboard-sessions"] li[data-session="${state.sessionName}"][data-state="running"]`);
    await screenshot(page, "dashboard-with-session");
  });

  step("delete the session", ["launch a session and watch it reach running"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}${state.projectPath}/sessions/show/${state.sessionName}`);
    await page.waitForSelector("#delete-session");
    await page.click("#delete-session");
    await Promise.all([page.waitForURL(`**${state.projectPath}`), page.click('dialog[open] button:has-text("Delete session")')]);
    const s = await apiFromPage(page, `/api/data/sessions/${state.sessionName}`);
    assert.equal(s.status, 404, "the session is gone");
    state.sessionName = undefined;
  });

  step("admin changes a pool's quota", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/admin/pools`);
    await page.click("text=Default pool");
    await page.waitForSelector("#quota-cpu");
    const current = await page.inputValue("#quota-cpu");
    const cpu = current === "4" ? "6" : "4";
    await page.fill("#quota-cpu", cpu);
    await page.fill("#quota-memory", "16");
    await page.fill("#quota-gpu", "0");
    await page.click("#save-quota");
    await page.waitForSelector("text=Quota saved.");
    await page.waitForSelector(`[data-testid="current-quota"]:has-text("${cpu} CPU, 16 GB")`);
    const pools = await apiFromPage(page, "/api/data/resource_pools");
    const pool = pools.body.find((p) => p.default);
    assert.equal(pool.quota?.cpu, Number(cpu));
    await screenshot(page, "admin-pool");
    await page.goto(`${BASE}/admin/environments`);
    await page.waitForSelector("text=Jupyter notebook (local)");
    await screenshot(page, "admin-environments");
  });

  step("the incident banner shows on every page", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/admin/platform`);
    await page.fill("#incident-banner", `**Maintenance** test ${run}`);
    state.bannerSet = true;
    await page.click("#save-banner");
    await page.waitForSelector("text=The banner is shown.");
    const { context, page: anon } = await newContext("anonymous-banner");
    await anon.goto(`${BASE}/projects`);
    await anon.waitForSelector(`[aria-label="Platform announcement"]:has-text("test ${run}")`);
    await context.close();
    await screenshot(page, "admin-platform");
    await page.click("text=Remove banner");
    await page.waitForSelector("text=The banner is hidden.");
    state.bannerSet = false;
  });

  step("anonymous visitors browse the public project and not the private one", ["create a public project in the group", "create a private project"], async () => {
    const { context, page } = await newContext("anonymous-browse");
    await page.goto(`${BASE}/projects`);
    await page.waitForSelector(`a:has-text("${PROJECT_NAME}")`);
    await page.click(`a:has-text("${PROJECT_NAME}")`);
    await page.waitForSelector(`#project-title:has-text("${PROJECT_NAME}")`);
    await page.waitForSelector('[data-launcher="Jupyter"]');
    assert.equal(await page.isVisible("text=Settings"), false, "no settings for anonymous visitors");
    await screenshot(page, "project-anonymous");
    await page.goto(`${BASE}${state.privatePath}`);
    await page.waitForSelector('[data-testid="not-found"]');
    await screenshot(page, "not-found");
    await context.close();
  });

  step("the dashboard fits a 360 px wide screen", ["admin logs in through the UI"], async () => {
    const page = await admin.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${BASE}/`);
    await page.waitForSelector('#dashboard[data-ready="true"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`);
    await screenshot(page, "dashboard-mobile");
    await page.goto(`${BASE}${state.projectPath ?? "/projects"}`);
    await page.waitForLoadState("networkidle");
    const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow2 <= 1, `no horizontal scrolling on the project page (${overflow2}px)`);
    await screenshot(page, "project-mobile");
    await page.close();
  });

  step("keyboard: the skip link leads to the page", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    await page.bringToFront();
    await page.goto(`${BASE}/projects`);
    await page.waitForSelector(".skip-link", { state: "attached" });
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
  });

  step("logout through the gateway", ["admin logs in through the UI"], async () => {
    const page = admin.page;
    await page.goto(`${BASE}/`);
    await page.click("#user-menu-button");
    await page.click("#logout-link");
    await page.waitForURL((u) => u.origin === BASE && !u.pathname.startsWith("/api/") && !u.pathname.startsWith("/auth/"), { timeout: 30_000 });
    await page.waitForSelector('[data-testid="landing"]');
  });

  it("no console errors on the platform's pages", () => {
    assert.deepEqual(log.errors, []);
  });
});
