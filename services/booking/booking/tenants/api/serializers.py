from django.core.validators import MaxLengthValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.common.schema import not_blank
from booking.tenants.models import TIMEZONES, Tenant
from booking.tenants.plans import PLAN_CHOICES

SETTINGS_FIELDS = [
    "name",
    "language",
    "owner_email",
    "payments_enabled",
    "holds_enabled",
    "hold_minutes",
    "hold_extensions",
    "hold_extension_minutes",
    "max_holds_per_cart",
    "max_live_holds_per_address",
    "max_bookings_per_address_per_day",
    "verify_every_email",
    "payment_window_minutes",
    "minimum_notice_minutes",
    "booking_horizon_days",
    "reschedule_allowed",
    "reschedule_limit",
    "reschedule_window_hours",
    "cancel_allowed",
    "cancel_window_hours",
    "full_refund_hours_before",
    "deposit_refundable",
    "labels",
    "allowed_origins",
]


class TenantCreateInputSerializer(serializers.Serializer):
    slug = serializers.RegexField(
        r"^[a-z0-9][a-z0-9-]*$",
        max_length=50,
        help_text="Lower-case letters, digits and hyphens; the widget's address names it.",
    )
    name = serializers.CharField(max_length=200, validators=[not_blank])
    plan = serializers.ChoiceField(choices=PLAN_CHOICES)
    timezone = serializers.ChoiceField(choices=TIMEZONES)
    owner_email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=["en", "de"], required=False)


class TenantPlanInputSerializer(serializers.Serializer):
    plan = serializers.ChoiceField(choices=PLAN_CHOICES)


class TenantOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tenant
        fields = ["id", "slug", "name", "plan", "timezone", "created_at"]


class TenantCreatedOutputSerializer(TenantOutputSerializer):
    api_key = serializers.CharField(help_text="Shown once; only its hash is stored.")

    class Meta(TenantOutputSerializer.Meta):
        fields = TenantOutputSerializer.Meta.fields + ["api_key"]


MAX_LABELS = 30
MAX_LABEL_NAME = 64
MAX_LABEL_TEXT = 200
MAX_ALLOWED_ORIGINS = 20


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "minLength": 1, "maxLength": MAX_LABEL_TEXT},
        "maxProperties": MAX_LABELS,
        # OpenAPI 3.0 has no propertyNames: the bound on names is said in words.
        "description": f"At most {MAX_LABELS} labels, each named with 1 to {MAX_LABEL_NAME} "
        f"characters.",
    }
)
class LabelsField(serializers.DictField):
    """The widget's own words ("choose_staff": "Choose photographer"): at most 30, each name
    and text bounded, so a request stores what a person would write and no more."""

    child = serializers.CharField(max_length=MAX_LABEL_TEXT)

    def __init__(self, **kwargs):
        # MaxLengthValidator counts a dict's keys.
        limit = MaxLengthValidator(MAX_LABELS, message=f"At most {MAX_LABELS} labels.")
        super().__init__(validators=[limit], **kwargs)

    def to_internal_value(self, data):
        labels = super().to_internal_value(data)
        if any(not 0 < len(name) <= MAX_LABEL_NAME for name in labels):
            raise serializers.ValidationError(
                f"A label's name has 1 to {MAX_LABEL_NAME} characters."
            )
        return labels


class TenantSettingsSerializer(serializers.ModelSerializer):
    labels = LabelsField(required=False)
    allowed_origins = serializers.ListField(
        child=serializers.RegexField(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$", max_length=200),
        max_length=MAX_ALLOWED_ORIGINS,
        required=False,
        help_text="Sites allowed to call the public API from a browser (CORS), e.g. "
        "https://studio.example.",
    )

    class Meta:
        model = Tenant
        fields = ["slug", "plan", "timezone", *SETTINGS_FIELDS]
        read_only_fields = ["slug", "plan", "timezone"]
        # Upper bounds the database does not give (and the schema shows on every backend).
        extra_kwargs = {
            "name": {"validators": [not_blank]},
            "minimum_notice_minutes": {"max_value": 365 * 24 * 60},
            "reschedule_limit": {"max_value": 100},
            "reschedule_window_hours": {"max_value": 365 * 24},
            "cancel_window_hours": {"max_value": 365 * 24},
            "full_refund_hours_before": {"max_value": 365 * 24},
        }
