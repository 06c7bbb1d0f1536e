from django.urls import path

from uploads import views

urlpatterns = [
    path(
        "matters/<uuid:matter_uuid>/requests/<uuid:request_uuid>/upload/",
        views.upload,
        name="document_upload",
    ),
    path(
        "matters/<uuid:matter_uuid>/requests/<uuid:request_uuid>/documents/<uuid:document_uuid>/",
        views.check,
        name="document_check",
    ),
    path("documents/<uuid:document_uuid>/", views.download, name="document_download"),
    path("documents/<uuid:document_uuid>/preview/", views.preview, name="document_preview"),
    path("u/<str:token>/", views.link_upload, name="upload_link"),
    path("staff/requests/<uuid:request_uuid>/link/", views.send_link, name="upload_link_send"),
    path("staff/documents/<uuid:document_uuid>/", views.document_review, name="document_review"),
    path("staff/documents/<uuid:document_uuid>/fill/", views.document_fill, name="document_fill"),
    path("staff/search/", views.document_search, name="document_search"),
]
