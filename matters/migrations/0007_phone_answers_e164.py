"""Phone answers of intake questionnaires in E.164, where they can be read.

Answers in clear (``Matter.answers``) only: phone questions are not sensitive, so none
is sealed. A number that cannot be read stays as the client typed it.
"""

import phonenumbers
from django.conf import settings
from django.db import migrations


def to_e164(raw):
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_keys(schema):
    """Top-level phone questions, and phone fields of repeating groups."""
    top, grouped = set(), {}
    for section in schema.get("sections", []):
        for q in section.get("questions", []):
            if q.get("type") == "phone":
                top.add(q["key"])
            for sub in q.get("questions", []) if q.get("type") == "group" else []:
                if sub.get("type") == "phone":
                    grouped.setdefault(q["key"], set()).add(sub["key"])
    return top, grouped


def normalize(apps, schema_editor):
    Matter = apps.get_model("matters", "Matter")
    schemas = {}
    for matter in Matter.objects.exclude(answers={}).iterator(chunk_size=200):
        version = matter.questionnaire_version_id
        if version not in schemas:
            schemas[version] = phone_keys(matter.questionnaire_version.schema)
        top, grouped = schemas[version]
        answers, changed = dict(matter.answers), False
        for key in top:
            e164 = to_e164(answers.get(key))
            if e164 and e164 != answers[key]:
                answers[key], changed = e164, True
        for group, subs in grouped.items():
            rows = answers.get(group)
            if not isinstance(rows, list):
                continue
            for row in rows:
                for key in subs if isinstance(row, dict) else ():
                    e164 = to_e164(row.get(key))
                    if e164 and e164 != row[key]:
                        row[key], changed = e164, True
        if changed:
            Matter.objects.filter(pk=matter.pk).update(answers=answers)


class Migration(migrations.Migration):
    dependencies = [("matters", "0006_request_parts_bilingual")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
