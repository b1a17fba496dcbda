from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from booking.tenants.models import Tenant, validate_timezone
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
    slug = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=200)
    plan = serializers.ChoiceField(choices=PLAN_CHOICES)
    timezone = serializers.CharField(max_length=64, validators=[validate_timezone])
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
MAX_LABEL_KEY_LENGTH = 50
MAX_ALLOWED_ORIGINS = 20


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "maxLength": 200},
        "maxProperties": MAX_LABELS,
        "propertyNames": {"maxLength": MAX_LABEL_KEY_LENGTH},
        "description": f"At most {MAX_LABELS} labels, keys of at most {MAX_LABEL_KEY_LENGTH} "
        "characters.",
    }
)
class LabelsField(serializers.DictField):
    child = serializers.CharField(max_length=200)

    def to_internal_value(self, data):
        labels = super().to_internal_value(data)
        if len(labels) > MAX_LABELS:
            raise serializers.ValidationError(f"At most {MAX_LABELS} labels.")
        if any(len(key) > MAX_LABEL_KEY_LENGTH for key in labels):
            raise serializers.ValidationError(
                f"Label names have at most {MAX_LABEL_KEY_LENGTH} characters."
            )
        return labels


class TenantSettingsSerializer(serializers.ModelSerializer):
    labels = LabelsField(required=False)
    allowed_origins = serializers.ListField(
        child=serializers.RegexField(r"^https?://[^/\s]+$", max_length=200),
        max_length=MAX_ALLOWED_ORIGINS,
        required=False,
        help_text="Sites allowed to call the public API from a browser (CORS), e.g. "
        "https://studio.example.",
    )

    class Meta:
        model = Tenant
        fields = ["slug", "plan", "timezone", *SETTINGS_FIELDS]
        read_only_fields = ["slug", "plan", "timezone"]
