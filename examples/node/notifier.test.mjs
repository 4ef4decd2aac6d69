// A Node team's suite against activitysmith-mock: their code calls the production URL (as the
// official Node SDK and the CLI do, through the global fetch), and routeFetch sends it to the mock.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startMock, routeFetch } from "activitysmith-mock";

const API = "https://activitysmith.com/api";
const KEY = "ask_123456789";
const received = [];
let mock, restoreFetch, receiver;

// What the code under test does: a POST to ActivitySmith with the API key.
function call(path, body) {
  return fetch(API + path, {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

before(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, body: body ? JSON.parse(body) : null });
      res.writeHead(202).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  mock = await startMock({ args: ["--webhook-route", `https://hooks.example.com=http://127.0.0.1:${receiver.address().port}`] });
  restoreFetch = routeFetch(mock);
});

after(async () => {
  restoreFetch();
  await mock.stop();
  receiver.close();
});

beforeEach(() => mock.reset());

test("the docs' update reaches the mock through the production URL", async () => {
  const { status, body } = await call("/live-activity/update", {
    activity_id: "pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW",
    content_state: { title: "Nightly database backup", subtitle: "upload archive", number_of_steps: 3, current_step: 2 },
  });
  assert.equal(status, 200);
  assert.equal(body.devices_notified, 2);
});

test("start, update and end, asserted through the control plane", async () => {
  const started = await call("/live-activity/start", {
    content_state: { title: "Deploy", type: "segmented_progress", number_of_steps: 3, current_step: 1 },
  });
  const id = started.body.activity_id;
  await call("/live-activity/update", { activity_id: id, content_state: { title: "Deploy", current_step: 2 } });
  await call("/live-activity/end", { activity_id: id, content_state: { title: "Deployed", current_step: 3 } });
  const activity = await mock.activity(id);
  assert.equal(activity.status, "ended");
  assert.deepEqual(activity.updates.map((u) => u.kind), ["start", "update", "end"]);
});

test("a webhook button tapped, its delivery waited for", async () => {
  const sent = await call("/push-notification", {
    title: "Build failed",
    actions: [{ title: "Retry", type: "webhook", url: "https://hooks.example.com/builds/retry", body: { build: 42 } }],
  });
  const tap = await mock.tap({ device_id: "adam-iphone", notification_id: sent.body.notification_id, action_index: 0 });
  const delivery = await mock.delivery(tap.delivery_id, { wait: 5 });
  assert.equal(delivery.state, "delivered");
  assert.equal(delivery.response.status, 202);
  assert.deepEqual(received.at(-1), { method: "POST", url: "/builds/retry", body: { build: 42 } });
});

test("a background send is waited for", async () => {
  setTimeout(() => call("/push-notification", { title: "Nightly report ready" }), 50);
  const [entry] = await mock.waitForRequests({ path: "/push-notification", timeout: 5 });
  assert.equal(entry.request_body.title, "Nightly report ready");
});

test("each test starts clean", async () => {
  assert.deepEqual(await mock.requests(), []);
  const { activities } = await mock.control("GET", "/_mock/activities");
  assert.deepEqual(activities.map((a) => a.id), ["pLAr-Hnq9ZFW4sxlk43Lhbuok4GLh7UW"]);
});

test("other URLs are left alone, and errors carry the mock's message", async () => {
  const own = await fetch(mock.url + "/_mock/health");
  assert.equal(own.status, 200);
  await assert.rejects(mock.tap({ device_id: "nobody" }), /POST \/_mock\/taps: 400: .*activity_id or notification_id is required/);
});

// The official Node SDK, unchanged, when it is installed beside this suite.
test("the official Node SDK, unchanged, through routeFetch", async (t) => {
  let ActivitySmith;
  try {
    ActivitySmith = (await import("activitysmith")).default;
  } catch {
    return t.skip("the activitysmith package is not installed here");
  }
  const client = new ActivitySmith({ apiKey: KEY });
  const started = await client.liveActivities.start({
    content_state: { title: "SDK deploy", type: "segmented_progress", number_of_steps: 2, current_step: 1 },
  });
  const id = started.activity_id;
  await client.liveActivities.update({ activity_id: id, content_state: { title: "SDK deploy", current_step: 2 } });
  await client.liveActivities.end({ activity_id: id, content_state: { title: "SDK deployed", current_step: 2 } });
  const pushed = await client.notifications.send({ title: "From the SDK" });
  assert.equal(pushed.success, true);
  const activity = await mock.activity(id);
  assert.deepEqual(activity.updates.map((u) => u.kind), ["start", "update", "end"]);
  console.log(`SDK 0.1.6: started ${id}, updates ${activity.updates.map((u) => u.kind).join(" → ")}, push ${pushed.notification_id} to ${pushed.devices_notified} devices`);
});
