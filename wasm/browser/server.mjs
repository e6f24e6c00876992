// A tiny static file server for the browser tests: loopback only, read-only, a fixed set of
// mounted folders, the right MIME types (application/wasm lets the browser stream-compile).
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

/**
 * Serve `mounts` ({ "/prefix/": "/abs/dir", ... }) on 127.0.0.1 at a free port.
 * Resolves to { url, close() }; `url` ends with "/". Requests outside the mounts are 404.
 */
export function serve(mounts) {
  const table = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]);
  const server = createServer((req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(text);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "read-only");
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      return send(400, "bad path");
    }
    const mount = table.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return send(404, "not mounted");
    const [prefix, dir] = mount;
    let file = resolve(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return send(403, "outside the mount");
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const size = statSync(file).size;
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": size,
        "cache-control": "no-store",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, "not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// `node browser/server.mjs [dir]`: serve a folder by hand (default: this package's web build
// and the browser pages) until interrupted.
if (import.meta.url === `file://${process.argv[1]}`) {
  const here = new URL(".", import.meta.url).pathname;
  const { url } = await serve({
    "/datafee/": join(here, "../node_modules/datafee"),
    "/tests/": join(here, "../tests"),
    "/": process.argv[2] ?? here,
  });
  console.log(`serving on ${url} (Ctrl-C to stop)`);
}
