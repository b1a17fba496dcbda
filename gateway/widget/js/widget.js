// The booking widget: service → date & time → summary (held) → details →
// code (known emails) → payment → confirmation. Plain DOM, no framework, no build step:
// each step is a module in steps/, the state they share is state.js, the frame ui.js.

import { uuid } from "./api.js";
import { createI18n, loadCatalogs, pickLanguage } from "./i18n.js";
import { waitlistTokenOf } from "./waitlist.js";
import { api, customerZone, i18n, params, setI18n, state, t, tenantSlug } from "./state.js";
import { detailsStep } from "./steps/details.js";
import { doneStep } from "./steps/done.js";
import { enterManage, manageStep, manageTokenOf } from "./steps/manage.js";
import { paymentStep, resumePayment } from "./steps/payment.js";
import { chooseService, serviceStep } from "./steps/service.js";
import { summaryStep } from "./steps/summary.js";
import { enterWaitlistOffer, timeStep } from "./steps/time.js";
import { verifyStep } from "./steps/verify.js";
import { $, errorMessage, h, renderChrome, renderers, rerender, show } from "./ui.js";

const LANG_KEY = "booking-widget.lang";

// Each step's renderer, by the step's name (ui.js renders the current one).
Object.assign(renderers, {
  service: serviceStep,
  time: timeStep,
  summary: summaryStep,
  details: detailsStep,
  verify: verifyStep,
  payment: paymentStep,
  done: doneStep,
  manage: manageStep,
});

function watchHeight() {
  if (window.parent === window) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "booking-widget:resize", height }, "*");
    }
  };
  new ResizeObserver(post).observe(document.body);
  post();
}

function fatal(message) {
  $("main").replaceChildren(h("section", { class: "bw-step bw-narrow" }, h("p", { class: "bw-fatal", role: "alert" }, message)));
  $("app").setAttribute("aria-busy", "false");
}

async function start() {
  document.documentElement.classList.toggle("bw-embedded", window.parent !== window);
  watchHeight();
  await loadCatalogs();
  let saved = null;
  try {
    saved = window.localStorage.getItem(LANG_KEY);
  } catch {
    saved = null;
  }
  const browser = navigator.languages || [navigator.language];
  setI18n(createI18n(pickLanguage({ query: params.get("lang"), saved, browser }), customerZone));
  $("lang").addEventListener("change", (event) => {
    i18n.lang = event.target.value;
    try {
      window.localStorage.setItem(LANG_KEY, i18n.lang);
    } catch {
      // The choice then lasts for this page only.
    }
    rerender();
  });
  if (!tenantSlug) return fatal(t("no_tenant"));
  renderChrome();
  // A reload starts over: the starts held before it are offered to everyone again.
  await Promise.all(
    api
      .savedHolds()
      .map((leftover) => api.holdRelease(leftover, uuid()).catch(() => api.forgetHold(leftover))),
  );

  const [profile, services] = await Promise.allSettled([api.profile(), api.services()]);
  if (services.status === "rejected") {
    const error = services.reason;
    return fatal(error.status === 404 ? t("tenant_not_found") : errorMessage(error));
  }
  if (profile.status === "fulfilled") {
    state.profile = profile.value;
    i18n.labels = profile.value.labels;
    i18n.labelsLang = profile.value.language;
    if (!params.get("lang") && !saved && profile.value.language) {
      // The customer's browser language still wins; the tenant's is the fallback.
      i18n.lang = pickLanguage({ browser, tenant: profile.value.language });
    }
  }
  state.services = services.value.services;
  $("app").setAttribute("aria-busy", "false");
  window.addEventListener("hashchange", () => {
    const token = manageTokenOf(window.location.hash);
    if (token) enterManage(token);
    const offer = waitlistTokenOf(window.location.hash);
    if (offer) enterWaitlistOffer(offer);
  });
  const manageToken = manageTokenOf(window.location.hash);
  if (manageToken) return enterManage(manageToken);
  const offerToken = waitlistTokenOf(window.location.hash);
  if (offerToken) return enterWaitlistOffer(offerToken);
  if (await resumePayment()) return;
  const preselected = params.get("service");
  const chosen = state.services.find((s) => s.id === preselected);
  if (chosen) chooseService(chosen);
  else show("service", { focus: false });
}

start().catch((error) => {
  console.error(error);
  fatal("Something went wrong. Please reload the page.");
});
