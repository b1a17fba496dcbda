// Live availability (issue 14): the day on screen follows the server's changes.
//
// One EventSource per shown day on /api/booking/v1/live/{tenant}?date= (Server-Sent Events
// through the gateway). Each `availability` event says that starts of the day (or of a
// neighbouring day, the tenant's days being in another zone) were held, released, expired or
// booked; the widget then refetches the day's starts, because what a change frees or blocks
// depends on the service shown (its duration and buffers). A held start also carries its
// expiry, so the start comes back on screen when the hold runs out, with no event needed.
//
// EventSource reconnects by itself and sends Last-Event-ID; the server replays what it kept
// or answers `reset`. When the stream cannot be had (no EventSource, a refused or failing
// stream), the widget polls the day instead.

const POLL_MS = 15_000;
// Failures in a row before polling takes over until the day changes.
const MAX_FAILURES = 3;
// A little after the hold's expiry, so the server agrees it is over.
const EXPIRY_SLACK_MS = 500;

export function liveUrl(tenant, date) {
  return `/api/booking/v1/live/${encodeURIComponent(tenant)}?date=${encodeURIComponent(date)}`;
}

// The ms to wait before refetching for each held start of an event, on the server's clock.
export function expiryDelays(event, serverNow) {
  return (event.starts || [])
    .filter((s) => s.state === "held" && s.expires_at)
    .map((s) => Math.max(0, Date.parse(s.expires_at) - serverNow + EXPIRY_SLACK_MS));
}

// onChange(date) is called whenever the day's starts may have changed; now() is the
// server's clock in ms.
export function createLive(tenant, { onChange, now = () => Date.now() }) {
  let source = null;
  let date = null;
  let failures = 0;
  let pollTimer = null;
  const expiryTimers = new Set();

  function clearTimers() {
    for (const timer of expiryTimers) clearTimeout(timer);
    expiryTimers.clear();
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  function stop() {
    if (source) source.close();
    source = null;
    date = null;
    clearTimers();
  }

  function poll(day) {
    if (source) source.close();
    source = null;
    if (!pollTimer) pollTimer = setInterval(() => onChange(day), POLL_MS);
  }

  function changed(day, data) {
    let event = {};
    try {
      event = JSON.parse(data);
    } catch {
      // A malformed event still means something changed.
    }
    for (const delay of expiryDelays(event, now())) {
      const timer = setTimeout(() => {
        expiryTimers.delete(timer);
        if (date === day) onChange(day);
      }, delay);
      expiryTimers.add(timer);
    }
    onChange(day);
  }

  function follow(day) {
    if (day === date && (source || pollTimer)) return;
    stop();
    date = day;
    failures = 0;
    if (!day) return;
    if (typeof window.EventSource !== "function") {
      poll(day);
      return;
    }
    let opened = false;
    const stream = new window.EventSource(liveUrl(tenant, day));
    source = stream;
    stream.addEventListener("availability", (e) => {
      if (date === day) changed(day, e.data);
    });
    stream.addEventListener("reset", () => {
      if (date === day) onChange(day);
    });
    stream.addEventListener("open", () => {
      failures = 0;
      // After a drop, whatever the replay missed is read again.
      if (opened && date === day) onChange(day);
      opened = true;
    });
    stream.addEventListener("error", () => {
      if (source !== stream) return;
      failures += 1;
      // CLOSED: the server refused (503, 400) and EventSource gives up; or it keeps failing.
      if (stream.readyState === window.EventSource.CLOSED || failures >= MAX_FAILURES) {
        poll(day);
      }
    });
  }

  return { follow, stop, following: () => date, mode: () => (source ? "stream" : pollTimer ? "poll" : "off") };
}
