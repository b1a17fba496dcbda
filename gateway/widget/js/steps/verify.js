// Step 5: the code emailed to a known address.

import { uuid } from "../api.js";
import { holdExpired } from "../hold.js";
import { api, EXPIRY_CODES, state, t } from "../state.js";
import { bookingAdvanced } from "./details.js";
import { releaseAndGo } from "./summary.js";
import { $, button, errorMessage, h, heading, notify, rerender } from "../ui.js";

export const verifyStep = () => {
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
