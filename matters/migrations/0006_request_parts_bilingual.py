"""Parts of a document request (front and back of a card) and bilingual reasons for
sending a document back; existing case types and untouched requests get their parts."""

from django.db import migrations, models

# The default checklist items that are cards with two sides (matters.defaults), as of
# this migration: case type code -> item keys.
TWO_SIDED = {
    "i130": ["petitioner_green_card"],
    "n400": ["green_card"],
    "i765_daca": ["current_ead"],
    "i589": ["national_id"],
}
PARTS = ["front", "back"]


def add_parts(apps, schema_editor):
    CaseType = apps.get_model("matters", "CaseType")
    DocumentRequest = apps.get_model("matters", "DocumentRequest")
    for case_type in CaseType.objects.filter(code__in=TWO_SIDED):
        keys = TWO_SIDED[case_type.code]
        changed = False
        for item in case_type.checklist:
            if isinstance(item, dict) and item.get("key") in keys and "parts" not in item:
                item["parts"] = list(PARTS)
                changed = True
        if changed:
            case_type.save(update_fields=["checklist"])
        # Requests nothing was sent for yet ask for both sides from now on; a request with
        # files keeps its one part (what was sent stays what it was).
        DocumentRequest.objects.filter(
            matter__case_type=case_type,
            key__in=keys,
            parent__isnull=True,
            status="requested",
            times_requested=1,
            parts=[],
        ).update(parts=list(PARTS))


class Migration(migrations.Migration):
    dependencies = [
        ("matters", "0005_task_title_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="documentrequest",
            name="parts",
            field=models.JSONField(blank=True, default=list, verbose_name="parts"),
        ),
        migrations.AddField(
            model_name="documentrequest",
            name="rejection_reason_es",
            field=models.TextField(blank=True, verbose_name="reason (Spanish)"),
        ),
        migrations.RunPython(add_parts, migrations.RunPython.noop),
    ]
