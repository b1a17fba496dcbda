"""What views add to their OpenAPI declarations: the error envelope with the codes an
operation answers beyond those its shape implies (contracts.openapi.declare_errors)."""

from django.core.validators import RegexValidator
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.JSONField(allow_null=True)


def error_response(codes: str) -> OpenApiResponse:
    """An error status's declaration; `codes` names the codes it carries."""
    return OpenApiResponse(ErrorSerializer, description=codes)


# A name must hold something besides white space (DRF trims it and refuses what is left
# empty); as a pattern, so the OpenAPI document says so too.
not_blank = RegexValidator(r"[^\s\x1c-\x1f]", "Must hold something besides white space.")
