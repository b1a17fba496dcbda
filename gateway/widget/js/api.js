// Talks to the booking and payments APIs through the gateway (same origin).
// Every error becomes an ApiError carrying the server's stable `code`, so the
// screens act on codes, never on message text.

import { serverClockOffset } from "./countdown.js";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? "network" : `http_${status}`);
    this.detail = body ? body.detail : undefined;
  }
}

// crypto.randomUUID only exists in secure contexts; a widget served over plain
// http on a LAN address must still make unguessable idempotency keys.
export function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  const b = window.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Storage can throw inside third-party iframes with storage blocked; the cart
// token then lives as long as the page.
const memoryStore = {};
const store = {
  get(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch {
      return memoryStore[key] || null;
    }
  },
  set(key, value) {
    try {
      if (value == null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch {
      if (value == null) delete memoryStore[key];
      else memoryStore[key] = value;
    }
  },
};

export function createApi(tenant) {
  const bookingBase = `/api/booking/v1/public/${encodeURIComponent(tenant)}`;
  const paymentsBase = "/api/payments/v1";
  const cartKey = `booking-widget.cart.${tenant}`;
  const api = {
    // Milliseconds to add to Date.now() to get the server's clock.
    clockOffset: 0,
    cartToken: () => store.get(cartKey),
    setCartToken: (token) => store.set(cartKey, token),
    // The cart's holds, so that a reload can release them instead of leaving the starts
    // blocked until they run out. saveHold(id) adds one, saveHold(null) forgets them all.
    savedHolds: () => {
      try {
        const ids = JSON.parse(store.get(`${cartKey}.holds`) || "[]");
        return Array.isArray(ids) ? ids.map(String) : [];
      } catch {
        return [];
      }
    },
    saveHold: (id) => {
      const ids = id == null ? [] : [...new Set([...api.savedHolds(), String(id)])];
      store.set(`${cartKey}.holds`, ids.length ? JSON.stringify(ids) : null);
    },
    forgetHold: (id) => {
      const ids = api.savedHolds().filter((saved) => saved !== String(id));
      store.set(`${cartKey}.holds`, ids.length ? JSON.stringify(ids) : null);
    },
    // The booking awaiting payment and its signed order, so that a reload or a duplicated
    // tab comes back to the card step of the same order instead of starting over.
    savedPayment: () => {
      try {
        return JSON.parse(store.get(`${cartKey}.payment`) || "null");
      } catch {
        return null;
      }
    },
    savePayment: (value) => store.set(`${cartKey}.payment`, value ? JSON.stringify(value) : null),
    now: () => Date.now() + api.clockOffset,
    // Milliseconds the last proof-of-work challenge took to solve (null: none was asked).
    lastChallengeMs: null,
  };

  async function send(method, url, { body, query, key } = {}) {
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v != null && v !== "") params.set(k, v);
      url += `?${params}`;
    }
    const headers = { Accept: "application/json" };
    const token = api.cartToken();
    if (token) headers["X-Cart-Token"] = token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    // One key per user action: a retry of the same action sends the same key,
    // so the server answers it once.
    if (method === "POST" || method === "DELETE") headers["Idempotency-Key"] = key || uuid();
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) init.body = JSON.stringify(body);

    let response;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await fetch(url, init);
        break;
      } catch {
        if (attempt >= 1) throw new ApiError(0, null);
        await new Promise((r) => setTimeout(r, 600));
      }
    }
    const receivedAt = Date.now();
    let data = null;
    if (response.status !== 204) {
      const text = await response.text();
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = null;
      }
    }
    if (data && typeof data === "object" && data.server_time) {
      const offset = serverClockOffset(data.server_time, receivedAt);
      if (offset != null) api.clockOffset = offset;
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  const b = (path) => `${bookingBase}${path}`;

  // Past half of an address's cap of live holds the service wants a solved proof of work
  // with the hold (js/challenge.js). The customer only sees the hold take a moment longer.
  // A solution the service refuses (expired meanwhile, the address changed) comes back
  // with a new challenge, which is tried once more.
  async function holdWithChallenge(body, challenge) {
    const { solveChallenge } = await import("./challenge.js");
    for (let attempt = 0; ; attempt++) {
      const solved = await solveChallenge(challenge);
      if (!solved) throw new ApiError(403, { code: "challenge_invalid", message: "" });
      api.lastChallengeMs = solved.took;
      try {
        // A new key: the body differs from the refused request's.
        const solvedBody = { ...body, altcha: solved.payload };
        return await send("POST", b("/holds"), { body: solvedBody, key: uuid() });
      } catch (error) {
        if (attempt >= 1 || error.code !== "challenge_invalid" || !error.detail?.challenge) {
          throw error;
        }
        challenge = error.detail.challenge;
      }
    }
  }
  Object.assign(api, {
    profile: () => send("GET", bookingBase),
    services: () => send("GET", b("/services")),
    staff: (serviceId) => send("GET", b(`/services/${encodeURIComponent(serviceId)}/staff`)),
    calendar: (query) => send("GET", b("/calendar"), { query }),
    slots: (query) => send("GET", b("/slots"), { query }),
    paymentOptions: (serviceId) =>
      send("GET", b("/payment-options"), { query: { service: serviceId } }),
    cartPaymentOptions: () => send("GET", b("/cart/payment-options")),
    holdCreate: async (body, key) => {
      let hold;
      try {
        hold = await send("POST", b("/holds"), { body, key });
      } catch (error) {
        if (error.code !== "challenge_required" || !error.detail?.challenge) throw error;
        hold = await holdWithChallenge(body, error.detail.challenge);
      }
      api.setCartToken(hold.cart_token);
      api.saveHold(hold.id);
      return hold;
    },
    holdExtend: (id, key) =>
      send("POST", b(`/holds/${encodeURIComponent(id)}/extend`), { body: {}, key }),
    holdRelease: async (id, key) => {
      await send("DELETE", b(`/holds/${encodeURIComponent(id)}`), { key });
      api.forgetHold(id);
    },
    bookingCreate: (body, key) => send("POST", b("/bookings"), { body, key }),
    bookingGet: (id) => send("GET", b(`/bookings/${encodeURIComponent(id)}`)),
    bookingVerify: (id, code, key) =>
      send("POST", b(`/bookings/${encodeURIComponent(id)}/verify`), { body: { code }, key }),
    bookingResendCode: (id, key) =>
      send("POST", b(`/bookings/${encodeURIComponent(id)}/resend-code`), { body: {}, key }),
    manageGet: (token) => send("GET", b(`/manage/${encodeURIComponent(token)}`)),
    manageCancel: (token, key) =>
      send("POST", b(`/manage/${encodeURIComponent(token)}/cancel`), { body: {}, key }),
    manageReschedule: (token, hold, key) =>
      send("POST", b(`/manage/${encodeURIComponent(token)}/reschedule`), { body: { hold }, key }),
    paymentsConfig: () => send("GET", `${paymentsBase}/config`),
    checkoutCreate: (body, key) => send("POST", `${paymentsBase}/checkouts`, { body, key }),
  });
  return api;
}
