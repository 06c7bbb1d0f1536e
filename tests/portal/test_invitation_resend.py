"""Resending an invitation from the invitations list: a new link, the old one replaced."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from audit.models import Event
from portal.accounts.models import Invitation, Role, User
from portal.accounts.services import invite_client
from tests.conftest import login_verified, make_user

pytestmark = pytest.mark.django_db


def links() -> list[str]:
    return [re.search(r"http://testserver(/invite/\S+)", m.body)[1] for m in mail.outbox]


def test_the_inviter_sends_a_new_link_and_the_old_one_stops_working(client, intake_user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        old = invite_client(
            email="carla@client.test", full_name="Carla Cliente", language="es", by=intake_user
        )
    login_verified(client, intake_user)
    page = client.get(reverse("staff:invitations")).content.decode()
    url = reverse("staff:invitation_resend", args=[old.uuid])
    assert url in page and "Send a new link" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, follow=True)
    assert "the link sent before no longer works" in response.content.decode()
    first, second = links()
    assert first != second and "portal de clientes" in mail.outbox[-1].subject
    old.refresh_from_db()
    assert old.status == Invitation.Status.REVOKED
    assert Invitation.objects.filter(status=Invitation.Status.PENDING).count() == 1
    assert Event.objects.filter(kind="invitation.resent", actor_id=intake_user.pk).exists()
    client.logout()
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200


def test_another_inviters_invitation_is_404_and_an_opened_account_is_refused(
    client, intake_user, client_user
):
    other = make_user("otto@firm.test", kind=User.Kind.STAFF, roles=[Role.INTAKE], mfa=True)
    theirs = invite_client(email="x@client.test", full_name="X", language="en", by=other)
    login_verified(client, intake_user)
    assert client.post(reverse("staff:invitation_resend", args=[theirs.uuid])).status_code == 404
    mine = invite_client(email=client_user.email, full_name="Alice", language="en", by=intake_user)
    response = client.post(reverse("staff:invitation_resend", args=[mine.uuid]), follow=True)
    assert "already has an account" in response.content.decode()
    assert Invitation.objects.filter(email=client_user.email).count() == 1
