// Step 1: the service.

import { todayIn } from "../i18n.js";
import { api, customerZone, state, t } from "../state.js";
import { loadCalendar } from "./time.js";
import { actions, button, errorMessage, h, heading, notify, priceText, rerender, show } from "../ui.js";

export const serviceStep = () => {
  const list = state.services.length
    ? h(
        "ul",
        { class: "bw-services" },
        state.services.map((service) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "bw-service",
                dataset: { fk: `service-${service.id}`, service: service.id },
                onclick: () => chooseService(service),
              },
              h("span", { class: "bw-service-name" }, service.name),
              service.description
                ? h("span", { class: "bw-service-desc" }, service.description)
                : null,
              h(
                "span",
                { class: "bw-service-meta" },
                h("span", { class: "bw-chip" }, t("minutes", { n: service.duration_minutes })),
                h("span", { class: "bw-chip bw-chip-price" }, priceText(service.price)),
                service.down_payment
                  ? h(
                      "span",
                      { class: "bw-chip" },
                      t("down_payment_of", { amount: priceText(service.down_payment) }),
                    )
                  : null,
              ),
              h("span", { class: "bw-service-arrow", "aria-hidden": "true" }, "›"),
            ),
          ),
        ),
      )
    : h("p", { class: "bw-empty" }, t("no_services"));
  // With starts held already, a service chosen here joins them in the same cart.
  const held = state.holds.length && !state.manage;
  return h(
    "section",
    { class: "bw-step" },
    heading(held ? t("choose_another_service") : t("choose_service")),
    held ? h("p", { class: "bw-muted" }, t("cart_keeps_holds")) : null,
    list,
    held ? actions(toSelectionButton()) : null,
  );
};

// Back to the summary of the held starts, from the service list or a service's times.
export function toSelectionButton() {
  return button(t("your_selection", { n: state.holds.length }), () => show("summary"), {
    kind: "secondary",
    fk: "to-selection",
  });
}

export async function chooseService(service) {
  notify("");
  state.service = service;
  state.staffList = [];
  state.staff = null;
  state.days = {};
  state.date = null;
  state.slots = [];
  state.month = todayIn(customerZone, api.now()).slice(0, 7);
  state.daysLoading = true;
  state.slotsDate = null;
  show("time");
  try {
    state.staffList = (await api.staff(service.id)).staff;
    state.staff = state.staffList.length === 1 ? state.staffList[0].id : "any";
  } catch (error) {
    notify(errorMessage(error));
    state.staff = "any";
  }
  rerender();
  await loadCalendar({ advanceIfEmpty: 2 });
}

export function goToServices() {
  notify("");
  state.service = null;
  show("service");
}
