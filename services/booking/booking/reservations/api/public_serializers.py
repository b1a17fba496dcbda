"""Input and output of the widget's hold, booking and payment-option endpoints.

Names, here and in the admin and manage modules: `<Audience><Entity><Action><Input|Output>
Serializer`, where the audience is empty for the widget's public answers, `Admin` for the
integrators' and `Manage` for the client's manage link, and query strings are
`...QueryInputSerializer`. Drf-spectacular names the schema's components after them, so
they are unique across the schema.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.common.schema import not_blank
from booking.tenants.models import Tenant

from ..models import Booking
from ..selectors import (
    DOWN_PAYMENT,
    FINISH,
    PAY,
    PAYMENT_CHOICE_FOR_OPTION,
)
from ..services import bookings, holds
from .fields import (
    STATUS_HELP,
    AwareDateTimeField,
    BookingAppointmentOutputSerializer,
    ContextCharField,
    EffectiveStatusField,
    ServerTimeField,
)

LANGUAGES = [code for code, _ in Tenant._meta.get_field("language").choices]

PAYMENT_OPTIONS = [PAY, DOWN_PAYMENT, FINISH]


class HoldCreateInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.UUIDField()
    start = AwareDateTimeField()
    altcha = serializers.CharField(
        required=False,
        max_length=2048,
        help_text="The solved proof-of-work challenge (ALTCHA payload: base64 of JSON "
        "algorithm, challenge, number, salt, signature), needed once the address holds half "
        "of its cap; a 403 challenge_required answer carries the challenge to solve.",
    )


class ExtensionsLeftField(serializers.IntegerField):
    """How often the hold may still be extended, by the tenant in the context."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, hold):
        return holds.hold_extensions_left(tenant=self.context["tenant"], hold=hold)


# A hold (Reservation); the context carries `tenant` and the `cart_token`.
class HoldOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    cart_token = ContextCharField(
        "cart_token", help_text="Keep it and send it as X-Cart-Token with every later call."
    )
    service = serializers.UUIDField(source="service_id")
    staff = serializers.UUIDField(source="staff_id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    server_time = ServerTimeField(help_text="The server's clock, for the countdown.")
    extensions_left = ExtensionsLeftField()


# A hold (Reservation); the context carries `tenant`.
class HoldExtendOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    server_time = ServerTimeField()
    extensions_left = ExtensionsLeftField()


class BookingClientInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, validators=[not_blank])
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class BookingCreateInputSerializer(serializers.Serializer):
    client = BookingClientInputSerializer()
    slot = HoldCreateInputSerializer(
        required=False,
        help_text="Book this start directly instead of the cart's holds (for tenants with "
        "holds switched off).",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reminder = serializers.BooleanField(required=False, default=False)
    payment = serializers.ChoiceField(choices=Booking.Payment.choices, default="none")
    # A plain string, not an enum: the schema's "language" enum belongs to the tenant.
    language = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="en or de; default: the tenant's.",
    )

    def validate_language(self, value):
        if value and value not in LANGUAGES:
            raise serializers.ValidationError(f"One of {', '.join(LANGUAGES)}.")
        return value or None


class PaymentOrderField(serializers.CharField):
    """The signed order for the payments service, while the booking awaits payment."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, booking):
        return bookings.payment_order_token(booking)


# A Booking as the widget sees it; a direct booking's view puts its new `cart_token`
# in the context.
class BookingOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    cart_token = ContextCharField(
        "cart_token",
        allow_null=True,
        required=False,
        help_text="Only when a direct booking made a new cart: send it as X-Cart-Token to verify.",
    )
    status = EffectiveStatusField()
    payment = serializers.ChoiceField(choices=Booking.Payment.choices)
    currency = serializers.CharField()
    total_amount = serializers.IntegerField(help_text="Minor units.")
    payment_amount = serializers.IntegerField(help_text="Minor units charged online.")
    amount_paid = serializers.IntegerField()
    balance_due = serializers.IntegerField(help_text="Minor units still due at the appointment.")
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="Deadline of verification or payment; null once confirmed."
    )
    server_time = ServerTimeField()
    payment_order = PaymentOrderField(
        allow_null=True, help_text="Signed order for the payments service, while awaiting payment."
    )
    appointments = BookingAppointmentOutputSerializer(many=True)


class BookingVerifyInputSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", max_length=12)


# A Booking with a new code on its way: its stored status.
class BookingCodeResendOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField(help_text=STATUS_HELP)
    expires_at = serializers.DateTimeField(allow_null=True)
    server_time = ServerTimeField()


class PaymentOptionsQueryInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()


class PaymentOptionsField(serializers.ListField):
    """What the summary page offers for the service: the context's `options`."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, service):
        return self.context["options"]


class PaymentChoicesField(PaymentOptionsField):
    """The same choices by the names POST /bookings takes as `payment`."""

    def to_representation(self, service):
        return [PAYMENT_CHOICE_FOR_OPTION[o] for o in super().to_representation(service)]


class DownPaymentAmountField(serializers.IntegerField):
    """The service's down payment, when a down payment is offered; otherwise null."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, service):
        return service.down_payment_amount if DOWN_PAYMENT in self.context["options"] else None


# A Service; the context carries its `options` (selectors.payment_options_for).
class PaymentOptionsOutputSerializer(serializers.Serializer):
    service = serializers.UUIDField(source="id")
    options = PaymentOptionsField(
        child=serializers.ChoiceField(choices=PAYMENT_OPTIONS),
        help_text="The summary page's names of the choices (`payments` names the same ones).",
    )
    payments = PaymentChoicesField(
        child=serializers.ChoiceField(choices=Booking.Payment.choices),
        help_text=(
            "The choices as POST /bookings takes them in `payment`, in the order to offer them: "
            "full (options: pay), deposit (down_payment), none (finish)."
        ),
    )
    price_amount = serializers.IntegerField(allow_null=True)
    down_payment_amount = DownPaymentAmountField(allow_null=True)
    currency = serializers.CharField()


class CartPaymentOptionsOutputSerializer(serializers.Serializer):
    """What the summary page offers for the cart's held starts together, as POST /bookings
    checks a booking of them, and what each choice charges now."""

    options = serializers.ListField(
        child=serializers.ChoiceField(choices=PAYMENT_OPTIONS),
        help_text="The summary page's names of the choices (`payments` names the same ones).",
    )
    payments = serializers.SerializerMethodField(
        help_text="The choices as POST /bookings takes them in `payment`, in the order to offer "
        "them: full (options: pay), deposit (down_payment), none (finish). Paid when any held "
        "service is; a down payment only when every paid one takes one; nothing online for an "
        "empty cart or paid services in two currencies."
    )
    full_amount = serializers.SerializerMethodField(
        help_text="What paying in full charges now (the prices' sum), when offered; else null."
    )
    down_payment_amount = serializers.SerializerMethodField(
        help_text="What the down payment charges now (the down payments' sum), when offered; "
        "else null."
    )
    currency = serializers.SerializerMethodField(help_text="Of the amounts; empty when none.")

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Booking.Payment.choices))
    )
    def get_payments(self, due) -> list[str]:
        return [PAYMENT_CHOICE_FOR_OPTION[o] for o in due.options]

    def get_full_amount(self, due) -> int | None:
        return due.total if PAY in due.options else None

    def get_down_payment_amount(self, due) -> int | None:
        return due.down_payment if DOWN_PAYMENT in due.options else None

    def get_currency(self, due) -> str:
        return due.currency if PAY in due.options else ""
