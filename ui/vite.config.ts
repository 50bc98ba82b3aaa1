/// <reference types="vitest/config" />
import http from "node:http";
import { defineConfig, type Plugin } from "vite";

// The platform (gateway) that the dev server forwards API, login and session traffic to.
const backend = process.env.RENKU_BACKEND_URL ?? "http://localhost:18080";

// changeOrigin stays false so that the gateway sees Host: localhost:5173, the public URL the
// platform was started with (--public-url http://localhost:5173): login redirects, the Origin
// check on writes and session URLs then all point back at the dev server.
const forward = { target: backend, changeOrigin: false };

/**
 * Development and preview only. The gateway reaches the login provider through the public URL,
 * i.e. through this server, with Java's HttpClient, which asks for "Upgrade: h2c". Vite's proxy
 * drops every upgrade that is not a WebSocket, so those requests are forwarded here as plain
 * HTTP/1.1.
 */
function plainHttpForH2cUpgrades(): Plugin {
  return {
    name: "renku-dev-h2c-upgrade",
    configureServer(server) {
      if (server.httpServer) forwardH2c(server.httpServer as http.Server);
    },
    configurePreviewServer(server) {
      forwardH2c(server.httpServer as http.Server);
    },
  };
}

function forwardH2c(httpServer: http.Server) {
  httpServer.prependListener("upgrade", (req: http.IncomingMessage, socket: import("node:net").Socket, head: Buffer) => {
    if ((req.headers.upgrade ?? "").toLowerCase() !== "h2c") return;
    const headers = { ...req.headers };
    delete headers.upgrade;
    delete headers["http2-settings"];
    headers.connection = "close";
    const target = new URL(backend);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (res) => {
        const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i];
          if (!/^(transfer-encoding|connection|keep-alive)$/i.test(name)) lines.push(`${name}: ${res.rawHeaders[i + 1]}`);
        }
        lines.push("Connection: close");
        socket.write(lines.join("\r\n") + "\r\n\r\n");
        res.pipe(socket);
      },
    );
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
    // After an upgrade request the body (if any) arrives on the socket: the first bytes in
    // `head`, the rest as socket data. Forward exactly content-length bytes.
    const length = Number(req.headers["content-length"] ?? 0);
    let received = 0;
    const feed = (chunk: Buffer) => {
      const part = chunk.subarray(0, Math.max(0, length - received));
      received += part.length;
      if (part.length > 0) upstream.write(part);
      if (received >= length) {
        socket.off("data", feed);
        upstream.end();
      }
    };
    if (length === 0) upstream.end();
    else {
      feed(head);
      if (received < length) socket.on("data", feed);
    }
  });
}

export default defineConfig({
  base: "/",
  plugins: [plainHttpForH2cUpgrades()],
  esbuild: { jsx: "automatic" },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": forward,
      "/auth": forward,
      // Sessions (Jupyter) use WebSockets.
      "/sessions": { ...forward, ws: true },
      "/health": forward,
    },
  },
  // `vite preview` serves the production build (dist/) with the same forwarding, e.g. on 5173:
  // npm run build && npx vite preview --port 5173
  preview: { port: 4173, strictPort: true },
  build: {
    outDir: "dist",
    target: "es2022",
    manifest: true,
    sourcemap: false,
    // Raw kB; gzipped, the first page stays far below its 300 kB budget (npm run size).
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      output: {
        // Libraries change less often than the application: a separate file stays cached.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler|react-router|cookie|set-cookie-parser|@tanstack)\//.test(id)) return "vendor";
          return undefined;
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
