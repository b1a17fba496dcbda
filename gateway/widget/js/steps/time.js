// Step 2: staff, day and start. The day's starts follow the server (live.js); a full day
// offers its waitlist (waitlist.js). The month grid itself is calendar-grid.js.

import { ApiError, uuid } from "../api.js";
import { shiftMonth } from "../calendar.js";
import { createLive } from "../live.js";
import { distinctStarts } from "../starts.js";
import { createWaitlist, renderWaitlist } from "../waitlist.js";
import { renderCalendar } from "../calendar-grid.js";
import { holdAdd, releaseHold } from "../hold.js";
import { api, customerZone, i18n, state, t, tenantSlug } from "../state.js";
import { chooseService, goToServices, toSelectionButton } from "./service.js";
import { $, actions, button, errorMessage, h, heading, notify, priceText, rerender, show } from "../ui.js";

// The shown day's starts follow the server (live.js); refreshSlots redraws them.
const live = createLive(tenantSlug, { onChange: (date) => refreshSlots(date), now: () => api.now() });
const waitlist = createWaitlist(tenantSlug, api);

let calendarSeq = 0;
let slotsSeq = 0;

export async function loadCalendar({ advanceIfEmpty = 0, keepDate = false } = {}) {
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
export function chooseFullDay(date) {
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
export async function enterWaitlistOffer(token) {
  try {
    const hold = await waitlist.openOffer(token);
    const service = state.services.find((s) => s.id === hold.service);
    if (!service) throw new ApiError(404, null);
    await chooseService(service);
    const person = state.staffList.find((p) => p.id === hold.staff);
    holdAdd(hold, { service, staffName: person ? person.name : "" });
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

export const timeStep = () => {
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
      !state.manage && state.holds.length ? toSelectionButton() : null,
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

export function chooseStaff(id) {
  if (state.staff === id) return;
  state.staff = id;
  state.slots = [];
  // Someone on vacation all month: show the month they are back in.
  loadCalendar({ keepDate: false, advanceIfEmpty: 2 });
}

export function chooseDate(date) {
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
  // A start this cart holds already: its summary, nothing new to hold.
  const own = state.holds.find(
    (held) => Date.parse(held.start) === Date.parse(slot.start) && held.staffId === slot.staff.id,
  );
  if (own && !state.manage) {
    show("summary");
    return;
  }
  state.busy = true;
  rerender();
  if (state.profile.holds_enabled === false) {
    // The business holds no times: the start is only chosen here, and booked straight
    // from it with the details (POST /bookings with `slot`), no countdown.
    await releaseHold();
    holdAdd(
      { direct: true, staff: slot.staff.id, start: slot.start, end: slot.end },
      { service: state.service, staffName: slot.staff.name },
    );
    state.busy = false;
    show("summary");
    return;
  }
  try {
    // Rescheduling moves one booking to one start; a booking's cart keeps every start.
    if (state.manage) await releaseHold();
    const hold = await api.holdCreate(
      { service: state.service.id, staff: slot.staff.id, start: slot.start },
      uuid(),
    );
    holdAdd(hold, { service: state.service, staffName: slot.staff.name });
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
