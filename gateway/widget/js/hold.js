// The cart's held starts: each one's countdown on the server's clock, the warning, extending,
// and what happens when one runs out or someone else books it first. A cart is booked all or
// none (docs/architecture.md §4; the booking service fails the whole cart on a hold that ran
// out), so the header's countdown is the first hold to run out, and when it does the whole
// selection is let go; once the booking exists its own deadline (code or payment) runs.

import { uuid } from "./api.js";
import { countdown } from "./countdown.js";
import { api, EXPIRY_CODES, state, t } from "./state.js";
import { loadCalendar } from "./steps/time.js";
import { $, announce, button, errorMessage, h, notify, show } from "./ui.js";

// A hold answer (or a start chosen without holding) into the cart, with whom and what it is.
export function holdAdd(answer, { service, staffName }) {
  const expiresAt = Date.parse(answer.expires_at);
  state.holds.push({
    ...answer,
    staffId: answer.staff,
    staffName,
    service,
    expiresAt: Number.isNaN(expiresAt) ? null : expiresAt,
  });
  state.warned = false;
  holdsTimer();
}

// Releases one hold (the customer removed it) or, without one, every hold of the cart.
export async function releaseHold(hold = null) {
  const gone = hold ? [hold] : [...state.holds];
  state.holds = state.holds.filter((held) => !gone.includes(held));
  holdsTimer();
  await Promise.all(
    gone
      .filter((held) => !held.direct)
      .map((held) =>
        api.holdRelease(held.id, uuid()).catch(() => {
          // Already gone (expired or released): nothing is held either way.
        }),
      ),
  );
}

let timerHandle = null;

// The header's countdown follows the first hold to run out (none held: no countdown).
export function holdsTimer() {
  const deadlines = state.holds.map((held) => held.expiresAt).filter((ms) => ms != null);
  if (!deadlines.length) {
    stopTimer();
    return;
  }
  state.expiresAt = Math.min(...deadlines);
  if (!timerHandle) timerHandle = setInterval(tick, 250);
  tick();
}

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

// One hold's countdown, as its line in the summary shows it.
export function holdCountdown(held) {
  return held.expiresAt == null ? null : countdown(held.expiresAt, api.now());
}

function tick() {
  if (!state.booking && state.holds.length) renderHoldTimers();
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

// Each hold's own countdown in the summary, updated in place (no re-render every tick).
function renderHoldTimers() {
  for (const held of state.holds) {
    const node = document.querySelector(`[data-hold-timer="${CSS.escape(String(held.id))}"]`);
    const now = holdCountdown(held);
    if (node && now && node.textContent !== now.text) node.textContent = now.text;
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
  // Once the booking exists its own deadline (code or payment) runs; holds no longer extend it.
  const canExtend = !state.booking && state.holds.some((held) => held.extensions_left > 0);
  box.hidden = false;
  box.replaceChildren(
    h("p", {}, t("hold_warning")),
    canExtend ? button(t("extend"), extendHold, { kind: "primary", fk: "extend" }) : null,
  );
}

// Extends every hold of the cart that may still be extended: the customer asked for more time
// for the whole selection.
async function extendHold() {
  const extendable = state.holds.filter((held) => !held.direct && held.extensions_left > 0);
  if (!extendable.length) return;
  try {
    for (const held of extendable) {
      const answer = await api.holdExtend(held.id, uuid());
      Object.assign(held, answer, { expiresAt: Date.parse(answer.expires_at) });
    }
    state.warned = false;
    renderWarning(false);
    holdsTimer();
    announce(t("extended"));
    $("main").querySelector("h1")?.focus();
  } catch (error) {
    holdsTimer();
    if (EXPIRY_CODES.has(error.code)) {
      holdExpired();
    } else if (error.code === "no_extension_left") {
      for (const held of extendable) held.extensions_left = 0;
      renderWarning(true);
      notify(t("no_extensions"));
    } else {
      notify(errorMessage(error));
    }
  }
}

export function holdExpired() {
  api.savePayment(null);
  // The cart is booked all or none: the holds still running are let go with the one that ran
  // out (booked starts of an expired booking are no holds; the release changes nothing).
  releaseHold();
  stopTimer();
  state.booking = null;
  state.checkout = null;
  state.paymentChoice = "none";
  show("time");
  notify(t("hold_expired"));
  if (state.service) loadCalendar({ keepDate: true });
}

// Someone else booked the held start first: back to the times, freshly loaded.
export function slotTaken() {
  releaseHold();
  stopTimer();
  show("time");
  notify(t("slot_taken"));
  loadCalendar({ keepDate: true });
}
