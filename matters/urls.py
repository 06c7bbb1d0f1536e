from django.urls import path

from matters.views import client, imports, manage, reminders, staff

staff_urlpatterns = [
    path("matters/", staff.matter_list, name="matters"),
    path("matters/new/", staff.matter_new, name="matter_new"),
    path("matters/<uuid:matter_uuid>/", staff.matter_detail, name="matter"),
    path("matters/<uuid:matter_uuid>/reveal/", staff.matter_reveal, name="matter_reveal"),
    path("matters/<uuid:matter_uuid>/stage/", staff.matter_stage, name="matter_stage"),
    path("matters/<uuid:matter_uuid>/close/", staff.matter_close, name="matter_close"),
    path("matters/<uuid:matter_uuid>/dates/", staff.matter_dates, name="matter_dates"),
    path("matters/<uuid:matter_uuid>/receipts/", staff.matter_receipt, name="matter_receipt"),
    path("matters/<uuid:matter_uuid>/rfes/", staff.matter_rfe, name="matter_rfe"),
    path("matters/<uuid:matter_uuid>/tasks/", staff.task_new, name="task_new"),
    path("matters/<uuid:matter_uuid>/team/", manage.matter_team, name="matter_team"),
    path("matters/<uuid:matter_uuid>/notes/", manage.matter_note, name="matter_note"),
    path("matters/<uuid:matter_uuid>/invite/", manage.matter_invite, name="matter_invite"),
    path(
        "matters/<uuid:matter_uuid>/changes/confirm/", staff.changes_confirm, name="changes_confirm"
    ),
    path("tasks/", staff.my_tasks, name="my_tasks"),
    path("tasks/due/", staff.due_this_week, name="due_this_week"),
    path("tasks/<uuid:task_uuid>/done/", staff.task_done, name="task_done"),
    path("requests/<uuid:request_uuid>/accept/", staff.request_accept, name="request_accept"),
    path("requests/<uuid:request_uuid>/reject/", staff.request_reject, name="request_reject"),
    path("requests/<uuid:request_uuid>/foreign/", staff.request_foreign, name="request_foreign"),
    path(
        "requests/<uuid:request_uuid>/foreign/undo/",
        staff.request_foreign_undo,
        name="request_foreign_undo",
    ),
    path("matters/<uuid:matter_uuid>/requests/", staff.request_new, name="request_new"),
    path("import/", imports.import_matters, name="import"),
]

client_urlpatterns = [
    path("r/<str:token>/", reminders.reminder_link, name="reminder_link"),
    path("account/reminders/", reminders.reminder_preferences, name="reminder_preferences"),
    path("matters/<uuid:matter_uuid>/", client.matter_page, name="client_matter"),
    path("matters/<uuid:matter_uuid>/intake/", client.intake_start, name="intake_start"),
    path("matters/<uuid:matter_uuid>/intake/review/", client.intake_review, name="intake_review"),
    path(
        "matters/<uuid:matter_uuid>/intake/<slug:section_key>/",
        client.intake_section,
        name="intake_section",
    ),
    path(
        "matters/<uuid:matter_uuid>/requests/<uuid:request_uuid>/foreign/",
        client.request_foreign,
        name="client_request_foreign",
    ),
    path(
        "matters/<uuid:matter_uuid>/requests/<uuid:request_uuid>/foreign/undo/",
        client.request_foreign_undo,
        name="client_request_foreign_undo",
    ),
]
