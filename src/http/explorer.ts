import type { Express } from "express";
import { ruruHTML, type RuruClientConfig } from "ruru/server";
import { serveStatic } from "ruru/static";

const STATIC_PATH = "/explorer-static/";

/**
 * Serves the Ruru GraphQL explorer from the installed npm package at `/`:
 * no CDN, so it works offline. Paste a token in its Headers tab as
 * {"Authorization": "Bearer …"}.
 */
export function mountExplorer(app: Express, initialQuery: string): void {
  const html = ruruHTML({
    endpoint: "/graphql",
    staticPath: STATIC_PATH,
    clientConfig: {
      initialQuery,
      // No placeholder token: an invalid one would turn every public query into a 401.
      isHeadersEditorEnabled: true,
    } as RuruClientConfig,
  });
  const serve = serveStatic(STATIC_PATH);
  app.use(STATIC_PATH, (req, res, next) => serve(Object.assign(req, { url: req.originalUrl }), res, next));
  app.get("/", (_req, res) => {
    res.type("html").send(html);
  });
}
