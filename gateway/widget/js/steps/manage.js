// The manage link from the emails: /widget/?tenant=…#manage/<token>: the booking, and what
// may still be done.

import { uuid } from "../api.js";
import { holdExpired, slotTaken, stopTimer } from "../hold.js";
import { api, EXPIRY_CODES, i18n, state, t } from "../state.js";
import { startAgain } from "./done.js";
import { chooseService } from "./service.js";
import { chooseStaff } from "./time.js";
import { actions, button, errorMessage, h, heading, notify, rerender, show } from "../ui.js";

// /widget/?tenant=…#manage/<token>: the booking, and what may still be done.

function manageAppointment() {
  return state.manage.booking.appointments[0];
}

export async function enterManage(token) {
  state.manage = { token, booking: null, confirmCancel: false, done: null };
  show("manage");
  try {
    state.manage.booking = await api.manageGet(token);
  } catch (error) {
    state.manage.error = error.status === 404 ? t("manage_not_found") : errorMessage(error);
  }
  rerender();
}

export const manageStep = () => {
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

export async function moveBooking() {
  // Rescheduling holds one start (chooseSlot lets the previous one go).
  const held = state.holds[0];
  if (state.busy || !held) return;
  state.busy = true;
  rerender();
  try {
    const moved = await api.manageReschedule(state.manage.token, held.id, uuid());
    stopTimer();
    api.saveHold(null);
    state.holds = [];
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

export function manageTokenOf(hash) {
  const match = /^#manage\/([^/?#]+)$/.exec(hash || "");
  return match ? decodeURIComponent(match[1]) : null;
}

function leaveManage() {
  state.manage = null;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  startAgain();
}
