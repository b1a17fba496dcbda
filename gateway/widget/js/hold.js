// The held start: its countdown on the server's clock, the warning, extending, and what
// happens when it runs out or someone else books it first.

import { uuid } from "./api.js";
import { countdown } from "./countdown.js";
import { api, EXPIRY_CODES, state, t } from "./state.js";
import { loadCalendar } from "./steps/time.js";
import { $, announce, button, errorMessage, h, notify, show } from "./ui.js";

export async function releaseHold() {
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

let timerHandle = null;

export function startTimer(expiresAt) {
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

export function stopTimer() {
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

export function renderTimer() {
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

export function renderWarning(show) {
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

export function holdExpired() {
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
export function slotTaken() {
  stopTimer();
  state.hold = null;
  show("time");
  notify(t("slot_taken"));
  loadCalendar({ keepDate: true });
}
