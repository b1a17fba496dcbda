// Step 3: the summary of what is held. A cart holds one start or several (issue 14 part 2):
// each with its own countdown and Remove, "Add another service" back to the service list,
// then one booking, one code and one payment for them all.

import { holdCountdown, releaseHold } from "../hold.js";
import { i18n, state, t } from "../state.js";
import { cartPaymentOptions } from "./details.js";
import { moveBooking } from "./manage.js";
import { goToServices } from "./service.js";
import { loadCalendar } from "./time.js";
import { actions, announce, button, h, heading, notify, priceText, rerender, show } from "../ui.js";

// What is being booked: the held starts, or (back at the card step after a reload, or once
// booked) the booking's own appointments.
function appointmentsShown() {
  if (state.holds.length) {
    return state.holds.map((held) => ({
      service: held.service,
      serviceName: held.service?.name,
      staffName: held.staffName,
      start: held.start,
    }));
  }
  return (state.booking?.appointments || []).map((a) => ({
    service: state.services.find((s) => s.id === a.service) || null,
    serviceName: a.service_name,
    staffName: a.staff_name,
    start: a.start,
  }));
}

function appointmentRows({ service, serviceName, staffName, start }) {
  return [
    [t("service"), serviceName],
    [t("staff"), staffName],
    [
      t("when"),
      start
        ? [i18n.dateTime(start), h("span", { class: "bw-recap-zone" }, i18n.zoneName(start))]
        : null,
    ],
    [t("duration"), service ? t("minutes", { n: service.duration_minutes }) : null],
    [t("price"), service ? priceText(service.price) : null],
  ];
}

function recapList(rows, className = "bw-recap") {
  return h(
    "dl",
    { class: className },
    rows
      .filter(([, value]) => value)
      .map(([label, value]) =>
        h("div", { class: "bw-recap-row" }, h("dt", {}, label), h("dd", {}, value)),
      ),
  );
}

// The cart's price: the sum of its services' prices (null: all free).
function cartTotal(items) {
  const prices = items.map((item) => item.service?.price).filter(Boolean);
  if (!prices.length) return null;
  return { amount: prices.reduce((sum, p) => sum + p.amount, 0), currency: prices[0].currency };
}

export function recap({ paid, balance } = {}) {
  const items = appointmentsShown();
  if (items.length <= 1) {
    const item = items[0] || { service: state.service, serviceName: state.service?.name };
    return recapList([...appointmentRows(item), [t("paid"), paid], [t("balance"), balance]]);
  }
  return h(
    "div",
    { class: "bw-recap-group" },
    items.map((item) => recapList(appointmentRows(item), "bw-recap bw-recap-item")),
    recapList(
      [
        [t("total"), priceText(cartTotal(items))],
        [t("paid"), paid],
        [t("balance"), balance],
      ],
      "bw-recap bw-recap-total",
    ),
  );
}

// One held start in the summary: what, who, when, its own countdown and its Remove.
function heldItem(held, index) {
  const now = holdCountdown(held);
  const what = `${held.service.name}, ${i18n.dateTime(held.start)}`;
  return h(
    "li",
    { class: "bw-cart-item", dataset: { hold: held.id || `direct-${index}` } },
    recapList(appointmentRows({ ...held, serviceName: held.service.name })),
    h(
      "div",
      { class: "bw-cart-foot" },
      now
        ? h(
            "p",
            { class: "bw-cart-timer" },
            t("held_timer", { time: "" }).trim(),
            " ",
            h("span", { class: "bw-cart-timer-value", dataset: { holdTimer: held.id } }, now.text),
          )
        : null,
      state.manage
        ? null
        : button(
            [t("remove"), h("span", { class: "visually-hidden" }, ` ${what}`)],
            () => removeHeld(held),
            { kind: "ghost", fk: `remove-${held.id || index}` },
          ),
    ),
  );
}

export const summaryStep = () => {
  const holds = state.holds;
  const many = holds.length > 1;
  const direct = holds.some((held) => held.direct);
  return h(
    "section",
    { class: "bw-step" },
    heading(t("summary_title")),
    h(
      "p",
      { class: "bw-muted" },
      state.expiresAt ? t(many ? "summary_held_many" : "summary_held") : t("summary_not_held"),
    ),
    h("ul", { class: "bw-cart", "aria-label": t("summary_title") }, holds.map(heldItem)),
    many ? recapList([[t("total"), priceText(cartTotal(holds))]], "bw-recap bw-recap-total") : null,
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
          many ? null : button(t("back"), () => releaseAndGo("time"), { fk: "summary-back" }),
          // A business that holds no times books one start directly: no cart to add to.
          direct ? null : button(t("add_service"), addAnother, { kind: "secondary", fk: "summary-add" }),
          button(t("continue"), toDetails, { kind: "primary", fk: "summary-continue" }),
        ),
  );
};

function addAnother() {
  notify("");
  goToServices();
}

// Remove: that start is released at once (offered to everyone again); the others stay held.
async function removeHeld(held) {
  notify("");
  await releaseHold(held);
  if (!state.holds.length) {
    goToServices();
    return;
  }
  rerender({ focusHeading: true });
  announce(t("removed", { what: held.service.name }));
}

async function toDetails() {
  const payment = await cartPaymentOptions();
  state.paymentChoices = payment.choices;
  state.cartAmounts = payment;
  show("details");
}

export async function releaseAndGo(step) {
  notify("");
  const last = state.holds[state.holds.length - 1];
  await releaseHold();
  state.booking = null;
  if (step === "service") {
    goToServices();
    return;
  }
  if (last?.service) state.service = last.service;
  show(step);
  await loadCalendar({ keepDate: true });
}
