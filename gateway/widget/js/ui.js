// The frame around the steps: DOM helpers, notices, the progress bar, and rendering the
// current step while keyboard focus stays where it was.

import { ApiError } from "./api.js";
import { LANGUAGES } from "./i18n.js";
import { renderTimer } from "./hold.js";
import { i18n, state, t, tenantSlug } from "./state.js";

const STEPS = ["service", "time", "summary", "details", "verify", "payment", "done", "manage"];
const STEP_LABELS = {
  service: "step_service",
  time: "step_time",
  summary: "step_summary",
  details: "step_details",
  verify: "step_verify",
  payment: "step_payment",
  done: "step_done",
  manage: "manage_title",
};

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

export function notify(message, kind = "error") {
  const notice = $("notice");
  notice.replaceChildren();
  notice.className = `bw-notice${message ? ` bw-notice-${kind}` : ""}`;
  if (message) notice.append(h("p", { text: message }));
}

export function announce(message) {
  const status = $("status");
  status.textContent = "";
  // A fresh text node after a tick makes screen readers announce repeats too.
  setTimeout(() => (status.textContent = message), 50);
}

// Known codes get the customer's language; other 4xx messages are the server's
// (English) words, shown only to English readers.
export function errorMessage(error) {
  if (!(error instanceof ApiError)) return t("error_generic");
  if (error.code === "network") return t("error_network");
  const key = `error_${error.code}`;
  if (t(key) !== key) return t(key);
  if (error.status === 429) return t("error_rate_limited");
  if (error.message && error.status < 500 && i18n.lang === "en") return error.message;
  return t("error_generic");
}

// The answers' shapes are services/booking/openapi.yaml's and services/payments/openapi.yaml's:
// the widget reads their fields as they are, so a change of the contract breaks it loudly
// (in tests/test_widget*_e2e.py) instead of being papered over.

// A price ({amount, currency} in minor units) or null for a free service.
export function priceText(money) {
  return money ? i18n.money(money.amount, money.currency) : t("free");
}

export function renderChrome() {
  document.documentElement.lang = i18n.lang;
  document.title = `${t("app_title")}${state.profile.name ? ` · ${state.profile.name}` : ""}`;
  $("app-title").textContent = t("app_title");
  $("tenant-name").textContent = state.profile.name || "";
  $("tenant-initial").textContent = (state.profile.name || tenantSlug || "·").slice(0, 1);
  $("lang-label").textContent = t("language");
  $("progress-nav").setAttribute("aria-label", t("steps_label"));
  const select = $("lang");
  select.replaceChildren(
    ...Object.entries(LANGUAGES).map(([code, name]) =>
      h("option", { value: code, selected: code === i18n.lang, lang: code }, name),
    ),
  );
  renderProgress();
  renderTimer();
}

function visibleSteps() {
  const steps = ["service", "time", "summary", "details"];
  if (state.step === "verify" || state.codeAsked) steps.push("verify");
  if (state.paymentChoice !== "none" || state.step === "payment") steps.push("payment");
  steps.push("done");
  return steps;
}

function renderProgress() {
  // Managing an existing booking is not the booking flow: no steps to show.
  $("progress-nav").hidden = !!state.manage;
  const current = STEPS.indexOf(state.step);
  $("progress").replaceChildren(
    ...visibleSteps().map((step, index) => {
      const position = STEPS.indexOf(step);
      const status = position < current ? "done" : position === current ? "current" : "todo";
      return h(
        "li",
        { class: `bw-progress-${status}`, "aria-current": status === "current" ? "step" : null },
        h("span", { class: "bw-progress-dot", "aria-hidden": "true" }, String(index + 1)),
        h("span", { class: "bw-progress-label" }, t(STEP_LABELS[step])),
      );
    }),
  );
}

export const renderers = {};

export function show(step, { focus = true } = {}) {
  const changed = state.step !== step;
  state.step = step;
  rerender({ focusHeading: focus && changed });
  if (changed) window.parent?.postMessage({ type: "booking-widget:step", step }, "*");
}

// A control (by data-fk) that the next render focuses instead of the current one.
let pendingFocus = null;

export function focusNext(key) {
  pendingFocus = key;
}

// Re-renders the current step, keeping keyboard focus on the same control.
export function rerender({ focusHeading = false } = {}) {
  const main = $("main");
  const active = main.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = active?.dataset?.fk;
  const focusId = active?.id;
  const wasHeading = active?.tagName === "H1";
  main.replaceChildren(renderers[state.step]());
  renderChrome();
  const moveTo = pendingFocus && main.querySelector(`[data-fk="${CSS.escape(pendingFocus)}"]`);
  pendingFocus = null;
  if (moveTo) {
    moveTo.focus();
  } else if (focusHeading || wasHeading) {
    main.querySelector("h1")?.focus();
  } else if (focusKey) {
    main.querySelector(`[data-fk="${CSS.escape(focusKey)}"]`)?.focus();
  } else if (focusId) {
    document.getElementById(focusId)?.focus();
  }
}

export function heading(text) {
  return h("h1", { class: "bw-title", tabindex: "-1" }, text);
}

export function actions(...buttons) {
  return h("div", { class: "bw-actions" }, ...buttons);
}

export function button(label, onClick, { kind = "secondary", fk, disabled, type = "button", ...rest } = {}) {
  return h(
    "button",
    {
      type,
      class: `bw-btn bw-btn-${kind}`,
      onclick: onClick,
      dataset: fk ? { fk } : undefined,
      disabled: disabled || null,
      ...rest,
    },
    label,
  );
}
