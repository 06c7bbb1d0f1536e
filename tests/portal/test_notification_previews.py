"""Admin previews every message in English and Spanish; a missing translation is sent in
English and reported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.accounts import notifications
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def test_every_message_renders_in_both_languages_with_nothing_missing(client, admin_user):
    login_verified(client, admin_user)
    names = notifications.template_names()
    assert {"invitation", "upload_link", "reminder", "invoice_issued", "invoice_reminder"} <= set(
        names
    )
    for name in names:
        response = client.get(reverse("notification_preview", args=[name]))
        page = response.content.decode()
        assert response.status_code == 200, name
        assert "Spanish missing" not in page, name
        parts = notifications.preview(name)
        assert parts and all(set(p["rendered"]) == {"en", "es"} for p in parts)


def test_a_missing_translation_is_flagged_and_reported(client, admin_user, monkeypatch):
    from django.template.loader import render_to_string
    from django.utils import translation

    def english_only(template, part, context):
        with translation.override("en"):
            return render_to_string(f"notifications/{template}/{part}", context)

    monkeypatch.setattr(notifications, "_render", english_only)
    notifications._REPORTED.clear()
    login_verified(client, admin_user)
    page = client.get(reverse("notification_preview", args=["reminder"])).content.decode()
    assert "Spanish missing: sent in English" in page
    warnings = []
    monkeypatch.setattr(
        notifications.log, "warning", lambda msg, *args: warnings.append(msg % args)
    )
    notifications.send_email(
        to="x@client.test", template="reminder", context=dict(notifications.SAMPLE), language="es"
    )
    assert any("has no es translation" in w for w in warnings)
