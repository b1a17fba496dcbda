from django.urls import path

from booking.tenants.api.views import TenantSettingsApi

urlpatterns = [
    path("settings", TenantSettingsApi.as_view(), name="admin-settings"),
]
