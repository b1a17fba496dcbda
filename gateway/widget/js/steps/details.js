// Step 4: the customer's details and the payment choice; creates the booking.

import { uuid } from "../api.js";
import { holdExpired, renderWarning, slotTaken, startTimer } from "../hold.js";
import { api, EXPIRY_CODES, i18n, state, t } from "../state.js";
import { confirmed } from "./done.js";
import { preparePayment } from "./payment.js";
import { recap } from "./summary.js";
import { $, button, errorMessage, h, heading, notify, priceText, rerender, show } from "../ui.js";

const FIELDS = [
  { name: "name", type: "text", autocomplete: "name", required: true },
  { name: "email", type: "email", autocomplete: "email", required: true },
  { name: "phone", type: "tel", autocomplete: "tel", required: false },
];

export const detailsStep = () => {
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
    button(PAY_BUTTONS[payment].label(state.cartAmounts), null, {
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
  full: { fk: "pay-full", label: (amounts) => t("pay_full", { amount: priceText(amounts.full) }) },
  deposit: {
    fk: "pay-deposit",
    label: (amounts) => t("pay_deposit", { amount: priceText(amounts.deposit) }),
  },
  none: { fk: "finish", label: () => t("finish") },
};

// What the cart's held starts together may be paid with, and what each choice charges now:
// the server's answer, as POST /bookings checks it. A direct booking (no holds) has no cart
// yet: its one service's answer. Without an answer only "finish" is offered, and the server
// refuses it for a paid cart (payment_not_offered).
export async function cartPaymentOptions() {
  const direct = state.holds.find((held) => held.direct);
  const asked = direct
    ? api.paymentOptions(direct.service.id).then((one) => ({ ...one, full_amount: one.price_amount }))
    : api.cartPaymentOptions();
  const answer = await asked.catch(() => null);
  if (!answer) return { choices: ["none"], full: null, deposit: null };
  const money = (payment, amount) =>
    answer.payments.includes(payment) && amount != null
      ? { amount, currency: answer.currency }
      : null;
  return {
    choices: answer.payments,
    full: money("full", answer.full_amount),
    deposit: money("deposit", answer.down_payment_amount),
  };
}

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
  const first = state.holds[0];
  const direct = first?.direct
    ? { slot: { service: first.service.id, staff: first.staffId, start: first.start } }
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
export function bookingAdvanced(answer) {
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
