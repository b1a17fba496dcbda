from django.urls import path

from .views import CalendarGetApi, SlotListApi

urlpatterns = [
    path("calendar", CalendarGetApi.as_view(), name="public-calendar"),
    path("slots", SlotListApi.as_view(), name="public-slots"),
]
