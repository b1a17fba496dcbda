// Step 6: the card (Stripe.js or localstripe's stand-in); the webhook confirms.

import { uuid } from "../api.js";
import { loadStripe, payWithCard } from "../payment.js";
import { holdExpired, stopTimer } from "../hold.js";
import { api, EXPIRY_CODES, i18n, state, t } from "../state.js";
import { bookingAdvanced } from "./details.js";
import { confirmed } from "./done.js";
import { recap } from "./summary.js";
import { announce, button, errorMessage, h, heading, notify, rerender } from "../ui.js";

const CONFIRM_POLL_MS = 1000;
const CONFIRM_POLL_LIMIT_MS = 60_000;

let cardHost = null;
export let stripeSession = null;

export const paymentStep = () => {
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

export async function preparePayment() {
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
export async function resumePayment() {
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
