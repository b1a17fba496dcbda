// The hold's countdown. It runs on the server's clock: every answer carries server_time, so a
// browser whose clock is wrong still shows the minutes the server will keep the hold.

// The warning (with "Extend") shows from this many milliseconds before the hold runs out.
export const WARN_BEFORE_MS = 60_000;

// Milliseconds to add to the browser's clock to get the server's, from an answer's
// server_time (ISO 8601) received at `receivedAt` (the browser's ms); null when unreadable.
export function serverClockOffset(serverTime, receivedAt) {
  const server = Date.parse(serverTime);
  return Number.isNaN(server) ? null : server - receivedAt;
}

// What the countdown shows at `now` for a hold that runs out at `expiresAt` (both ms on the
// server's clock): m:ss rounded up, so 0:00 shows only once it has run out.
export function countdown(expiresAt, now) {
  const ms = expiresAt - now;
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return {
    text: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`,
    warning: ms <= WARN_BEFORE_MS,
    expired: ms <= 0,
  };
}
