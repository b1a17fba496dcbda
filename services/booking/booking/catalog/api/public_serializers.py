from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class PublicMoneyOutputSerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text="Minor units, e.g. 15000 for 150.00.")
    currency = serializers.CharField(help_text="ISO 4217, lower case.")


class PublicDownPaymentOutputSerializer(PublicMoneyOutputSerializer):
    percent = serializers.IntegerField()


class PublicServiceOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    description = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    price = serializers.SerializerMethodField()
    down_payment = serializers.SerializerMethodField()

    @extend_schema_field(PublicMoneyOutputSerializer(allow_null=True))
    def get_price(self, service) -> dict | None:
        if not service.price_amount:
            return None
        return {"amount": service.price_amount, "currency": service.currency}

    @extend_schema_field(PublicDownPaymentOutputSerializer(allow_null=True))
    def get_down_payment(self, service) -> dict | None:
        if service.down_payment_amount is None:
            return None
        return {
            "amount": service.down_payment_amount,
            "currency": service.currency,
            "percent": service.down_payment_percent,
        }


class PublicServiceListOutputSerializer(serializers.Serializer):
    services = PublicServiceOutputSerializer(many=True)


class PublicStaffOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class PublicServiceStaffListOutputSerializer(serializers.Serializer):
    staff = PublicStaffOutputSerializer(many=True)


class PublicTenantOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    timezone = serializers.CharField()
    language = serializers.CharField()
    labels = serializers.DictField(child=serializers.CharField())
    holds_enabled = serializers.BooleanField()
    hold_minutes = serializers.IntegerField()
    takes_payments = serializers.BooleanField()
