from rest_framework import serializers

from booking.availability.api.serializers import ANY_STAFF


class WaitlistJoinInputSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    staff = serializers.CharField(
        max_length=36, default=ANY_STAFF, help_text='A staff member\'s id, or "any".'
    )
    date = serializers.DateField(help_text="The full day, in the business's time zone.")
    email = serializers.EmailField(max_length=254)
    # A pattern, not an enum: the schema's "language" enum belongs to the tenant.
    language = serializers.RegexField(
        r"^(en|de)$", max_length=2, default="en", help_text="en or de: the email's language."
    )

    def validate_staff(self, value: str):
        if value == ANY_STAFF:
            return None
        return serializers.UUIDField().to_internal_value(value)

    def validate_date(self, value):
        if not 1970 <= value.year <= 9000:
            raise serializers.ValidationError("The year must be from 1970 to 9000.")
        return value


class WaitlistEntryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    service = serializers.UUIDField(source="service_id")
    staff = serializers.SerializerMethodField()
    date = serializers.DateField(source="day")

    def get_staff(self, entry) -> str:
        return str(entry.staff_id) if entry.staff_id else ANY_STAFF


class WaitlistOfferOpenInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000)
