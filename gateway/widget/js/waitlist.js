// The waitlist of full days (issue 14): leave an email for a full day, and open the hold a
// waitlist email's link holds (#waitlist/<token>).
//
// A full day in the calendar opens a small form in the times panel; the booking service
// keeps the line and, when a start frees up, holds it for the first email waiting and sends
// the link. The link's hold comes with its own cart token, like any hold.

import { ApiError, uuid } from "./api.js";
import { serverClockOffset } from "./countdown.js";

export function waitlistTokenOf(hash) {
  const match = /^#waitlist\/([^/]+)$/.exec(hash || "");
  return match ? decodeURIComponent(match[1]) : null;
}

export function createWaitlist(tenant, api) {
  const base = `/api/booking/v1/public/${encodeURIComponent(tenant)}`;

  async function post(path, body, key) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (key) headers["Idempotency-Key"] = key;
    let response;
    try {
      response = await fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
    } catch {
      throw new ApiError(0, null);
    }
    const receivedAt = Date.now();
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data);
    if (data && data.server_time) {
      const offset = serverClockOffset(data.server_time, receivedAt);
      if (offset != null) api.clockOffset = offset;
    }
    return data;
  }

  return {
    join: (body) => post("/waitlist", body, uuid()),
    // Not saved as the page's hold: a reload opens the link again instead of releasing it.
    openOffer: async (token) => {
      const hold = await post("/waitlist/offers", { token });
      api.setCartToken(hold.cart_token);
      return hold;
    },
  };
}

// The times panel of a full day. `view` is { status: "idle" | "sending" | "joined", email }.
export function renderWaitlist({ h, t, view, dateLabel, onJoin }) {
  if (view.status === "joined") {
    return h(
      "div",
      { class: "bw-waitlist" },
      h("p", { role: "status" }, t("waitlist_joined", { date: dateLabel, email: view.email })),
    );
  }
  const submit = (event) => {
    event.preventDefault();
    const email = event.target.elements.namedItem("waitlist-email").value.trim();
    if (email) onJoin(email);
  };
  return h(
    "form",
    { class: "bw-waitlist", onsubmit: submit },
    h("p", {}, t("waitlist_intro")),
    h("label", { for: "bw-waitlist-email" }, t("email")),
    h("input", {
      id: "bw-waitlist-email",
      name: "waitlist-email",
      type: "email",
      autocomplete: "email",
      required: true,
      value: view.email || "",
      dataset: { fk: "waitlist-email" },
    }),
    h(
      "button",
      {
        type: "submit",
        class: "bw-btn bw-btn-primary",
        disabled: view.status === "sending" || null,
        dataset: { fk: "waitlist-join" },
      },
      t("waitlist_join"),
    ),
  );
}
