"""The portal's URLs plus one view nobody put in the access table."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_patterns


def sneaky_report(request):
    return HttpResponse("everything")


urlpatterns = [*portal_patterns, path("reports/everything/", sneaky_report, name="sneaky_report")]
