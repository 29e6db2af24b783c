import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { startTestServer, ok, type TestServer } from "../support/server.js";
import { aProviderInput } from "../support/factories.js";
import { OrganizationCreateDocument } from "../generated/operations.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Without the background-networking flags Chromium keeps dialling Google, which this network refuses.
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.client(await server.token({ role: "admin" }));
  await ok(admin, OrganizationCreateDocument, { input: aProviderInput({ name: "浏览器测试科技有限公司" }) });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the explorer at /", () => {
  it("opens with the example operations, runs one, and shows its result", async () => {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on("requestfailed", (request) => failedRequests.push(request.url()));
    await page.goto(`${server.url}/`);
    await page.locator(".graphiql-execute-button").waitFor({ timeout: 60_000 });
    // Monaco renders visible lines only, with non-breaking spaces.
    const editorText = (await page.locator(".graphiql-query-editor .view-lines").innerText()).replace(/\u00a0/g, " ");
    expect(editorText).toContain("query SearchCourses");

    await page.locator(".graphiql-execute-button").click();
    // Several operations in one document: the run button asks which one.
    await page.getByRole("menuitem", { name: "Organizations" }).click();
    const response = page.locator(".result-window");
    await expect.poll(async () => response.innerText(), { timeout: 30_000 }).toContain("浏览器测试科技有限公司");
    expect(failedRequests.filter((url) => !url.startsWith(server.url))).toEqual([]);
    await page.close();
  });
});
