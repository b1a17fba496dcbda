from django.urls import path

from booking.tenants.api.views import TenantCreateApi, TenantPlanChangeApi

urlpatterns = [
    path("tenants", TenantCreateApi.as_view(), name="platform-tenant-create"),
    path("tenants/<slug:slug>", TenantPlanChangeApi.as_view(), name="platform-tenant-plan"),
]
