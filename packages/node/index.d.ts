/** A control-plane call the mock refused (its JSON message included), or a server that did not start. */
export class MockError extends Error {
  status?: number;
  body?: unknown;
}

export interface StartOptions {
  /** More server flags, e.g. ["--webhook-route", "https://hooks.example.com=http://127.0.0.1:3000"]. */
  args?: string[];
  /** The server binary; else ACTIVITYSMITH_MOCK_BIN, else the PATH. */
  binary?: string;
  /** ":memory:" (default) or a database file. */
  db?: string;
  /** Milliseconds to wait for the server's health (default 10000). */
  startTimeout?: number;
}

export interface JournalFilters {
  path?: string;
  method?: string;
  status?: number;
  activity_id?: string;
  since?: string;
  limit?: number;
}

export interface JournalEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  status: number;
  key_id: string | null;
  activity_id: string | null;
  request_body: unknown;
  response_body: unknown;
  duration_ms: number;
  [key: string]: unknown;
}

export interface TapFields {
  device_id: string;
  activity_id?: string;
  button?: "action" | "secondary_action";
  notification_id?: string;
  action_index?: number;
}

export interface Tap {
  tap_id: number;
  kind: "webhook" | "open_url" | "redirection";
  url: string;
  delivery_id?: number;
  sent_to?: string;
  [key: string]: unknown;
}

export interface Delivery {
  id: number;
  tap_id: number;
  state: "pending" | "delivered" | "failed";
  request: { method: string; url: string; sent_to: string; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: string; truncated: boolean } | null;
  error: string | null;
  error_kind: string | null;
  [key: string]: unknown;
}

export interface MockServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/api, what the SDKs' base URL would be. */
  readonly apiUrl: string;
  stop(): Promise<void>;
  /** Back to the start-up fixtures, leaving no trace of the previous test (the journal included). */
  reset(): Promise<void>;
  requests(filters?: JournalFilters): Promise<JournalEntry[]>;
  /** Waits until `count` entries match (woken by the journal); rejects after `timeout` seconds (at most 30). */
  waitForRequests(options?: JournalFilters & { count?: number; timeout?: number }): Promise<JournalEntry[]>;
  activity(id: string): Promise<Record<string, any>>;
  device(id: string): Promise<Record<string, any>>;
  tap(fields: TapFields): Promise<Tap>;
  delivery(id: number, options?: { wait?: number }): Promise<Delivery>;
  advanceClock(ms: number): Promise<{ now: string }>;
  setLimits(account: string, limits: { rate_limit?: number; live_activity_limit?: number }): Promise<Record<string, any>>;
  /** Any control-plane call; the parsed JSON answer. */
  control(method: string, path: string, body?: unknown): Promise<any>;
}

/** Starts the mock on a free port of 127.0.0.1; resolves once it is healthy. */
export function startMock(options?: StartOptions): Promise<MockServer>;

/** Makes the global fetch send https://activitysmith.com/api/… (and www.) to `mock`; returns the restore function. */
export function routeFetch(mock: Pick<MockServer, "apiUrl">): () => void;

/** The server binary startMock would run. */
export function findBinary(binary?: string): string;
