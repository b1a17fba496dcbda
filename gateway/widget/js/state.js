// What the widget knows: the tenant from the address, the customer's zone, the API
// client, the language, and the one state object every step reads and writes.

import { createApi } from "./api.js";

export const params = new URLSearchParams(window.location.search);
export const tenantSlug = (params.get("tenant") || "").trim().toLowerCase();
export const customerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
export const EXPIRY_CODES = new Set([
  "hold_expired",
  "hold_not_found",
  "cart_empty",
  "cart_expired",
  "booking_expired",
]);

export const api = createApi(tenantSlug);
export let i18n;

export function setI18n(value) {
  i18n = value;
}
export const t = (key, vars) => i18n.t(key, vars);

export const state = {
  step: null,
  profile: {},
  services: [],
  service: null,
  staffList: [],
  staff: null, // a staff id or "any"
  month: null, // YYYY-MM
  days: {}, // date → status
  daysLoading: false,
  date: null,
  focusDate: null, // the calendar day the keyboard is on (the grid's one tab stop)
  slots: [],
  slotsLoading: false,
  busy: false,
  // The cart: each hold answer plus its service, staff name and deadline (expiresAt, ms on the
  // server's clock). A cart is booked all or none.
  holds: [],
  expiresAt: null, // the header countdown's deadline, ms on the server's clock
  warned: false,
  // The payment choices offered for the cart, by the names the booking takes (full,
  // deposit, none), and what each charges now: the cart's payment-options answer.
  paymentChoices: ["none"],
  cartAmounts: { full: null, deposit: null },
  details: { name: "", email: "", phone: "", note: "", reminder: false },
  fieldErrors: {},
  booking: null,
  paymentChoice: "none",
  checkout: null,
  verifyLocked: false,
};
