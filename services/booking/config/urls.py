from booking.catalog.api.public_views import TenantProfileGetApi
from django.urls import include, path
from plumbing.urls import service_urls

urlpatterns = [
    *service_urls("booking"),
    path("api/booking/v1/platform/", include("booking.tenants.api.platform_urls")),
    path("api/booking/v1/admin/", include("booking.tenants.api.admin_urls")),
    path("api/booking/v1/admin/", include("booking.catalog.api.admin_urls")),
    # The widget asks for the tenant's profile without a trailing slash.
    path(
        "api/booking/v1/public/<slug:tenant>",
        TenantProfileGetApi.as_view(),
        name="public-tenant-profile",
    ),
    path("api/booking/v1/public/<slug:tenant>/", include("booking.catalog.api.public_urls")),
    path("api/booking/v1/public/<slug:tenant>/", include("booking.availability.api.urls")),
    path("api/booking/v1/public/<slug:tenant>/", include("booking.reservations.api.public_urls")),
    path("api/booking/v1/public/<slug:tenant>/", include("booking.waitlist.api.urls")),
    path("api/booking/v1/admin/", include("booking.reservations.api.admin_urls")),
    path("api/booking/v1/admin/", include("booking.webhooks.api.urls")),
    # The tenants' back office: server-rendered pages with sessions (booking.office).
    path("office/", include("booking.office.urls")),
]

handler400 = "plumbing.errors.json_bad_request"
handler404 = "plumbing.errors.json_not_found"
handler500 = "plumbing.errors.json_server_error"
