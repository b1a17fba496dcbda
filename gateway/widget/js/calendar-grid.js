// The month's date grid of step 2 (a WAI-ARIA grid; the key arithmetic is calendar.js).

import { calendarKeyMove, shiftMonth } from "./calendar.js";
import { todayIn } from "./i18n.js";
import { api, customerZone, i18n, state, t } from "./state.js";
import { chooseDate, chooseFullDay, loadCalendar } from "./steps/time.js";
import { button, focusNext, h } from "./ui.js";

export function renderCalendar() {
  const [y, m] = state.month.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const today = todayIn(customerZone, api.now());
  const thisMonth = today.slice(0, 7);
  const monthName = i18n.month(state.month);
  const focusDate = [state.focusDate, state.date].find((d) => d?.startsWith(state.month)) ||
    Object.keys(state.days).find((d) => state.days[d] === "available") ||
    `${state.month}-01`;

  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(h("td", { role: "gridcell", class: "bw-day-blank" }));
  for (let day = 1; day <= daysInMonth; day++) {
    const date = `${state.month}-${String(day).padStart(2, "0")}`;
    const status = state.days[date] || (date < today ? "past" : state.daysLoading ? "" : "off");
    const available = status === "available";
    const full = status === "full";
    const selected = date === state.date;
    const parts = [i18n.date(date, { weekday: "long", day: "numeric", month: "long", year: "numeric" })];
    if (status) parts.push(t(`day_${status}`));
    if (selected) parts.push(t("day_selected"));
    cells.push(
      h(
        "td",
        { role: "gridcell", "aria-selected": selected ? "true" : "false" },
        h(
          "button",
          {
            type: "button",
            class: `bw-day bw-day-${status || "loading"}${selected ? " is-selected" : ""}${date === today ? " is-today" : ""}`,
            "aria-label": parts.join(", "),
            "aria-disabled": available || full ? null : "true",
            "aria-pressed": available || full ? String(selected) : null,
            tabindex: date === focusDate ? "0" : "-1",
            dataset: { date, fk: `day-${date}` },
            onclick: () => (available ? chooseDate(date) : full && chooseFullDay(date)),
            onkeydown: (event) => calendarKey(event, date),
          },
          String(day),
        ),
      ),
    );
  }
  while (cells.length % 7) cells.push(h("td", { role: "gridcell", class: "bw-day-blank" }));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(h("tr", { role: "row" }, cells.slice(i, i + 7)));

  const anyAvailable = Object.values(state.days).includes("available");
  return h(
    "div",
    { class: "bw-calendar" },
    h(
      "div",
      { class: "bw-cal-head" },
      button("‹", () => changeMonth(-1), {
        kind: "icon",
        fk: "prev-month",
        "aria-label": t("prev_month"),
        disabled: state.month <= thisMonth,
      }),
      h("h2", { class: "bw-cal-title", id: "bw-cal-title", "aria-live": "polite" }, monthName),
      button("›", () => changeMonth(1), { kind: "icon", fk: "next-month", "aria-label": t("next_month") }),
    ),
    h(
      "table",
      {
        class: "bw-cal-grid",
        role: "grid",
        "aria-label": t("calendar_label", { month: monthName }),
        "aria-busy": state.daysLoading ? "true" : "false",
      },
      h(
        "thead",
        {},
        h(
          "tr",
          { role: "row" },
          [0, 1, 2, 3, 4, 5, 6].map((i) =>
            h("th", { role: "columnheader", scope: "col", abbr: i18n.weekdayLong(i) }, i18n.weekdayShort(i)),
          ),
        ),
      ),
      h("tbody", {}, rows),
    ),
    !state.daysLoading && !anyAvailable
      ? h(
          "div",
          { class: "bw-cal-empty" },
          h("p", {}, t("no_days_month", { month: monthName })),
          button(t("go_next_month"), () => changeMonth(1), { kind: "link", fk: "jump-next" }),
        )
      : null,
  );
}

// The WAI-ARIA date grid's keys: arrows by day and week, Home/End to the week's ends,
// PageUp/PageDown by month (with Shift by year). They cross month boundaries: the other
// month loads and focus lands on the target day.
// https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/examples/datepicker-dialog/
function calendarKey(event, date) {
  const move = calendarKeyMove(event.key, event.shiftKey, date, todayIn(customerZone, api.now()));
  if (!move) return;
  event.preventDefault();
  if (!move.date) return;
  state.focusDate = move.date;
  if (!move.months) {
    const grid = event.currentTarget.closest("table");
    grid.querySelectorAll("button[data-date]").forEach((b) => (b.tabIndex = -1));
    const next = grid.querySelector(`[data-date="${move.date}"]`);
    next.tabIndex = 0;
    next.focus();
    return;
  }
  focusNext(`day-${move.date}`);
  changeMonth(move.months);
}

function changeMonth(delta) {
  const today = todayIn(customerZone, api.now()).slice(0, 7);
  const month = shiftMonth(state.month, delta);
  if (month < today) return;
  state.month = month;
  state.days = {};
  state.slots = [];
  state.date = null;
  loadCalendar();
}
