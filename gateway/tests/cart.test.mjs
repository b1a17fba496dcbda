// node --test gateway/tests/ (make test-widget)
import assert from "node:assert/strict";
import { test } from "node:test";

import { cartPayment } from "../widget/js/cart.js";

// A payment-options answer as GET /public/{tenant}/payment-options gives it.
const paid = (price, downPayment, currency = "chf") => ({
  payments: downPayment == null ? ["full"] : ["full", "deposit"],
  price_amount: price,
  down_payment_amount: downPayment,
  currency,
});
const free = { payments: ["none"], price_amount: null, down_payment_amount: null, currency: "" };

test("two paid services: the sum, or the sum of the down payments", () => {
  assert.deepEqual(cartPayment([paid(12000, 3000), paid(8000, 4000)]), {
    choices: ["full", "deposit"],
    full: { amount: 20000, currency: "chf" },
    deposit: { amount: 7000, currency: "chf" },
  });
});

test("the same service held twice is paid twice", () => {
  assert.equal(cartPayment([paid(15000, 4500), paid(15000, 4500)]).deposit.amount, 9000);
});

test("a free service adds nothing and takes nothing away", () => {
  assert.deepEqual(cartPayment([free, paid(15000, 4500)]), {
    choices: ["full", "deposit"],
    full: { amount: 15000, currency: "chf" },
    deposit: { amount: 4500, currency: "chf" },
  });
  assert.deepEqual(cartPayment([free, free]).choices, ["none"]);
});

test("a down payment only when every paid service takes one", () => {
  const payment = cartPayment([paid(12000, 3000), paid(8000, null)]);
  assert.deepEqual(payment.choices, ["full"]);
  assert.equal(payment.deposit, null);
});

test("paid services in two currencies, or an answer missing: nothing online", () => {
  assert.deepEqual(cartPayment([paid(12000, 3000), paid(8000, 4000, "eur")]).choices, ["none"]);
  assert.deepEqual(cartPayment([paid(12000, 3000), null]).choices, ["none"]);
  assert.deepEqual(cartPayment([]).choices, ["none"]);
});
