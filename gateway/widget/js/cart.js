// What a cart of held starts may be paid with, from each start's payment-options answer.

// The answers (one per held start, in the cart's order) put together as POST /bookings checks
// them (the booking service's payment_options_for): paid when any service is, a down payment
// only when every paid service takes one, nothing online when the paid services' currencies
// differ or an answer is missing. Each amount charged now is the sum over the held starts.
// The server refuses any other choice (payment_not_offered), so this only decides the buttons.
export function cartPayment(answers) {
  const none = { choices: ["none"], full: null, deposit: null };
  if (!answers.length || answers.some((answer) => !answer)) return none;
  const paid = answers.filter((answer) => answer.payments.includes("full"));
  const currencies = new Set(paid.map((answer) => answer.currency));
  if (!paid.length || currencies.size > 1) return none;
  const currency = paid[0].currency;
  const sum = (field) => ({
    amount: paid.reduce((total, answer) => total + (answer[field] || 0), 0),
    currency,
  });
  const choices = ["full"];
  if (paid.every((answer) => answer.payments.includes("deposit"))) choices.push("deposit");
  const deposit = choices.includes("deposit") ? sum("down_payment_amount") : null;
  return { choices, full: sum("price_amount"), deposit };
}
