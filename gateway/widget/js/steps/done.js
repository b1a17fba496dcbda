// Step 7: the confirmation.

import { stopTimer } from "../hold.js";
import { api, i18n, state, t } from "../state.js";
import { stripeSession } from "./payment.js";
import { recap } from "./summary.js";
import { actions, button, h, heading, notify, show } from "../ui.js";

export function confirmed() {
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

export const doneStep = () => {
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

export function startAgain() {
  // A new booking starts a new cart.
  api.setCartToken(null);
  api.saveHold(null);
  Object.assign(state, {
    codeAsked: false,
    service: null,
    holds: [],
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
