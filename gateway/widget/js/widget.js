// The booking widget: service → date & time → summary (held) → details →
// code (known emails) → payment → confirmation. Plain DOM, no framework.

import { ApiError, createApi, uuid } from "./api.js";
import { LANGUAGES, createI18n, loadCatalogs, pickLanguage, todayIn } from "./i18n.js";
import { calendarKeyMove, shiftMonth } from "./calendar.js";
import { countdown } from "./countdown.js";
import { distinctStarts } from "./starts.js";
import { createLive } from "./live.js";
import { createWaitlist, renderWaitlist, waitlistTokenOf } from "./waitlist.js";
import { loadStripe, payWithCard } from "./payment.js";

const params = new URLSearchParams(window.location.search);
const tenantSlug = (params.get("tenant") || "").trim().toLowerCase();
const customerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const LANG_KEY = "booking-widget.lang";

const STEPS = ["service", "time", "summary", "details", "verify", "payment", "done", "manage"];
const STEP_LABELS = {
  service: "step_service",
  time: "step_time",
  summary: "step_summary",
  details: "step_details",
  verify: "step_verify",
  payment: "step_payment",
  done: "step_done",
  manage: "manage_title",
};
const EXPIRY_CODES = new Set([
  "hold_expired",
  "hold_not_found",
  "cart_empty",
  "cart_expired",
  "booking_expired",
]);
const CONFIRM_POLL_MS = 1000;
const CONFIRM_POLL_LIMIT_MS = 60_000;

const api = createApi(tenantSlug);
// The shown day's starts follow the server (live.js); refreshSlots redraws them.
const live = createLive(tenantSlug, { onChange: (date) => refreshSlots(date), now: () => api.now() });
const waitlist = createWaitlist(tenantSlug, api);
let i18n;
const t = (key, vars) => i18n.t(key, vars);

const state = {
  step: null,
  profile: {},
  services: [],
  service: null,
  staffList: [],
  staff: null, // a staff id or "any"
  month: null, // YYYY-MM
  days: {}, // date → status
  daysLoading: false,
  date: null,
  focusDate: null, // the calendar day the keyboard is on (the grid's one tab stop)
  slots: [],
  slotsLoading: false,
  busy: false,
  hold: null, // the hold answer plus the chosen staff
  expiresAt: null, // ms on the server's clock
  warned: false,
  // The payment choices offered for the service, by the names the booking takes
  // (full, deposit, none): the payment-options answer's payments.
  paymentChoices: ["none"],
  details: { name: "", email: "", phone: "", note: "", reminder: false },
  fieldErrors: {},
  booking: null,
  paymentChoice: "none",
  checkout: null,
  verifyLocked: false,
};

// ---------------------------------------------------------------- DOM helpers

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (id) => document.getElementById(id);

function notify(message, kind = "error") {
  const notice = $("notice");
  notice.replaceChildren();
  notice.className = `bw-notice${message ? ` bw-notice-${kind}` : ""}`;
  if (message) notice.append(h("p", { text: message }));
}

function announce(message) {
  const status = $("status");
  status.textContent = "";
  // A fresh text node after a tick makes screen readers announce repeats too.
  setTimeout(() => (status.textContent = message), 50);
}

// Known codes get the customer's language; other 4xx messages are the server's
// (English) words, shown only to English readers.
function errorMessage(error) {
  if (!(error instanceof ApiError)) return t("error_generic");
  if (error.code === "network") return t("error_network");
  const key = `error_${error.code}`;
  if (t(key) !== key) return t(key);
  if (error.status === 429) return t("error_rate_limited");
  if (error.message && error.status < 500 && i18n.lang === "en") return error.message;
  return t("error_generic");
}

// The answers' shapes are services/booking/openapi.yaml's and services/payments/openapi.yaml's:
// the widget reads their fields as they are, so a change of the contract breaks it loudly
// (in tests/test_widget*_e2e.py) instead of being papered over.

// A price ({amount, currency} in minor units) or null for a free service.
function priceText(money) {
  return money ? i18n.money(money.amount, money.currency) : t("free");
}

// ------------------------------------------------------------------ the frame

function renderChrome() {
  document.documentElement.lang = i18n.lang;
  document.title = `${t("app_title")}${state.profile.name ? ` · ${state.profile.name}` : ""}`;
  $("app-title").textContent = t("app_title");
  $("tenant-name").textContent = state.profile.name || "";
  $("tenant-initial").textContent = (state.profile.name || tenantSlug || "·").slice(0, 1);
  $("lang-label").textContent = t("language");
  $("progress-nav").setAttribute("aria-label", t("steps_label"));
  const select = $("lang");
  select.replaceChildren(
    ...Object.entries(LANGUAGES).map(([code, name]) =>
      h("option", { value: code, selected: code === i18n.lang, lang: code }, name),
    ),
  );
  renderProgress();
  renderTimer();
}

function visibleSteps() {
  const steps = ["service", "time", "summary", "details"];
  if (state.step === "verify" || state.codeAsked) steps.push("verify");
  if (state.paymentChoice !== "none" || state.step === "payment") steps.push("payment");
  steps.push("done");
  return steps;
}

function renderProgress() {
  // Managing an existing booking is not the booking flow: no steps to show.
  $("progress-nav").hidden = !!state.manage;
  const current = STEPS.indexOf(state.step);
  $("progress").replaceChildren(
    ...visibleSteps().map((step, index) => {
      const position = STEPS.indexOf(step);
      const status = position < current ? "done" : position === current ? "current" : "todo";
      return h(
        "li",
        { class: `bw-progress-${status}`, "aria-current": status === "current" ? "step" : null },
        h("span", { class: "bw-progress-dot", "aria-hidden": "true" }, String(index + 1)),
        h("span", { class: "bw-progress-label" }, t(STEP_LABELS[step])),
      );
    }),
  );
}

const renderers = {};

function show(step, { focus = true } = {}) {
  const changed = state.step !== step;
  state.step = step;
  rerender({ focusHeading: focus && changed });
  if (changed) window.parent?.postMessage({ type: "booking-widget:step", step }, "*");
}

// A control (by data-fk) that the next render focuses instead of the current one.
let pendingFocus = null;

// Re-renders the current step, keeping keyboard focus on the same control.
function rerender({ focusHeading = false } = {}) {
  const main = $("main");
  const active = main.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = active?.dataset?.fk;
  const focusId = active?.id;
  const wasHeading = active?.tagName === "H1";
  main.replaceChildren(renderers[state.step]());
  renderChrome();
  const moveTo = pendingFocus && main.querySelector(`[data-fk="${CSS.escape(pendingFocus)}"]`);
  pendingFocus = null;
  if (moveTo) {
    moveTo.focus();
  } else if (focusHeading || wasHeading) {
    main.querySelector("h1")?.focus();
  } else if (focusKey) {
    main.querySelector(`[data-fk="${CSS.escape(focusKey)}"]`)?.focus();
  } else if (focusId) {
    document.getElementById(focusId)?.focus();
  }
}

function heading(text) {
  return h("h1", { class: "bw-title", tabindex: "-1" }, text);
}

function actions(...buttons) {
  return h("div", { class: "bw-actions" }, ...buttons);
}

function button(label, onClick, { kind = "secondary", fk, disabled, type = "button", ...rest } = {}) {
  return h(
    "button",
    {
      type,
      class: `bw-btn bw-btn-${kind}`,
      onclick: onClick,
      dataset: fk ? { fk } : undefined,
      disabled: disabled || null,
      ...rest,
    },
    label,
  );
}

// ------------------------------------------------------------- 1. the service

renderers.service = () => {
  const list = state.services.length
    ? h(
        "ul",
        { class: "bw-services" },
        state.services.map((service) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "bw-service",
                dataset: { fk: `service-${service.id}`, service: service.id },
                onclick: () => chooseService(service),
              },
              h("span", { class: "bw-service-name" }, service.name),
              service.description
                ? h("span", { class: "bw-service-desc" }, service.description)
                : null,
              h(
                "span",
                { class: "bw-service-meta" },
                h("span", { class: "bw-chip" }, t("minutes", { n: service.duration_minutes })),
                h("span", { class: "bw-chip bw-chip-price" }, priceText(service.price)),
                service.down_payment
                  ? h(
                      "span",
                      { class: "bw-chip" },
                      t("down_payment_of", { amount: priceText(service.down_payment) }),
                    )
                  : null,
              ),
              h("span", { class: "bw-service-arrow", "aria-hidden": "true" }, "›"),
            ),
          ),
        ),
      )
    : h("p", { class: "bw-empty" }, t("no_services"));
  return h("section", { class: "bw-step" }, heading(t("choose_service")), list);
};

async function chooseService(service) {
  notify("");
  state.service = service;
  state.staffList = [];
  state.staff = null;
  state.days = {};
  state.date = null;
  state.slots = [];
  state.month = todayIn(customerZone, api.now()).slice(0, 7);
  state.paymentChoices = ["none"];
  state.daysLoading = true;
  state.slotsDate = null;
  // Asked at once: the details step must never offer "Book now" for a paid service
  // just because the answer was slow.
  state.paymentChoicesReady = api
    .paymentOptions(service.id)
    .then((answer) => (state.paymentChoices = answer.payments))
    .catch(() => (state.paymentChoices = ["none"]));
  show("time");
  try {
    state.staffList = (await api.staff(service.id)).staff;
    state.staff = state.staffList.length === 1 ? state.staffList[0].id : "any";
  } catch (error) {
    notify(errorMessage(error));
    state.staff = "any";
  }
  rerender();
  await loadCalendar({ advanceIfEmpty: 2 });
}

// ------------------------------------------------------ 2. date, staff, times

let calendarSeq = 0;
let slotsSeq = 0;

async function loadCalendar({ advanceIfEmpty = 0, keepDate = false } = {}) {
  const seq = ++calendarSeq;
  state.daysLoading = true;
  rerender();
  try {
    const answer = await api.calendar({
      service: state.service.id,
      staff: state.staff,
      month: state.month,
      tz: customerZone,
    });
    if (seq !== calendarSeq) return;
    state.days = Object.fromEntries(answer.days.map((d) => [d.date, d.status]));
  } catch (error) {
    if (seq !== calendarSeq) return;
    state.days = {};
    notify(errorMessage(error));
  }
  state.daysLoading = false;
  const available = Object.keys(state.days)
    .filter((d) => state.days[d] === "available")
    .sort();
  if (!available.length && advanceIfEmpty > 0) {
    state.month = shiftMonth(state.month, 1);
    return loadCalendar({ advanceIfEmpty: advanceIfEmpty - 1 });
  }
  const keep = keepDate && state.date && state.date.startsWith(state.month);
  if (!keep && (!state.date || state.days[state.date] !== "available")) {
    state.date = available[0] || null;
  }
  rerender();
  await loadSlots();
}

async function loadSlots() {
  const seq = ++slotsSeq;
  state.slotsDate = null;
  if (!state.date) {
    state.slots = [];
    rerender();
    return;
  }
  state.slotsLoading = true;
  rerender();
  try {
    const answer = await api.slots({
      service: state.service.id,
      staff: state.staff,
      date: state.date,
      tz: customerZone,
    });
    if (seq !== slotsSeq) return;
    state.slots = distinctStarts(answer.slots);
  } catch (error) {
    if (seq !== slotsSeq) return;
    state.slots = [];
    notify(errorMessage(error));
  }
  state.slotsLoading = false;
  state.slotsDate = state.date;
  live.follow(state.date);
  rerender();
}

// A full day: the times panel offers its waitlist (waitlist.js); a start freed meanwhile
// shows up there live like on any day.
function chooseFullDay(date) {
  notify("");
  state.date = date;
  state.focusDate = date;
  state.slots = [];
  state.slotsDate = date;
  state.waitDay = { date, status: "idle", email: state.details.email };
  live.follow(date);
  rerender();
}

async function joinWaitlist(email) {
  const view = state.waitDay;
  view.email = email;
  view.status = "sending";
  rerender();
  try {
    await waitlist.join({
      service: state.service.id,
      staff: state.staff,
      date: view.date,
      email,
      language: i18n.lang,
    });
    view.status = "joined";
  } catch (error) {
    view.status = "idle";
    notify(errorMessage(error));
  }
  rerender();
}

// #waitlist/<token>: the start a waitlist email holds, straight to the summary.
async function enterWaitlistOffer(token) {
  try {
    const hold = await waitlist.openOffer(token);
    const service = state.services.find((s) => s.id === hold.service);
    if (!service) throw new ApiError(404, null);
    await chooseService(service);
    const person = state.staffList.find((p) => p.id === hold.staff);
    state.hold = { ...hold, staffId: hold.staff, staffName: person ? person.name : "" };
    state.warned = false;
    startTimer(hold.expires_at);
    show("summary");
  } catch (error) {
    notify(error.code === "hold_expired" ? t("waitlist_offer_expired") : errorMessage(error));
    show("service", { focus: false });
  }
}

// The shown day changed on the server: its starts again, without the loading state.
async function refreshSlots(date) {
  if (state.step !== "time" || state.date !== date || state.slotsLoading) return;
  const seq = slotsSeq;
  try {
    const answer = await api.slots({ service: state.service.id, staff: state.staff, date, tz: customerZone });
    if (seq !== slotsSeq || state.date !== date || state.step !== "time") return;
    state.slots = distinctStarts(answer.slots);
    rerender();
  } catch {
    // The next change or the poll tries again.
  }
}

renderers.time = () => {
  const service = state.service;
  const staffPicker = state.staffList.length ? renderStaffPicker() : null;
  return h(
    "section",
    { class: "bw-step" },
    h(
      "div",
      { class: "bw-step-head" },
      heading(t("choose_time")),
      h(
        "p",
        { class: "bw-muted" },
        `${service.name} · ${t("minutes", { n: service.duration_minutes })} · ${priceText(service.price)}`,
      ),
    ),
    staffPicker,
    h(
      "div",
      { class: "bw-schedule" },
      renderCalendar(),
      renderTimes(),
    ),
    actions(
      button(t("back"), () => (state.manage ? show("manage") : goToServices()), {
        fk: "back-services",
      }),
    ),
  );
};

function renderStaffPicker() {
  const options = [...state.staffList];
  const withAny = state.staffList.length > 1;
  const name = "bw-staff";
  const radio = (id, label) =>
    h(
      "label",
      { class: `bw-radio-card${state.staff === id ? " is-checked" : ""}` },
      h("input", {
        type: "radio",
        name,
        value: id,
        checked: state.staff === id,
        dataset: { fk: `staff-${id}` },
        onchange: () => chooseStaff(id),
      }),
      h("span", { class: "bw-avatar", "aria-hidden": "true" }, id === "any" ? "★" : label.slice(0, 1)),
      h("span", {}, label),
    );
  return h(
    "fieldset",
    { class: "bw-staff" },
    h("legend", {}, t("choose_staff")),
    h(
      "div",
      { class: "bw-radio-row" },
      withAny ? radio("any", t("any_staff")) : null,
      options.map((s) => radio(s.id, s.name)),
    ),
  );
}

function chooseStaff(id) {
  if (state.staff === id) return;
  state.staff = id;
  state.slots = [];
  // Someone on vacation all month: show the month they are back in.
  loadCalendar({ keepDate: false, advanceIfEmpty: 2 });
}

function renderCalendar() {
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
  pendingFocus = `day-${move.date}`;
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

function chooseDate(date) {
  notify("");
  state.waitDay = null;
  state.date = date;
  state.focusDate = date;
  state.slots = [];
  loadSlots();
}

function renderTimes() {
  let body;
  if (!state.date) {
    body = h("p", { class: "bw-muted" }, state.daysLoading ? t("loading") : t("pick_a_day"));
  } else if (state.slotsLoading) {
    body = h("p", { class: "bw-muted bw-loading" }, t("loading"));
  } else if (!state.slots.length && state.waitDay?.date === state.date) {
    body = renderWaitlist({
      h,
      t,
      view: state.waitDay,
      dateLabel: i18n.date(state.date),
      onJoin: joinWaitlist,
    });
  } else if (!state.slots.length) {
    body = h("p", { class: "bw-muted" }, t("no_slots"));
  } else {
    body = h(
      "ul",
      { class: "bw-slots", "aria-labelledby": "bw-times-title" },
      state.slots.map((slot) => {
        const who = state.staff === "any" ? slot.staff.name : "";
        return h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: `bw-slot${slot.held_by_you ? " is-held" : ""}`,
              dataset: { fk: `slot-${slot.start}`, start: slot.start },
              disabled: state.busy || null,
              onclick: () => chooseSlot(slot),
            },
            // Named by what it shows (time, photographer, "your hold"), so a voice user says
            // what they see (axe: label-content-name-mismatch); the spaces keep words apart.
            h("span", { class: "bw-slot-time" }, i18n.time(slot.start)),
            who ? " " : null,
            who ? h("span", { class: "bw-slot-who" }, who) : null,
            slot.held_by_you ? " " : null,
            slot.held_by_you ? h("span", { class: "bw-slot-who" }, t("your_hold")) : null,
          ),
        );
      }),
    );
  }
  // data-ready tells scripts (and tests) that the list is the chosen day's.
  const ready = !state.daysLoading && !state.slotsLoading && (!state.date || state.slotsDate === state.date);
  return h(
    "div",
    {
      class: "bw-times",
      "aria-busy": ready ? "false" : "true",
      dataset: { ready: String(ready), date: state.date || "" },
    },
    h(
      "h2",
      { class: "bw-times-title", id: "bw-times-title", tabindex: "-1" },
      state.date ? t("times_for", { date: i18n.date(state.date) }) : t("step_time"),
    ),
    h("p", { class: "bw-zone" }, t("times_in_zone", { zone: i18n.zoneName() })),
    body,
  );
}

async function chooseSlot(slot) {
  if (state.busy) return;
  notify("");
  state.busy = true;
  rerender();
  if (state.profile.holds_enabled === false) {
    // The business holds no times: the start is only chosen here, and booked straight
    // from it with the details (POST /bookings with `slot`), no countdown.
    await releaseHold();
    state.hold = {
      direct: true,
      staffId: slot.staff.id,
      staffName: slot.staff.name,
      start: slot.start,
      end: slot.end,
    };
    state.busy = false;
    show("summary");
    return;
  }
  try {
    if (state.hold) await releaseHold();
    const hold = await api.holdCreate(
      { service: state.service.id, staff: slot.staff.id, start: slot.start },
      uuid(),
    );
    state.hold = { ...hold, staffId: hold.staff, staffName: slot.staff.name };
    state.warned = false;
    startTimer(hold.expires_at);
    state.busy = false;
    show("summary");
  } catch (error) {
    state.busy = false;
    if (error.code === "slot_unavailable") {
      notify(t("slot_taken"));
      await loadCalendar({ keepDate: true });
      $("bw-times-title")?.focus();
    } else {
      notify(error.code === "too_many_holds" ? t("too_many_holds") : errorMessage(error));
      rerender();
    }
  }
}

function goToServices() {
  notify("");
  state.service = null;
  show("service");
}

// ------------------------------------------------------------- 3. the summary

function recap({ paid, balance } = {}) {
  const service = state.service;
  // The hold being booked, or (back at the card step after a reload) the booking's own.
  const appointment = state.booking?.appointments[0];
  const start = state.hold ? state.hold.start : appointment?.start;
  const staff = state.hold ? state.hold.staffName : appointment?.staff_name;
  const rows = [
    [t("service"), service?.name],
    [t("staff"), staff],
    [
      t("when"),
      start
        ? [i18n.dateTime(start), h("span", { class: "bw-recap-zone" }, i18n.zoneName(start))]
        : null,
    ],
    [t("duration"), service ? t("minutes", { n: service.duration_minutes }) : null],
    [t("price"), service ? priceText(service.price) : null],
    [t("paid"), paid],
    [t("balance"), balance],
  ].filter(([, value]) => value);
  return h(
    "dl",
    { class: "bw-recap" },
    rows.map(([label, value]) =>
      h("div", { class: "bw-recap-row" }, h("dt", {}, label), h("dd", {}, value)),
    ),
  );
}

renderers.summary = () =>
  h(
    "section",
    { class: "bw-step" },
    heading(t("summary_title")),
    h("p", { class: "bw-muted" }, state.expiresAt ? t("summary_held") : t("summary_not_held")),
    recap(),
    state.manage
      ? actions(
          button(t("back"), () => releaseAndGo("time"), { fk: "summary-back" }),
          button(t("move_here"), moveBooking, {
            kind: "primary",
            fk: "summary-move",
            disabled: state.busy,
          }),
        )
      : actions(
          button(t("back"), () => releaseAndGo("time"), { fk: "summary-back" }),
          button(t("remove"), () => releaseAndGo("service"), { kind: "ghost", fk: "summary-remove" }),
          button(t("continue"), toDetails, { kind: "primary", fk: "summary-continue" }),
        ),
  );

async function toDetails() {
  await state.paymentChoicesReady;
  show("details");
}

async function releaseHold() {
  const hold = state.hold;
  stopTimer();
  state.hold = null;
  if (!hold || hold.direct) return;
  try {
    await api.holdRelease(hold.id, uuid());
  } catch {
    // Already gone (expired or released): nothing is held either way.
  }
}

async function releaseAndGo(step) {
  notify("");
  await releaseHold();
  state.booking = null;
  if (step === "service") {
    goToServices();
    return;
  }
  show(step);
  await loadCalendar({ keepDate: true });
}

// ------------------------------------------------------------ hold countdown

let timerHandle = null;

function startTimer(expiresAt) {
  const ms = Date.parse(expiresAt);
  if (!expiresAt || Number.isNaN(ms)) {
    state.expiresAt = null;
    renderTimer();
    return;
  }
  state.expiresAt = ms;
  if (!timerHandle) timerHandle = setInterval(tick, 250);
  tick();
}

function stopTimer() {
  clearInterval(timerHandle);
  timerHandle = null;
  state.expiresAt = null;
  state.warned = false;
  renderTimer();
  renderWarning(false);
}

// The countdown now, on the server's clock (null: nothing is held).
function currentCountdown() {
  return state.expiresAt == null ? null : countdown(state.expiresAt, api.now());
}

function tick() {
  const now = currentCountdown();
  if (!now) return;
  if (now.expired) {
    // Once the card is charged the payment window belongs to the server.
    if (state.checkout) {
      stopTimer();
      return;
    }
    holdExpired();
    return;
  }
  renderTimer();
  if (now.warning !== state.warned) {
    state.warned = now.warning;
    renderWarning(now.warning);
  }
}

function renderTimer() {
  const timer = $("timer");
  const now = currentCountdown();
  if (!now || state.step === "done") {
    timer.hidden = true;
    return;
  }
  const { text } = now;
  timer.hidden = false;
  timer.classList.toggle("is-warning", now.warning);
  timer.setAttribute("aria-label", t("held_timer_label", { time: text }));
  const label = t("held_timer", { time: "" }).trim();
  if (timer.dataset.text !== `${label}${text}`) {
    timer.dataset.text = `${label}${text}`;
    timer.replaceChildren(
      clockIcon(),
      h("span", { class: "bw-timer-label" }, label),
      h("span", { class: "bw-timer-value", id: "timer-value" }, text),
    );
  }
}

function clockIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "bw-timer-icon");
  for (const [tag, attrs] of [
    ["circle", { cx: "12", cy: "13", r: "8" }],
    ["path", { d: "M12 9v4l2.5 2.5M9 2h6" }],
  ]) {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    svg.append(node);
  }
  return svg;
}

function renderWarning(show) {
  const box = $("hold-warning");
  if (!show || state.step === "done") {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const left = state.hold?.extensions_left;
  // Once the booking exists its own deadline (code or payment) runs; holds no longer extend it.
  const canExtend = state.hold && !state.booking && left > 0;
  box.hidden = false;
  box.replaceChildren(
    h("p", {}, t("hold_warning")),
    canExtend ? button(t("extend"), extendHold, { kind: "primary", fk: "extend" }) : null,
  );
}

async function extendHold() {
  if (!state.hold) return;
  try {
    const answer = await api.holdExtend(state.hold.id, uuid());
    state.hold = { ...state.hold, ...answer };
    state.warned = false;
    renderWarning(false);
    startTimer(answer.expires_at);
    announce(t("extended"));
    $("main").querySelector("h1")?.focus();
  } catch (error) {
    if (EXPIRY_CODES.has(error.code)) {
      holdExpired();
    } else if (error.code === "no_extension_left") {
      state.hold.extensions_left = 0;
      renderWarning(true);
      notify(t("no_extensions"));
    } else {
      notify(errorMessage(error));
    }
  }
}

function holdExpired() {
  api.savePayment(null);
  stopTimer();
  state.hold = null;
  state.booking = null;
  state.checkout = null;
  state.paymentChoice = "none";
  show("time");
  notify(t("hold_expired"));
  if (state.service) loadCalendar({ keepDate: true });
}

// Someone else booked the held start first: back to the times, freshly loaded.
function slotTaken() {
  stopTimer();
  state.hold = null;
  show("time");
  notify(t("slot_taken"));
  loadCalendar({ keepDate: true });
}

// -------------------------------------------------------------- 4. the details

const FIELDS = [
  { name: "name", type: "text", autocomplete: "name", required: true },
  { name: "email", type: "email", autocomplete: "email", required: true },
  { name: "phone", type: "tel", autocomplete: "tel", required: false },
];

renderers.details = () => {
  const d = state.details;
  const field = ({ name, type, autocomplete, required }) => {
    const id = `bw-${name}`;
    const error = state.fieldErrors[name];
    return h(
      "div",
      { class: `bw-field${error ? " has-error" : ""}` },
      h(
        "label",
        { for: id },
        t(name),
        required ? h("span", { class: "bw-req", "aria-hidden": "true" }, " *") : null,
      ),
      h("input", {
        id,
        name,
        type,
        autocomplete,
        required,
        value: d[name],
        "aria-required": required ? "true" : null,
        "aria-invalid": error ? "true" : null,
        "aria-describedby": error ? `${id}-error` : null,
        dataset: { fk: `field-${name}` },
        oninput: (e) => (d[name] = e.target.value),
      }),
      error ? h("p", { class: "bw-field-error", id: `${id}-error` }, error) : null,
    );
  };
  // One submit button per offered choice, in the server's order; its value is the choice.
  const payButtons = state.paymentChoices.map((payment, index) =>
    button(PAY_BUTTONS[payment].label(state.service), null, {
      kind: index === 0 ? "primary" : "secondary",
      type: "submit",
      value: payment,
      fk: PAY_BUTTONS[payment].fk,
      disabled: state.busy,
    }),
  );
  const form = h(
    "form",
    { class: "bw-form", novalidate: true, onsubmit: submitDetails },
    h("div", { class: "bw-grid2" }, FIELDS.map(field)),
    h(
      "div",
      { class: "bw-field" },
      h("label", { for: "bw-note" }, t("note")),
      h(
        "textarea",
        {
          id: "bw-note",
          name: "note",
          rows: "3",
          maxlength: "1000",
          dataset: { fk: "field-note" },
          oninput: (e) => (d.note = e.target.value),
        },
        d.note,
      ),
    ),
    h(
      "label",
      { class: "bw-check" },
      h("input", {
        type: "checkbox",
        name: "reminder",
        checked: d.reminder,
        dataset: { fk: "field-reminder" },
        onchange: (e) => (d.reminder = e.target.checked),
      }),
      h("span", {}, t("reminder")),
    ),
    h("div", { class: "bw-pay-buttons" }, payButtons),
    h(
      "div",
      { class: "bw-actions bw-actions-tight" },
      button(t("back"), () => show("summary"), { kind: "link", fk: "details-back" }),
    ),
  );
  return h(
    "section",
    { class: "bw-step bw-two-col" },
    h("div", {}, heading(t("details_title")), form),
    h("aside", { class: "bw-aside" }, recap()),
  );
};

// The details step's button for each payment choice the booking takes.
const PAY_BUTTONS = {
  full: { fk: "pay-full", label: (service) => t("pay_full", { amount: priceText(service.price) }) },
  deposit: {
    fk: "pay-deposit",
    label: (service) => t("pay_deposit", { amount: priceText(service.down_payment) }),
  },
  none: { fk: "finish", label: () => t("finish") },
};

function validateDetails() {
  const d = state.details;
  const errors = {};
  if (!d.name.trim()) errors.name = t("field_required");
  if (!d.email.trim()) errors.email = t("field_required");
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim())) errors.email = t("field_email");
  return errors;
}

// The server's field errors arrive as {client: {email: [...]}} or {email: [...]}.
function serverFieldErrors(detail) {
  const errors = {};
  const visit = (obj) => {
    if (!obj || typeof obj !== "object") return;
    for (const [key, value] of Object.entries(obj)) {
      if (["name", "email", "phone", "note"].includes(key)) {
        errors[key] = Array.isArray(value) ? value.join(" ") : String(value);
      } else if (typeof value === "object") visit(value);
    }
  };
  visit(detail);
  return errors;
}

async function submitDetails(event) {
  event.preventDefault();
  if (state.busy) return;
  // Enter in a field submits with the first button, the first choice.
  const payment = event.submitter?.value ?? state.paymentChoices[0];
  state.fieldErrors = validateDetails();
  if (Object.keys(state.fieldErrors).length) {
    notify(t("form_errors"));
    rerender();
    $("main").querySelector('[aria-invalid="true"]')?.focus();
    return;
  }
  notify("");
  state.busy = true;
  state.paymentChoice = payment;
  rerender();
  const d = state.details;
  const direct = state.hold?.direct
    ? { slot: { service: state.service.id, staff: state.hold.staffId, start: state.hold.start } }
    : {};
  try {
    const booking = await api.bookingCreate(
      {
        client: { name: d.name.trim(), email: d.email.trim(), phone: d.phone.trim() },
        note: d.note.trim(),
        reminder: d.reminder,
        payment,
        language: i18n.lang,
        ...direct,
      },
      uuid(),
    );
    // A direct booking made a new cart: the code step proves the booking is ours with it.
    if (booking.cart_token) api.setCartToken(booking.cart_token);
    state.busy = false;
    bookingAdvanced(booking);
  } catch (error) {
    state.busy = false;
    if (EXPIRY_CODES.has(error.code)) return holdExpired();
    if (error.code === "slot_unavailable") return slotTaken();
    state.fieldErrors = error.status === 400 ? serverFieldErrors(error.detail) : {};
    notify(Object.keys(state.fieldErrors).length ? t("form_errors") : errorMessage(error));
    rerender();
  }
}

// Moves on according to the booking's status after create, verify or payment.
function bookingAdvanced(answer) {
  // The hold is now part of the booking: a reload must not release it.
  api.saveHold(null);
  state.booking = { ...(state.booking || {}), ...answer };
  if (answer.expires_at && !state.checkout) {
    state.warned = false;
    renderWarning(false);
    startTimer(answer.expires_at);
  }
  const status = state.booking.status;
  if (status === "awaiting_verification") {
    state.verifyLocked = false;
    state.codeAsked = true;
    show("verify");
  } else if (status === "awaiting_payment") {
    api.savePayment({ booking: state.booking.id, order: state.booking.payment_order });
    show("payment");
    preparePayment();
  } else if (status === "confirmed") {
    confirmed();
  } else if (status === "expired" || status === "cancelled") {
    holdExpired();
  } else {
    notify(t("error_generic"));
  }
}

// ----------------------------------------------------------------- 5. the code

renderers.verify = () => {
  const email = state.details.email.trim();
  return h(
    "section",
    { class: "bw-step bw-narrow" },
    heading(t("verify_title")),
    h("p", {}, t("verify_intro", { email })),
    h(
      "form",
      { class: "bw-form", novalidate: true, onsubmit: submitCode },
      h(
        "div",
        { class: "bw-field" },
        h("label", { for: "bw-code" }, t("code")),
        h("input", {
          id: "bw-code",
          name: "code",
          class: "bw-code-input",
          inputmode: "numeric",
          autocomplete: "one-time-code",
          pattern: "[0-9]*",
          maxlength: "6",
          required: true,
          disabled: state.verifyLocked || null,
          dataset: { fk: "code" },
        }),
      ),
      h(
        "div",
        { class: "bw-actions" },
        state.verifyLocked
          ? button(t("start_over"), () => releaseAndGo("service"), { kind: "primary", fk: "verify-restart" })
          : button(t("verify"), null, { kind: "primary", type: "submit", fk: "verify-submit", disabled: state.busy }),
        state.verifyLocked ? null : button(t("resend"), resendCode, { kind: "link", fk: "verify-resend" }),
      ),
    ),
  );
};

async function submitCode(event) {
  event.preventDefault();
  if (state.busy) return;
  const input = $("bw-code");
  const code = input.value.replace(/\s+/g, "");
  if (!/^\d{4,8}$/.test(code)) {
    notify(t("invalid_code"));
    input.focus();
    return;
  }
  state.busy = true;
  notify("");
  try {
    const answer = await api.bookingVerify(state.booking.id, code, uuid());
    state.busy = false;
    bookingAdvanced(answer);
  } catch (error) {
    state.busy = false;
    if (error.code === "too_many_attempts") {
      state.verifyLocked = true;
      rerender();
      notify(t("too_many_attempts"));
    } else if (error.code === "invalid_code") {
      notify(t("invalid_code_left", { n: error.detail.attempts_left }));
      rerender();
      const again = $("bw-code");
      again.value = "";
      again.focus();
    } else if (EXPIRY_CODES.has(error.code)) {
      holdExpired();
    } else {
      notify(errorMessage(error));
    }
  }
}

async function resendCode() {
  try {
    await api.bookingResendCode(state.booking.id, uuid());
    notify(t("resent"), "info");
  } catch (error) {
    if (error.code === "too_many_attempts") {
      state.verifyLocked = true;
      rerender();
      notify(t("too_many_attempts"));
    } else if (error.status === 429) notify(t("too_many_resends"));
    else if (EXPIRY_CODES.has(error.code)) holdExpired();
    else notify(errorMessage(error));
  }
}

// -------------------------------------------------------------- 6. the payment

let cardHost = null;
let stripeSession = null;

renderers.payment = () => {
  // The booking's payment_amount is what its signed order charges; the server decides it.
  const b = state.booking;
  const amount = i18n.money(b.payment_amount, b.currency);
  if (!cardHost) cardHost = h("div", { class: "bw-card-host", id: "bw-card" });
  const waiting = state.checkout?.waiting;
  return h(
    "section",
    { class: "bw-step bw-two-col" },
    h(
      "div",
      {},
      heading(t("payment_title")),
      h(
        "p",
        { class: "bw-amount" },
        t(b.payment === "deposit" ? "payment_amount_deposit" : "payment_amount_full", { amount }),
      ),
      h(
        "form",
        { class: "bw-form", novalidate: true, onsubmit: submitPayment },
        h(
          "div",
          { class: "bw-field" },
          h("span", { class: "bw-label", id: "bw-card-label" }, t("card_label")),
          h("div", { role: "group", "aria-labelledby": "bw-card-label" }, cardHost),
        ),
        waiting ? h("p", { class: "bw-muted bw-loading", role: "status" }, t("waiting_confirmation")) : null,
        h(
          "div",
          { class: "bw-actions" },
          button(state.busy ? t("paying") : t("pay_now", { amount }), null, {
            kind: "primary",
            type: "submit",
            fk: "pay-submit",
            disabled: state.busy || waiting || !stripeSession,
          }),
        ),
      ),
    ),
    h("aside", { class: "bw-aside" }, recap()),
  );
};

async function preparePayment() {
  if (stripeSession) return;
  try {
    const config = await api.paymentsConfig();
    stripeSession = await loadStripe(config, cardHost);
    rerender();
  } catch (error) {
    notify(t("payment_unavailable"));
  }
}

async function submitPayment(event) {
  event.preventDefault();
  if (state.busy || !stripeSession) return;
  state.busy = true;
  notify("");
  rerender();
  try {
    const result = await payWithCard(stripeSession, {
      createCheckout: (paymentMethod) =>
        api.checkoutCreate(
          { payment_order: state.booking.payment_order, payment_method: paymentMethod },
          uuid(),
        ),
    });
    state.busy = false;
    if (!result.ok) {
      const reason = result.message || t(result.authFailed ? "payment_auth_failed" : "payment_declined");
      notify(t("payment_failed", { reason }));
      stripeSession.reset();
      rerender();
      return;
    }
    state.checkout = { ...result.checkout, waiting: true };
    stopTimer();
    rerender();
    announce(t("waiting_confirmation"));
    await waitForConfirmation();
  } catch (error) {
    state.busy = false;
    if (EXPIRY_CODES.has(error.code) || error.code === "payment_order_expired") return holdExpired();
    if (error.code === "already_paid") {
      // Another tab paid this order: nothing was charged here; its payment confirms the
      // booking, which this tab waits for too.
      stripeSession.reset();
      notify(t("payment_already_made"));
      state.checkout = { waiting: true };
      stopTimer();
      rerender();
      await waitForConfirmation();
      return;
    }
    if (error.code === "payment_in_progress") {
      // Another tab is paying this order right now; nothing was charged here. Should
      // that payment fail, this card may still be used: the form stays.
      stripeSession.reset();
      notify(t("payment_in_progress"));
      rerender();
      return;
    }
    if (error.code === "payment_method_rejected") {
      notify(t("payment_failed", { reason: t("payment_declined") }));
      stripeSession.reset();
    } else {
      notify(errorMessage(error));
    }
    rerender();
  }
}

// A reload or a duplicated tab at the card step comes back to the same booking and order.
async function resumePayment() {
  const saved = api.savedPayment();
  if (!saved || !saved.booking || !saved.order) return false;
  let booking;
  try {
    booking = await api.bookingGet(saved.booking);
  } catch {
    api.savePayment(null);
    return false;
  }
  if (booking.status !== "awaiting_payment") {
    api.savePayment(null);
    return false;
  }
  const serviceId = booking.appointments[0].service;
  state.service = state.services.find((s) => s.id === serviceId) || null;
  state.paymentChoice = booking.payment;
  bookingAdvanced({ ...booking, payment_order: saved.order });
  return true;
}

// The webhook, not the browser, confirms a paid booking: wait for it.
async function waitForConfirmation() {
  const until = Date.now() + CONFIRM_POLL_LIMIT_MS;
  while (Date.now() < until) {
    try {
      const booking = await api.bookingGet(state.booking.id);
      if (booking.status === "confirmed") {
        state.booking = { ...state.booking, ...booking };
        confirmed();
        return;
      }
      if (booking.status === "expired" || booking.status === "cancelled") {
        state.checkout = null;
        holdExpired();
        return;
      }
    } catch (error) {
      if (error.code === "booking_not_found") break;
    }
    await new Promise((r) => setTimeout(r, CONFIRM_POLL_MS));
  }
  state.booking = { ...state.booking, pendingConfirmation: true };
  confirmed();
}

// ------------------------------------------------------------ 7. confirmation

function confirmed() {
  api.savePayment(null);
  stopTimer();
  state.step = null;
  show("done");
  window.parent?.postMessage({ type: "booking-widget:booked", booking: state.booking?.id }, "*");
}

// A booking read after the webhook carries its own amounts; before that, what
// the card was charged is what has been paid.
function amountsDone() {
  const b = state.booking || {};
  let paid = b.amount_paid;
  // A tab that found the order paid by another one knows no amount: the booking's own.
  if (!paid && state.checkout) paid = state.checkout.amount ?? b.payment_amount;
  const balance = b.status === "confirmed" && b.amount_paid ? b.balance_due : b.total_amount - paid;
  return {
    paid: paid ? i18n.money(paid, b.currency) : null,
    balance: paid && balance > 0 ? i18n.money(balance, b.currency) : null,
  };
}

renderers.done = () => {
  const b = state.booking;
  const email = state.details.email.trim();
  const reference = b.id.slice(0, 8).toUpperCase();
  return h(
    "section",
    { class: "bw-step bw-done" },
    h("div", { class: "bw-done-mark", "aria-hidden": "true" }, "✓"),
    heading(t("done_title")),
    h(
      "p",
      { class: "bw-lead" },
      b.pendingConfirmation ? t("confirmation_pending") : email ? t("done_intro", { email }) : t("done_intro_noemail"),
    ),
    recap(amountsDone()),
    h("p", { class: "bw-muted bw-ref" }, `${t("reference")}: ${reference}`),
    actions(button(t("book_another"), startAgain, { kind: "secondary", fk: "book-another" })),
  );
};

function startAgain() {
  // A new booking starts a new cart.
  api.setCartToken(null);
  api.saveHold(null);
  Object.assign(state, {
    codeAsked: false,
    service: null,
    hold: null,
    booking: null,
    checkout: null,
    paymentChoice: "none",
    fieldErrors: {},
    date: null,
    slots: [],
  });
  if (stripeSession) stripeSession.reset();
  notify("");
  show("service");
}

// ------------------------------------------- the manage link from the emails
// /widget/?tenant=…#manage/<token>: the booking, and what may still be done.

function manageAppointment() {
  return state.manage.booking.appointments[0];
}

async function enterManage(token) {
  state.manage = { token, booking: null, confirmCancel: false, done: null };
  show("manage");
  try {
    state.manage.booking = await api.manageGet(token);
  } catch (error) {
    state.manage.error = error.status === 404 ? t("manage_not_found") : errorMessage(error);
  }
  rerender();
}

renderers.manage = () => {
  const m = state.manage;
  const b = m.booking;
  if (!b) {
    return h(
      "section",
      { class: "bw-step bw-narrow" },
      heading(t("manage_title")),
      h("p", { class: m.error ? "bw-fatal" : "bw-muted" }, m.error || t("loading")),
      m.error ? actions(button(t("book_another"), leaveManage, { kind: "primary", fk: "manage-book" })) : null,
    );
  }
  const a = manageAppointment();
  const cancelled = b.status === "cancelled" || m.done === "cancelled";
  const rows = [
    [t("service"), a.service_name],
    [t("staff"), a.staff_name],
    [t("when"), [i18n.dateTime(a.start), h("span", { class: "bw-recap-zone" }, i18n.zoneName(a.start))]],
    [t("status"), t(`status_${b.status}`)],
  ];
  // What this cancellation refunds (amount_refunded only counts it once Stripe has).
  const refund = b.refund_amount;
  // Why a button is missing, in the customer's words (the server answers the error code).
  const why = cancelled
    ? []
    : [b.reschedule_blocked_reason, b.cancel_blocked_reason]
        .filter((code) => code && t(`manage_why_${code}`) !== `manage_why_${code}`)
        .map((code) => h("p", { class: "bw-muted", dataset: { why: code } }, t(`manage_why_${code}`)));
  const movesLeft =
    !cancelled && b.can_reschedule
      ? h("p", { class: "bw-muted" }, t("reschedules_left", { n: b.reschedules_left }))
      : null;
  const refundIfCancelled =
    b.refund === "full" && b.refund_amount
      ? t("cancel_refund_full", { amount: i18n.money(b.refund_amount, b.currency) })
      : b.refund === "none"
        ? t("cancel_refund_none")
        : "";
  return h(
    "section",
    { class: "bw-step bw-narrow" },
    heading(cancelled ? t("manage_cancelled") : m.done === "moved" ? t("manage_moved") : t("manage_title")),
    h(
      "dl",
      { class: "bw-recap" },
      rows.map(([label, value]) => h("div", { class: "bw-recap-row" }, h("dt", {}, label), h("dd", {}, value))),
    ),
    cancelled && refund ? h("p", { class: "bw-lead" }, t("refund_started", { amount: i18n.money(refund, b.currency) })) : null,
    movesLeft,
    why,
    m.confirmCancel
      ? h(
          "div",
          { class: "bw-confirm", role: "group", "aria-labelledby": "bw-cancel-q" },
          h("p", { id: "bw-cancel-q" }, t("cancel_question")),
          refundIfCancelled ? h("p", { class: "bw-muted" }, refundIfCancelled) : null,
          actions(
            button(t("cancel_yes"), cancelBooking, { kind: "danger", fk: "cancel-yes", disabled: state.busy }),
            button(t("cancel_no"), () => ((m.confirmCancel = false), rerender()), { fk: "cancel-no" }),
          ),
        )
      : actions(
          !cancelled && b.can_reschedule
            ? button(t("reschedule"), startReschedule, { kind: "primary", fk: "manage-reschedule" })
            : null,
          !cancelled && b.can_cancel
            ? button(t("cancel_booking"), () => ((m.confirmCancel = true), rerender()), {
                kind: "ghost",
                fk: "manage-cancel",
              })
            : null,
          button(t("book_another"), leaveManage, { kind: "link", fk: "manage-book" }),
        ),
  );
};

async function cancelBooking() {
  if (state.busy) return;
  state.busy = true;
  notify("");
  try {
    state.manage.booking = await api.manageCancel(state.manage.token, uuid());
    state.manage.done = "cancelled";
    state.manage.confirmCancel = false;
  } catch (error) {
    notify(errorMessage(error));
  }
  state.busy = false;
  rerender({ focusHeading: true });
}

function startReschedule() {
  const a = manageAppointment();
  const service = state.services.find((s) => s.id === a.service);
  if (!service) {
    notify(t("error_generic"));
    return;
  }
  notify("");
  state.manage.staffId = a.staff;
  chooseService(service).then(() => {
    const staffId = state.manage?.staffId;
    if (staffId && state.staffList.some((s) => s.id === staffId)) chooseStaff(staffId);
  });
}

async function moveBooking() {
  if (state.busy || !state.hold) return;
  state.busy = true;
  rerender();
  try {
    const moved = await api.manageReschedule(state.manage.token, state.hold.id, uuid());
    stopTimer();
    api.saveHold(null);
    state.hold = null;
    state.manage.booking = moved;
    state.manage.done = "moved";
    state.busy = false;
    show("manage");
  } catch (error) {
    state.busy = false;
    if (EXPIRY_CODES.has(error.code)) return holdExpired();
    if (error.code === "slot_unavailable") return slotTaken();
    const known = t(`error_${error.code}`) !== `error_${error.code}`;
    notify(known || error.status !== 409 ? errorMessage(error) : t("reschedule_refused"));
    rerender();
  }
}

function manageTokenOf(hash) {
  const match = /^#manage\/([^/?#]+)$/.exec(hash || "");
  return match ? decodeURIComponent(match[1]) : null;
}

function leaveManage() {
  state.manage = null;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  startAgain();
}

// ------------------------------------------------------------------- start up

function watchHeight() {
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "booking-widget:resize", height }, "*");
    }
  };
  new ResizeObserver(post).observe(document.body);
  post();
}

function fatal(message) {
  $("main").replaceChildren(h("section", { class: "bw-step bw-narrow" }, h("p", { class: "bw-fatal", role: "alert" }, message)));
  $("app").setAttribute("aria-busy", "false");
}

async function start() {
  document.documentElement.classList.toggle("bw-embedded", window.parent !== window);
  watchHeight();
  await loadCatalogs();
  let saved = null;
  try {
    saved = window.localStorage.getItem(LANG_KEY);
  } catch {
    saved = null;
  }
  const browser = navigator.languages || [navigator.language];
  i18n = createI18n(pickLanguage({ query: params.get("lang"), saved, browser }), customerZone);
  $("lang").addEventListener("change", (event) => {
    i18n.lang = event.target.value;
    try {
      window.localStorage.setItem(LANG_KEY, i18n.lang);
    } catch {
      // The choice then lasts for this page only.
    }
    rerender();
  });
  if (!tenantSlug) return fatal(t("no_tenant"));
  renderChrome();
  // A reload starts over: the start held before it is offered to everyone again.
  const leftover = api.savedHold();
  if (leftover) await api.holdRelease(leftover, uuid()).catch(() => api.saveHold(null));

  const [profile, services] = await Promise.allSettled([api.profile(), api.services()]);
  if (services.status === "rejected") {
    const error = services.reason;
    return fatal(error.status === 404 ? t("tenant_not_found") : errorMessage(error));
  }
  if (profile.status === "fulfilled") {
    state.profile = profile.value;
    i18n.labels = profile.value.labels;
    i18n.labelsLang = profile.value.language;
    if (!params.get("lang") && !saved && profile.value.language) {
      // The customer's browser language still wins; the tenant's is the fallback.
      i18n.lang = pickLanguage({ browser, tenant: profile.value.language });
    }
  }
  state.services = services.value.services;
  $("app").setAttribute("aria-busy", "false");
  window.addEventListener("hashchange", () => {
    const token = manageTokenOf(window.location.hash);
    if (token) enterManage(token);
    const offer = waitlistTokenOf(window.location.hash);
    if (offer) enterWaitlistOffer(offer);
  });
  const manageToken = manageTokenOf(window.location.hash);
  if (manageToken) return enterManage(manageToken);
  const offerToken = waitlistTokenOf(window.location.hash);
  if (offerToken) return enterWaitlistOffer(offerToken);
  if (await resumePayment()) return;
  const preselected = params.get("service");
  const chosen = state.services.find((s) => s.id === preselected);
  if (chosen) chooseService(chosen);
  else show("service", { focus: false });
}

start().catch((error) => {
  console.error(error);
  fatal("Something went wrong. Please reload the page.");
});
