from django.urls import include, path
from plumbing.urls import service_urls

urlpatterns = [
    *service_urls("payments"),
    path("api/payments/v1/", include("payments.checkout.api.urls")),
]

handler400 = "plumbing.errors.json_bad_request"
handler404 = "plumbing.errors.json_not_found"
handler500 = "plumbing.errors.json_server_error"
