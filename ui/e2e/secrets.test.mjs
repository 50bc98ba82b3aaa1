// Secrets, data connectors and session secret slots in the system Chromium (issue 20):
//   RENKU_BASE_URL=http://localhost:8080 RENKU_ADMIN_PASSWORD=... node --test e2e/secrets.test.mjs
// The data connector and slot steps are skipped when the platform has no such API yet (404).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ADMIN_PASSWORD, BASE, ConsoleLog, FAILURES, apiFromPage, launchBrowser, loginViaUi, screenshot } from "./lib.mjs";

const run = Date.now().toString(36).slice(-6);
const SECRET = `e2e-secret-${run}`;
// A value that must never appear on a page or in an API answer.
const VALUE = `planted-${run}-Zq8v`;
const NEW_VALUE = `replaced-${run}-Kp3x`;
const PROJECT_SLUG = `e2e-secrets-${run}`;

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
      const skipped = await fn(t);
      if (skipped !== "skipped") passed.add(name);
    } catch (e) {
      if (page) await screenshot(page, `failure-${name.replace(/\W+/g, "-")}`, { dir: FAILURES }).catch(() => {});
      throw e;
    }
  });
}

/** Whether the platform serves an API path at all (not a 404 "no such route"). */
async function hasApi(path) {
  const r = await apiFromPage(page, path);
  return r.status !== 404 && r.status !== 405;
}

async function assertNoValueOnPage(...values) {
  const html = await page.content();
  for (const v of values) assert.ok(!html.includes(v), "a secret value is on the page");
}

describe("secrets, data connectors and secret slots", { timeout: 5 * 60_000 }, () => {
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
    if (page && state.connectorId) await apiFromPage(page, `/api/data/data_connectors/${state.connectorId}`, { method: "DELETE" }).catch(() => {});
    await browser?.close();
  });

  step("log in and open the secrets page from the user menu", [], async () => {
    await loginViaUi(page, "admin", ADMIN_PASSWORD);
    await page.click("#user-menu-button");
    await Promise.all([page.waitForURL("**/secrets"), page.click("#user-menu >> text=Your secrets")]);
    await page.waitForSelector("h1:has-text('Secrets')");
  });

  step("a bad file name is refused before the API is asked", ["log in and open the secrets page from the user menu"], async () => {
    await page.click("#new-secret-button");
    await page.fill("#new-secret-name", SECRET);
    await page.fill("#new-secret-value", VALUE);
    await page.fill("#new-secret-filename", "../escape");
    await page.click("#create-secret");
    await page.waitForSelector("#new-secret-filename[aria-invalid=true]");
  });

  step("create a secret: the list shows it, never its value", ["a bad file name is refused before the API is asked"], async () => {
    await page.fill("#new-secret-filename", `token-${run}.txt`);
    assert.equal(await page.getAttribute("#new-secret-value", "type"), "password");
    await page.click("#create-secret");
    await page.waitForSelector(`text=${SECRET} was saved.`);
    const row = `tr[data-secret-name="${SECRET}"]`;
    await page.waitForSelector(row);
    assert.match((await page.textContent(row)) ?? "", new RegExp(`token-${run}\\.txt`));
    await assertNoValueOnPage(VALUE);
    const list = await apiFromPage(page, "/api/data/user/secrets");
    assert.equal(list.status, 200);
    assert.ok(!JSON.stringify(list.body).includes(VALUE), "the API answer has no value");
    state.secretId = list.body.find((s) => s.name === SECRET)?.id;
    assert.ok(state.secretId);
    await page.reload();
    await page.waitForSelector(row);
    await assertNoValueOnPage(VALUE);
    await screenshot(page, "secrets");
  });

  step("the same name again shows the conflict under the name field", ["create a secret: the list shows it, never its value"], async () => {
    await page.click("#new-secret-button");
    await page.fill("#new-secret-name", SECRET);
    await page.fill("#new-secret-value", "another");
    await page.click("#create-secret");
    await page.waitForSelector("#new-secret-name[aria-invalid=true]");
    assert.match((await page.textContent("#new-secret-name-err")) ?? "", /already/i);
  });

  step("replace the value", ["create a secret: the list shows it, never its value"], async () => {
    await page.click(`button[aria-label="Replace the value of ${SECRET}"]`);
    const input = `#edit-secret-${state.secretId}-value`;
    await page.waitForSelector(input);
    assert.equal(await page.inputValue(input), "", "the old value is not pre-filled");
    await page.fill(input, NEW_VALUE);
    await page.click("dialog[open] button[type=submit]");
    await page.waitForSelector(`text=The value of ${SECRET} was replaced.`);
    await assertNoValueOnPage(VALUE, NEW_VALUE);
  });

  step("a project to hold slots and data", ["log in and open the secrets page from the user menu"], async () => {
    const project = await apiFromPage(page, "/api/data/projects", { method: "POST", body: JSON.stringify({ name: `E2E Secrets ${run}`, slug: PROJECT_SLUG, namespace: "admin", visibility: "private" }) });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    state.projectId = project.body.id;
  });

  step("a project's secret slot is filled with the secret", ["create a secret: the list shows it, never its value", "a project to hold slots and data"], async (t) => {
    if (!(await hasApi(`/api/data/projects/${state.projectId}/session_secret_slots`))) {
      t.skip("the platform has no session secret slots yet");
      return "skipped";
    }
    await page.goto(`${BASE}/p/admin/${PROJECT_SLUG}/settings`);
    await page.click("text=+ Add a secret slot");
    await page.fill("#new-slot-filename", "api_token");
    await page.fill("#new-slot-name", "API token");
    await page.click("#new-slot >> text=Add slot");
    await page.waitForSelector('tr[data-slot="api_token"]');
    await page.click('button[aria-label="Fill API token"]');
    await page.waitForSelector("dialog[open] select[name=secret_id]");
    await page.selectOption("dialog[open] select[name=secret_id]", state.secretId);
    await page.click("dialog[open] button[type=submit]");
    await page.waitForSelector('tr[data-slot="api_token"] >> text=Filled');
    await assertNoValueOnPage(VALUE, NEW_VALUE);
    await screenshot(page, "project-session-secrets");
  });

  step("a data connector made from the rclone schema, with credentials saved for me only", ["log in and open the secrets page from the user menu"], async (t) => {
    if (!(await hasApi("/api/data/data_connectors"))) {
      t.skip("the platform has no data connectors yet");
      return "skipped";
    }
    await page.goto(`${BASE}/data_connectors/new?namespace=admin`);
    await page.fill("#name", `E2E DAV ${run}`);
    await page.selectOption("#storage-type", "webdav");
    await page.fill("#opt-url", "https://dav.example.org/remote.php/webdav");
    await page.fill("#opt-user", "someone");
    assert.equal(await page.getAttribute("#opt-pass", "type"), "password");
    await page.fill("#opt-pass", VALUE);
    await page.fill("#source_path", "folder");
    await page.click("text=Check configuration");
    await page.waitForSelector('[data-testid="storage-check"]');
    await Promise.all([page.waitForURL(`**/d/admin/e2e-dav-${run}`), page.click("#save-connector")]);
    await page.waitForSelector('[data-testid="credentials"] >> text=Credentials saved');
    await assertNoValueOnPage(VALUE);
    const dc = await apiFromPage(page, `/api/data/namespaces/admin/data_connectors/e2e-dav-${run}`);
    assert.equal(dc.status, 200);
    assert.ok(!JSON.stringify(dc.body).includes(VALUE), "the connector holds no credential");
    state.connectorId = dc.body.id;
    await screenshot(page, "data-connector");
  });

  step("link the connector to the project; the project shows what sessions mount", ["a data connector made from the rclone schema, with credentials saved for me only", "a project to hold slots and data"], async () => {
    await page.goto(`${BASE}/p/admin/${PROJECT_SLUG}`);
    await page.fill("#connector-ref", `admin/e2e-dav-${run}`);
    await page.click("#link-connector >> button[type=submit]");
    await page.waitForSelector(`text=E2E DAV ${run} is linked`);
    await page.waitForSelector(`[data-testid="project-data"] >> text=E2E DAV ${run}`);
  });

  step("delete the secret after a confirmation", ["replace the value"], async () => {
    await page.goto(`${BASE}/secrets`);
    await page.click(`button[aria-label="Delete ${SECRET}"]`);
    await page.click('dialog[open] button:has-text("Delete secret")');
    await page.waitForSelector(`text=${SECRET} was deleted.`);
    await page.waitForSelector(`tr[data-secret-name="${SECRET}"]`, { state: "detached" });
    const list = await apiFromPage(page, "/api/data/user/secrets");
    assert.ok(!list.body.some((s) => s.name === SECRET));
  });

  step("no errors in the browser console", [], async () => {
    assert.deepEqual(log.errors, []);
  });
});
