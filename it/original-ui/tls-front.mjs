// HTTPS in front of the platform for the acceptance test, as an ingress would be: TLS with a
// self-signed certificate on the public port, plain HTTP to the gateway on loopback, WebSockets
// included. The original UI forces the session iframe to https, so only this way does it load.
//   node tls-front.mjs <listen port> <gateway port> <cert.pem> <key.pem>
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";

const [listen, upstream, cert, key] = process.argv.slice(2);
const target = { host: "127.0.0.1", port: Number(upstream) };

const server = https.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
  const headers = { ...req.headers, "x-forwarded-proto": "https", "x-forwarded-for": req.socket.remoteAddress };
  const out = http.request({ ...target, method: req.method, path: req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.rawHeaders);
    answer.pipe(res);
  });
  out.on("error", () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(out);
});

// WebSockets (/ui-server/ws, /sessions/<name>/...): the upgrade request is sent on as it came.
server.on("upgrade", (req, socket, head) => {
  const up = net.connect(target, () => {
    let head0 = `${req.method} ${req.url} HTTP/1.1\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) head0 += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    up.write(head0 + "X-Forwarded-Proto: https\r\n\r\n");
    if (head?.length) up.write(head);
    up.pipe(socket);
    socket.pipe(up);
  });
  up.on("error", () => socket.destroy());
  socket.on("error", () => up.destroy());
});

server.listen(Number(listen), "127.0.0.1", () => console.log(`tls-front: https://localhost:${listen} -> http://127.0.0.1:${upstream}`));
