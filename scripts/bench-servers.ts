/**
 * Pieces of the PBS benchmarks (scripts/bench-pbs.ts, scripts/bench-cdn.ts): every server
 * under test runs in its own process, as users run it (`npm run pbs` with its defaults, nginx
 * from Debian, a bare node:http server), and wrk or the simulated clients run beside them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "@/lib/test/free-port";

export { freePort };

export const WRK = "/usr/bin/wrk";
export const NGINX = "/usr/sbin/nginx";
const ROOT = path.resolve(import.meta.dirname, "..");

export type TProcess = { child: ChildProcess; url: string; logFile: string; stop: () => Promise<void> };

/** Compiles dist/*.mjs (what `npm run pbs` runs), so the benchmark measures this checkout. */
export function buildEntryPoints(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-entry-points.mjs")], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the entry points failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Starts `command` in its own process group with stdout and stderr going to `logFile` (as a
 * log collector would take them), and waits until `healthUrl` answers.
 */
export async function startProcess(options: {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  url: string;
  healthUrl: string;
  logFile: string;
}): Promise<TProcess> {
  const fd = openSync(options.logFile, "a");
  const child = spawn(options.command, options.args, { cwd: ROOT, env: options.env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null)
      throw new Error(`${options.command} ${options.args.join(" ")} exited with ${child.exitCode}; see ${options.logFile}`);
    const ok = await fetch(options.healthUrl).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return { child, url: options.url, logFile: options.logFile, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${options.healthUrl} did not answer within 30 s; see ${options.logFile}`);
}

/** A bare node:http server answering 204 to everything: the ceiling for a Node server. */
export async function startBareNode(dir: string): Promise<TProcess> {
  const port = await freePort();
  const source = `require("node:http").createServer((q, s) => { s.writeHead(204); s.end(); }).listen(${port}, "127.0.0.1");`;
  return startProcess({
    command: process.execPath,
    args: ["-e", source],
    env: { PATH: process.env.PATH, NODE_ENV: "production" },
    url: `http://127.0.0.1:${port}`,
    healthUrl: `http://127.0.0.1:${port}/`,
    logFile: path.join(dir, "bare.log"),
  });
}

/**
 * nginx from Debian with `worker_processes auto` and its access log on (like the PBS's):
 * `server` is the body of one server block listening on the returned port.
 */
export async function startNginx(
  dir: string,
  name: string,
  server: (port: number) => string,
  httpExtra = "",
  healthPath = "/",
): Promise<TProcess> {
  const prefix = path.join(dir, `nginx-${name}`);
  mkdirSync(path.join(prefix, "logs"), { recursive: true });
  // Run as root, nginx's workers are `nobody`: they must reach the cache and temp folders.
  for (const folder of [dir, prefix]) chmodSync(folder, 0o755);
  const port = await freePort();
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes auto;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log ${prefix}/logs/access.log;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_requests 1000000;
  ${httpExtra}
  server {
    listen 127.0.0.1:${port};
    ${server(port)}
  }
}
`,
  );
  return startProcess({
    command: NGINX,
    args: ["-p", prefix, "-c", conf],
    env: { PATH: process.env.PATH, NODE_ENV: "production" },
    url: `http://127.0.0.1:${port}`,
    healthUrl: `http://127.0.0.1:${port}${healthPath}`,
    logFile: path.join(prefix, "logs", "stdout.log"),
  });
}

export type TWrk = { rps: number; requests: number; p50: string; p99: string; p99ms: number; errors: number; non2xx: number; raw: string };

const toMs = (v: string): number => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n;
};

/** `wrk -t2 -c<connections> -d<seconds>s --latency target` in a child process. */
export async function wrk(target: string, seconds: number, connections: number): Promise<TWrk> {
  const child = spawn(WRK, ["-t2", `-c${connections}`, `-d${seconds}s`, "--latency", target]);
  let raw = "";
  child.stdout.on("data", (c: Buffer) => (raw += c.toString()));
  child.stderr.on("data", (c: Buffer) => (raw += c.toString()));
  await new Promise((resolve) => child.on("close", resolve));
  const num = (re: RegExp) => Number(re.exec(raw)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(raw);
  const p99 = /\n\s+99%\s+(\S+)/.exec(raw)?.[1] ?? "?";
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    p50: /\n\s+50%\s+(\S+)/.exec(raw)?.[1] ?? "?",
    p99,
    p99ms: toMs(p99),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: num(/Non-2xx or 3xx responses:\s+(\d+)/),
    raw,
  };
}

export function requireTools(): string | null {
  const missing = [WRK, NGINX].filter((tool) => !existsSync(tool));
  return missing.length ? `${missing.join(", ")} missing: apt-get install wrk nginx-light` : null;
}

/** The environment `npm run pbs` gets in the benchmarks: the shell's, minus any PBS_* tuning. */
export function shippedPbsEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PBS_") && k !== "NODE_ENV"));
  return { ...base, NODE_ENV: "production", ...extra };
}
