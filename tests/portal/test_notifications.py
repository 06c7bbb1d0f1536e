"""One function sends a templated message in the recipient's language, by email or SMS."""

import pytest
from django.core import mail

from portal.accounts.notifications import SMS, LocmemSMSBackend, notify

pytestmark = pytest.mark.django_db


def test_email_has_text_and_html_parts_in_the_users_language(client_user):
    client_user.preferred_language = "es"
    context = {
        "full_name": "Alice",
        "url": "https://portal.test/x",
        "expires_at": None,
        "inviter": "Ivan",
    }
    notify(user=client_user, template="invitation", context=context)
    message = mail.outbox[-1]
    assert message.to == [client_user.email]
    assert "https://portal.test/x" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="es"' in html and "https://portal.test/x" in html
    assert "Hola" in message.body


def test_sms_goes_through_the_same_interface(client_user):
    client_user.phone = "+15555550100"
    notify(
        user=client_user,
        template="invitation",
        context={"url": "https://portal.test/y"},
        channel=SMS,
    )
    assert LocmemSMSBackend.outbox[-1].to == "+15555550100"
    assert "https://portal.test/y" in LocmemSMSBackend.outbox[-1].body


def test_sms_without_a_phone_is_refused(client_user):
    with pytest.raises(ValueError, match="phone"):
        notify(user=client_user, template="invitation", context={}, channel=SMS)


def test_console_sms_backend_prints(capsys):
    from portal.accounts.notifications import ConsoleSMSBackend, SMSMessage

    ConsoleSMSBackend().send(SMSMessage(to="+1555", body="hola"))
    assert "SMS to +1555" in capsys.readouterr().out
