"""Reads of payments; every one is scoped to a tenant."""

from .models import Payment, PaymentOrder, Refund


def payment_order_get(*, tenant_id: str, order_id: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(tenant_id=tenant_id, order_id=order_id).first()


def payment_order_paid(*, order: PaymentOrder) -> bool:
    """Whether the order's own intent is paid (or being paid): its one charge is taken."""
    return (
        bool(order.payment_intent_id)
        and Payment.objects.filter(
            order=order,
            payment_intent_id=order.payment_intent_id,
            status__in=[Payment.Status.SUCCEEDED, Payment.Status.PROCESSING],
        ).exists()
    )


def payment_get_for_checkout(
    *, tenant_id: str, order_id: str, payment_method_id: str
) -> Payment | None:
    """The payment a checkout with this order and payment method already made, if any."""
    return (
        Payment.objects.filter(
            tenant_id=tenant_id, order__order_id=order_id, payment_method_id=payment_method_id
        )
        .order_by("-created_at")
        .first()
    )


def payment_list(
    *, tenant_id: str, booking_id: str | None = None, order_id: str | None = None
) -> list[Payment]:
    payments = Payment.objects.filter(tenant_id=tenant_id).select_related("order")
    if booking_id is not None:
        payments = payments.filter(booking_id=booking_id)
    if order_id is not None:
        payments = payments.filter(order__order_id=order_id)
    return list(payments.order_by("created_at", "id"))


def refund_get(*, tenant_id: str, payment: Payment) -> Refund | None:
    return Refund.objects.filter(payment__tenant_id=tenant_id, payment=payment).first()
