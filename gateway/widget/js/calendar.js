// Calendar arithmetic on plain dates (YYYY-MM-DD) and months (YYYY-MM). Everything is done
// at UTC midnight, so a daylight-saving change never adds or drops a day.

// The month `delta` months after `month`.
export function shiftMonth(month, delta) {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

// How many months `to` is after `from` (negative when before).
export function monthsBetween(from, to) {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  return (ty - fy) * 12 + (tm - fm);
}

// The day a key of the WAI-ARIA date grid moves to from `date`, or null for other keys:
// arrows by day and week, Home/End to the week's Monday and Sunday, PageUp/PageDown by a
// month (with Shift by a year) to the same day or the month's last one (31 Jan -> 28 Feb).
export function calendarKeyTarget(key, shiftKey, date) {
  const [y, m, d] = date.split("-").map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  const days = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -7,
    ArrowDown: 7,
    Home: -weekday,
    End: 6 - weekday,
  };
  if (key in days) return isoDate(new Date(Date.UTC(y, m - 1, d + days[key])));
  if (key !== "PageUp" && key !== "PageDown") return null;
  const months = (key === "PageUp" ? -1 : 1) * (shiftKey ? 12 : 1);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

// What a key pressed on the grid's `date` does, `today` being the customer's: null for a key
// the grid leaves alone; {date: null} for a move into a month before today's (the key is
// swallowed, focus stays); else the day to focus and how many months the grid turns to show it.
export function calendarKeyMove(key, shiftKey, date, today) {
  const target = calendarKeyTarget(key, shiftKey, date);
  if (!target) return null;
  if (target.slice(0, 7) < today.slice(0, 7)) return { date: null, months: 0 };
  return { date: target, months: monthsBetween(date.slice(0, 7), target.slice(0, 7)) };
}

function isoDate(utcMidnight) {
  return utcMidnight.toISOString().slice(0, 10);
}
