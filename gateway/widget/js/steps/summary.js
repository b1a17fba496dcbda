// Step 3: the summary of what is held.

import { releaseHold } from "../hold.js";
import { i18n, state, t } from "../state.js";
import { moveBooking } from "./manage.js";
import { goToServices } from "./service.js";
import { loadCalendar } from "./time.js";
import { actions, button, h, heading, notify, priceText, show } from "../ui.js";

export function recap({ paid, balance } = {}) {
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

export const summaryStep = () =>
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

export async function releaseAndGo(step) {
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
