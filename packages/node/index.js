// activitysmith-mock for Node test suites: start the mock server, route the official SDK's
// `fetch` calls to it, and read or steer its state through the control plane. No dependencies.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

/** A control-plane call the mock refused (its JSON message included), or a server that did not start. */
export class MockError extends Error {
  constructor(message, { status, body } = {}) {
    super(message);
    this.name = "MockError";
    this.status = status;
    this.body = body;
  }
}

const PRODUCTION = ["https://activitysmith.com/api", "https://www.activitysmith.com/api"];

/** The server binary: `binary`, then ACTIVITYSMITH_MOCK_BIN, then the PATH. */
export function findBinary(binary) {
  const explicit = binary ?? process.env.ACTIVITYSMITH_MOCK_BIN;
  if (explicit) return explicit;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "activitysmith-mock");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new MockError("no activitysmith-mock binary: pass { binary }, set ACTIVITYSMITH_MOCK_BIN, or put it on the PATH");
}

/**
 * Starts the mock on a free port of 127.0.0.1 and resolves once it answers /_mock/health.
 * A server that exits or never becomes healthy rejects with its stderr.
 */
export async function startMock({ args = [], binary, db = ":memory:", startTimeout = 10_000 } = {}) {
  const file = findBinary(binary);
  const child = spawn(file, ["--host", "127.0.0.1", "--port", "0", "--db", db, "--quiet", "--scheduling", "normal", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => { stderr = (stderr + chunk).slice(-16_384); });
  const failure = (what) => new MockError(`${what}; stderr: ${stderr.trim() || "(empty)"}`);

  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(failure(`activitysmith-mock did not start within ${startTimeout} ms`)); }, startTimeout);
    child.on("error", (error) => { clearTimeout(timer); reject(new MockError(`cannot run ${file}: ${error.message}`)); });
    child.on("exit", (code) => { clearTimeout(timer); reject(failure(`activitysmith-mock exited with code ${code}`)); });
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
  });
  child.removeAllListeners("exit");
  let exited = null;
  child.on("exit", (code) => { exited = code; });
  child.stdout.resume();

  const mock = new Mock(url, child, () => (exited === null ? null : failure(`activitysmith-mock exited with code ${exited}`)));
  const deadline = Date.now() + startTimeout;
  for (;;) {
    try {
      await mock.control("GET", "/_mock/health");
      return mock;
    } catch (error) {
      if (exited !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw failure("activitysmith-mock never became healthy");
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

class Mock {
  #child;
  #crashed;
  #fetch = globalThis.fetch; // the real one, even after routeFetch patched the global

  constructor(url, child, crashed) {
    this.url = url;
    this.apiUrl = url + "/api";
    this.#child = child;
    this.#crashed = crashed;
  }

  /** SIGTERM, and resolves once the server exited. */
  async stop() {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Any control-plane call: the parsed JSON answer, or a MockError carrying the mock's message. */
  async control(method, pathname, body) {
    const crash = this.#crashed();
    if (crash) throw crash;
    let response;
    try {
      response = await this.#fetch(this.url + pathname, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw this.#crashed() ?? new MockError(`${method} ${pathname}: ${error.message}`);
    }
    const text = await response.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    if (!response.ok) {
      const message = (parsed && typeof parsed === "object" && (parsed.message ?? parsed.error)) || text;
      throw new MockError(`${method} ${pathname}: ${response.status}: ${message}`, { status: response.status, body: parsed });
    }
    return parsed;
  }

  /** Back to the start-up fixtures, leaving no trace of the previous test (the journal included). */
  async reset() {
    await this.control("POST", "/_mock/reset");
    await this.control("DELETE", "/_mock/requests");
  }

  /** Journal entries, newest first: path, method, status, activity_id, since, limit. */
  async requests(filters = {}) {
    return (await this.control("GET", "/_mock/requests?" + query(filters))).requests;
  }

  /** Waits (woken by the journal, not polling) until `count` entries match; rejects after `timeout` seconds (at most 30). */
  async waitForRequests({ count = 1, timeout = 5, ...filters } = {}) {
    const answer = await this.control("GET", "/_mock/requests?" + query({ ...filters, min_count: count, wait: seconds(timeout) }));
    if (answer.timed_out) {
      throw new MockError(`${answer.requests.length} of ${count} requests matching ${JSON.stringify(filters)} after ${timeout} s`, { body: answer });
    }
    return answer.requests;
  }

  activity(id) { return this.control("GET", "/_mock/activities/" + encodeURIComponent(id)); }

  device(id) { return this.control("GET", "/_mock/devices/" + encodeURIComponent(id)); }

  /** A tap: { device_id, activity_id, button } or { device_id, notification_id, action_index }. */
  tap(fields) { return this.control("POST", "/_mock/taps", fields); }

  /** A webhook delivery; with { wait: seconds }, once it is no longer pending (rejects if it still is). */
  async delivery(id, { wait } = {}) {
    if (wait === undefined) return this.control("GET", `/_mock/deliveries/${encodeURIComponent(id)}`);
    const answer = await this.control("GET", `/_mock/deliveries/${encodeURIComponent(id)}?wait=${seconds(wait)}`);
    if (answer.timed_out) throw new MockError(`delivery ${id} still pending after ${wait} s`, { body: answer });
    return answer;
  }

  /** Moves the mock's clock forward by `ms`. */
  advanceClock(ms) { return this.control("POST", "/_mock/clock", { advance_ms: ms }); }

  /** An account's limits until the next reset: { rate_limit, live_activity_limit } (0 turns one off). */
  setLimits(account, limits) { return this.control("PATCH", "/_mock/accounts/" + encodeURIComponent(account), limits); }
}

/**
 * Makes the global `fetch` send https://activitysmith.com/api/… (and www.) to `mock`, leaving
 * every other URL alone. Returns the function that restores the original `fetch`. It patches a
 * global: call it in a test's setup and the restore in its teardown.
 */
export function routeFetch(mock) {
  const original = globalThis.fetch;
  const routed = (input, init) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input?.url;
    const prefix = typeof href === "string" ? PRODUCTION.find((p) => href === p || href.startsWith(p + "/") || href.startsWith(p + "?")) : undefined;
    if (!prefix) return original(input, init);
    const target = mock.apiUrl + href.slice(prefix.length);
    return original(typeof input === "string" || input instanceof URL ? target : new Request(target, input), init);
  };
  globalThis.fetch = routed;
  return () => {
    if (globalThis.fetch === routed) globalThis.fetch = original;
  };
}

function query(filters) {
  return new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)])).toString();
}

function seconds(value) {
  return String(Math.min(Math.max(Number(value), 0), 30));
}
