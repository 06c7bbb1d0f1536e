"""The case types a firm starts from (the matters.defaults package); Admin edits them afterwards."""

from django.db import migrations


def load(apps, schema_editor):
    from matters.defaults import CASE_TYPES, validate_all

    validate_all()
    CaseType = apps.get_model("matters", "CaseType")
    QuestionnaireVersion = apps.get_model("matters", "QuestionnaireVersion")
    for ct in CASE_TYPES:
        case_type, created = CaseType.objects.get_or_create(
            code=ct["code"],
            defaults={
                "category": ct["category"],
                "name_en": ct["name"]["en"],
                "name_es": ct["name"]["es"],
                "forms": ct["forms"] if isinstance(ct["forms"], str) else ", ".join(ct["forms"]),
                "stages": ct["stages"],
                "questionnaire": ct["questionnaire"],
                "checklist": ct["checklist"],
                "task_rules": ct.get("task_rules", {}),
            },
        )
        if created:
            QuestionnaireVersion.objects.create(
                case_type=case_type, number=1, schema=case_type.questionnaire
            )


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
