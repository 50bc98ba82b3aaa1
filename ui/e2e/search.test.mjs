// Search (issue 21) in the system Chromium: a new project is found from the header's search box by
// its name, narrowed with the filter chips (which edit the query text in the URL), and opened
// from its result card; anonymous visitors find it too once it is public.
//   RENKU_BASE_URL=http://localhost:8080 RENKU_ADMIN_PASSWORD=... node --test e2e/search.test.mjs

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN_PASSWORD, BASE, ConsoleLog, FAILURES, apiFromPage, launchBrowser, loginViaUi, screenshot } from "./lib.mjs";

const run = Date.now().toString(36).slice(-6);
const NAME = `Search E2E ${run}`;
const SLUG = `search-e2e-${run}`;
// Indexing is asynchronous (the data tasks drain the outbox): how long a change may take here.
const INDEX_TIMEOUT = 30_000;

let browser;
let page;
const log = new ConsoleLog();
const passed = new Set();
const state = {};

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
      if (page) await screenshot(page, `failure-${name.replace(/\W+/g, "-")}`, { dir: FAILURES }).catch(() => {});
      throw e;
    }
  });
}

/** The query in the page's URL. */
function urlQuery(p = page) {
  return new URL(p.url()).searchParams.get("q") ?? "";
}

const hit = `#search-hits li[data-type="Project"] a.list-title:has-text("${NAME}")`;

describe("search", { timeout: 5 * 60_000 }, () => {
  before(async () => {
    assert.ok(ADMIN_PASSWORD, "set RENKU_ADMIN_PASSWORD to the password of the platform's admin account");
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE });
    context.setDefaultTimeout(30_000);
    log.watch(context, "admin");
    page = await context.newPage();
  });

  after(async () => {
    if (page && state.projectId) await apiFromPage(page, `/api/data/projects/${state.projectId}`, { method: "DELETE" }).catch(() => {});
    await browser?.close();
  });

  step("log in and create a public project", [], async () => {
    await loginViaUi(page, "admin", ADMIN_PASSWORD);
    await page.goto(`${BASE}/projects/new`);
    await page.fill("#name", NAME);
    await page.fill("#description", `Found by the search end-to-end test, run ${run}.`);
    await page.getByLabel("Public", { exact: true }).check();
    await Promise.all([page.waitForURL(`**/p/admin/${SLUG}`), page.click("#create-project")]);
    const p = await apiFromPage(page, `/api/data/namespaces/admin/projects/${SLUG}`);
    assert.equal(p.status, 200);
    state.projectId = p.body.id;
  });

  step("the project becomes searchable", ["log in and create a public project"], async () => {
    const deadline = Date.now() + INDEX_TIMEOUT;
    for (;;) {
      const r = await apiFromPage(page, `/api/data/search/query?q=${encodeURIComponent(`slug:${SLUG}`)}`);
      assert.ok(r.status === 200 || r.status === 503, `search answered ${r.status}`);
      if (r.status === 200 && r.body.items.some((i) => i.id === state.projectId)) break;
      assert.ok(Date.now() < deadline, `not indexed within ${INDEX_TIMEOUT} ms`);
      await page.waitForTimeout(500);
    }
  });

  step("the header's search box finds it by name (/ focuses it, Enter searches)", ["the project becomes searchable"], async () => {
    await page.goto(`${BASE}/`);
    await page.waitForSelector("#dashboard");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "header-search");
    await page.keyboard.type(NAME);
    await Promise.all([page.waitForURL("**/search?**"), page.keyboard.press("Enter")]);
    assert.equal(urlQuery(), NAME);
    await page.waitForSelector(hit);
    assert.equal(await page.inputValue("#search-query"), NAME);
    const card = await page.textContent(`#search-hits li[data-id="${state.projectId}"]`);
    assert.match(card ?? "", new RegExp(`admin/${SLUG}`));
    assert.match(card ?? "", /Public/);
    await screenshot(page, "search");
  });

  step("filter chips edit the query and narrow the results", ["the header's search box finds it by name (/ focuses it, Enter searches)"], async () => {
    await page.goto(`${BASE}/search?q=${encodeURIComponent(SLUG)}`);
    await page.waitForSelector(hit);

    await page.click("#filter-type-project");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q")?.includes("type:project"));
    assert.equal(urlQuery(), `${SLUG} type:project`);
    assert.equal(await page.getAttribute("#filter-type-project", "aria-pressed"), "true");
    await page.waitForSelector(hit);

    // A public project is not among the private ones...
    await page.click("#filter-visibility-private");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q")?.includes("visibility:private"));
    assert.equal(urlQuery(), `${SLUG} type:project visibility:private`);
    await page.waitForSelector(hit, { state: "detached" });

    // ...and is there again with public, typed into the box by hand this time.
    await page.fill("#search-query", `${SLUG} type:project visibility:public created>today-7d`);
    await page.press("#search-query", "Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q")?.includes("visibility:public"));
    await page.waitForSelector(hit);
    assert.equal(await page.getAttribute("#filter-visibility-public", "aria-pressed"), "true");
    assert.equal(await page.getAttribute("#filter-created-week", "aria-pressed"), "true");

    // Back returns to the previous search, box and results included.
    await page.goBack();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("q")?.includes("visibility:private"));
    await page.waitForFunction((v) => document.querySelector("#search-query")?.value === v, `${SLUG} type:project visibility:private`);
    await page.waitForSelector(hit, { state: "detached" });
    await page.goForward();
    await page.waitForSelector(hit);
  });

  step("the result opens the project", ["filter chips edit the query and narrow the results"], async () => {
    await Promise.all([page.waitForURL(`**/p/admin/${SLUG}`), page.click(hit)]);
    await page.waitForSelector(`#project-title:has-text("${NAME}")`);
  });

  step("anonymous visitors find the public project too", ["the project becomes searchable"], async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, baseURL: BASE });
    context.setDefaultTimeout(30_000);
    log.watch(context, "anonymous");
    const anon = await context.newPage();
    try {
      await anon.goto(`${BASE}/search?q=${encodeURIComponent(`${SLUG} type:project`)}`);
      await anon.waitForSelector(hit);
      assert.equal(await anon.$("#filter-role-owner"), null, "no role filter without a login");
      // No horizontal scrolling on a phone.
      const overflow = await anon.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    } finally {
      await context.close();
    }
  });

  step("no console errors", [], async () => {
    assert.deepEqual(log.errors, []);
  });
});
