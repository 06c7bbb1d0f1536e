"""Stored mobile numbers in E.164 (``+12125550100``), where they can be read; a number
that cannot is left as it is for a person to fix."""

import phonenumbers
from django.conf import settings
from django.db import migrations


def to_e164(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize(apps, schema_editor):
    User = apps.get_model("portal", "User")
    for pk, phone in User.objects.exclude(phone="").values_list("pk", "phone").iterator():
        e164 = to_e164(phone)
        if e164 and e164 != phone:
            User.objects.filter(pk=pk).update(phone=e164)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_reminders")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
