// live.js's pure parts: the stream's address and when a hold's start comes back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expiryDelays, liveUrl } from "../widget/js/live.js";

test("the stream address names the tenant and the day, escaped", () => {
  assert.equal(liveUrl("studio a", "2026-12-01"), "/api/booking/v1/live/studio%20a?date=2026-12-01");
});

test("a held start is refetched just after its expiry on the server's clock", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  const event = {
    starts: [
      { state: "held", expires_at: "2026-12-01T10:05:00+00:00" },
      { state: "booked", expires_at: null },
      { state: "held", expires_at: "2026-12-01T09:00:00Z" },
    ],
  };
  assert.deepEqual(expiryDelays(event, now), [300_500, 0]);
});

test("an event without starts schedules nothing", () => {
  assert.deepEqual(expiryDelays({}, 0), []);
});
