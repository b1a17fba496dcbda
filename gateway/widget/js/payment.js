// The card step with Stripe.js: the browser turns the card into a payment
// method, the payments service creates and confirms the PaymentIntent
// ("finalize on the server"), and 3-D Secure is completed here when asked.

let scriptPromise = null;

function loadScript(src) {
  if (window.Stripe) return Promise.resolve();
  if (!scriptPromise) {
    scriptPromise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        scriptPromise = null;
        reject(new Error("Stripe.js did not load"));
      };
      document.head.append(script);
    });
  }
  return scriptPromise;
}

export async function loadStripe(config, host) {
  await loadScript(config.stripe_js_url);
  const stripe = window.Stripe(config.publishable_key);
  const elements = stripe.elements();
  const card = elements.create("card", { hidePostalCode: true });
  card.mount(host);
  return {
    stripe,
    card,
    host,
    // A declined card is typed again from empty fields.
    reset() {
      if (typeof card.clear === "function") {
        card.clear();
      } else {
        card.unmount();
        card.mount(host);
      }
    },
  };
}

async function paymentMethodOf({ stripe, card }) {
  const result = await stripe.createPaymentMethod({ type: "card", card });
  if (result && result.error) return { error: result.error };
  if (result && result.paymentMethod) return { id: result.paymentMethod.id };
  // localstripe's fake Stripe.js leaves createPaymentMethod empty. Its tokens
  // carry a card object (card_…) that its PaymentIntents accept as the
  // payment method, with the same test-card behaviours (decline, 3-D Secure).
  const token = await stripe.createToken(card);
  if (!token || token.error) return { error: (token && token.error) || {} };
  return { id: token.token.card.id };
}

function failure(error, extra = {}) {
  return { ok: false, message: (error && error.message) || "", ...extra };
}

export async function payWithCard(session, { createCheckout }) {
  const method = await paymentMethodOf(session);
  if (method.error) return failure(method.error);
  const checkout = await createCheckout(method.id);
  if (checkout.status === "succeeded" || checkout.status === "processing") {
    return { ok: true, checkout };
  }
  if (checkout.status === "requires_action") {
    const { stripe } = session;
    // Real Stripe.js: handleCardAction completes 3-D Secure for a
    // server-confirmed intent; localstripe only offers confirmCardPayment.
    const action =
      typeof stripe.handleCardAction === "function"
        ? await stripe.handleCardAction(checkout.client_secret)
        : await stripe.confirmCardPayment(checkout.client_secret);
    if (!action || action.error) return failure(action && action.error, { authFailed: true });
    const status = action.paymentIntent && action.paymentIntent.status;
    if (status === "requires_payment_method" || status === "canceled") {
      return failure(null, { authFailed: true });
    }
    return { ok: true, checkout };
  }
  // "failed": declined; decline_message says why (empty when Stripe gave no reason).
  return failure({ message: checkout.decline_message }, { declined: true });
}
