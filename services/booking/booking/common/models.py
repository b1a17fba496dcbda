from django.db import models
from plumbing.models import TimestampedModel


class TenantOwnedModel(TimestampedModel):
    """Every row that belongs to a business carries its tenant."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")

    class Meta(TimestampedModel.Meta):
        abstract = True
