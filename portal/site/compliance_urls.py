from django.urls import path

from portal.site.views import compliance as views

app_name = "audit"

urlpatterns = [
    path("staff/compliance/", views.dashboard, name="dashboard"),
    path("staff/compliance/holds/", views.hold_place, name="hold_place"),
    path("staff/compliance/holds/<int:hold_id>/release/", views.hold_release, name="hold_release"),
    path("staff/compliance/alerts/<int:alert_id>/ack/", views.alert_ack, name="alert_ack"),
    path("staff/compliance/trail/", views.trail, name="trail"),
    path("staff/compliance/export/", views.export, name="export"),
    path("staff/matters/<uuid:matter_uuid>/export/", views.matter_export, name="matter_export"),
]
