"""The site's addresses and one that raises, as a bug in a view would: /test-only/broken."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from citycert.urls import urlpatterns as site


def broken(request: HttpRequest) -> HttpResponse:
    shares = {"seocho": 3}
    return HttpResponse(str(shares["seocho"] / (len(shares) - 1)))  # ZeroDivisionError


urlpatterns = [path("test-only/broken", broken), *site]
