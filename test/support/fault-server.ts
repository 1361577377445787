/**
 * A test server on 127.0.0.1 whose every answer the test scripts: a status, a reset, a stall, a
 * redirect, or a pass-through to a stand-in. It counts what it saw.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the server does with one request. */
export type Fault = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

export interface FaultServer {
  url: string;
  port: number;
  /** The requests seen, with their headers. */
  seen: { method: string; url: string; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

/** Starts a server answering request n (from 0) with `script(n)`; the last fault repeats. */
export async function startFaultServer(
  script: Fault[] | ((n: number) => Fault),
): Promise<FaultServer> {
  const seen: FaultServer["seen"] = [];
  const sockets = new Set<Socket>();
  const pick =
    typeof script === "function" ? script : (n: number) => script[Math.min(n, script.length - 1)]!;
  const server = createServer(async (req, res) => {
    const n = seen.length;
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // The client went away mid-request: nothing to answer.
    }
    await pick(n)(req, res, Buffer.concat(chunks));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A data job detail body with `id`. */
export function jobBody(id = "dj-1", extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    user_id: "user-1",
    name: "Fault test",
    job_type: "principle_files",
    alignment_job_id: null,
    created_at: "2026-11-02T09:15:00Z",
    updated_at: "2026-11-02T09:15:00Z",
    status: "ready_to_start",
    ...extra,
  });
}

/** Answers with `status`, a body and headers. */
export const respond =
  (
    status: number,
    body = "",
    headers: Record<string, string> = { "content-type": "application/json" },
  ): Fault =>
  (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Answers 200 with a data job whose id is the last path segment. */
export const okJob: Fault = (req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(jobBody(decodeURIComponent(req.url!.split("?")[0]!.split("/").pop()!)));
};

/** Closes the connection before any response. */
export const reset: Fault = (req) => {
  req.socket.destroy();
};

/** Sends headers and half the body, then closes the connection. */
export const resetMidBody: Fault = (_req, res) => {
  const body = jobBody();
  res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
  res.write(body.slice(0, 20), () => setTimeout(() => res.socket?.destroy(), 10));
};

/** Never answers (the test's timeout must end it; close() destroys the socket). */
export const stallHeaders: Fault = () => undefined;

/** Sends headers and part of the body, then stops. */
export const stallMidBody: Fault = (_req, res) => {
  const body = jobBody();
  res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
  res.write(body.slice(0, 20));
};

/** Redirects to `location` with `status`. */
export const redirect =
  (location: string, status = 307): Fault =>
  (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };
