// node --test gateway/tests/ (make test-widget)
import assert from "node:assert/strict";
import { test } from "node:test";

import { WARN_BEFORE_MS, countdown, serverClockOffset } from "../widget/js/countdown.js";

const MINUTE = 60_000;
const expiresAt = Date.parse("2026-12-31T23:10:00Z");

test("the countdown shows minutes and seconds, rounded up", () => {
  assert.equal(countdown(expiresAt, expiresAt - 10 * MINUTE).text, "10:00");
  assert.equal(countdown(expiresAt, expiresAt - 5 * MINUTE - 1).text, "5:01");
  assert.equal(countdown(expiresAt, expiresAt - 61_000).text, "1:01");
  assert.equal(countdown(expiresAt, expiresAt - 9_000).text, "0:09");
  assert.equal(countdown(expiresAt, expiresAt - 1).text, "0:01");
});

test("the warning shows from the last minute on, and the hold runs out at 0:00", () => {
  const before = countdown(expiresAt, expiresAt - WARN_BEFORE_MS - 1);
  assert.deepEqual([before.warning, before.expired], [false, false]);
  const lastMinute = countdown(expiresAt, expiresAt - WARN_BEFORE_MS);
  assert.deepEqual([lastMinute.text, lastMinute.warning, lastMinute.expired], ["1:00", true, false]);
  const out = countdown(expiresAt, expiresAt);
  assert.deepEqual([out.text, out.warning, out.expired], ["0:00", true, true]);
  assert.equal(countdown(expiresAt, expiresAt + 5 * MINUTE).text, "0:00");
});

test("a browser clock that is wrong still counts the server's minutes", () => {
  // The browser is 10 minutes fast; the server answered at 23:00:00 that the hold ends 23:10.
  const browserNow = Date.parse("2026-12-31T23:10:00Z");
  const offset = serverClockOffset("2027-01-01T00:00:00+01:00", browserNow);
  assert.equal(offset, -10 * MINUTE);
  assert.equal(countdown(expiresAt, browserNow + offset).text, "10:00");
  assert.equal(countdown(expiresAt, browserNow + 4 * MINUTE + offset).text, "6:00");
});

test("an unreadable server time gives no offset", () => {
  assert.equal(serverClockOffset("not a time", Date.now()), null);
});
