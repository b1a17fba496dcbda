from django.urls import path

from .public_views import ServiceListApi, ServiceStaffListApi

urlpatterns = [
    path("services", ServiceListApi.as_view(), name="public-services"),
    path(
        "services/<str:service>/staff",
        ServiceStaffListApi.as_view(),
        name="public-service-staff",
    ),
]
