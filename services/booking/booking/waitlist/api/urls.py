from django.urls import path

from .views import WaitlistJoinApi, WaitlistOfferOpenApi

urlpatterns = [
    path("waitlist", WaitlistJoinApi.as_view(), name="public-waitlist-join"),
    path("waitlist/offers", WaitlistOfferOpenApi.as_view(), name="public-waitlist-offer-open"),
]
