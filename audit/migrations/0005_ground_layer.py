"""Audit becomes the ground layer: no foreign key to another app, stored text as keys.

Legal holds and alerts reference matters and people by id and a label (the columns keep
their names and values); alert titles become a message key with parameters; the kinds of
record a retention policy governs come from the apps' registry.
"""

from django.db import migrations, models

import audit.retention_kinds


def _id_field(label=None, index=False):
    kwargs = {"null": True, "blank": True, "db_index": index}
    if label:
        kwargs["verbose_name"] = label
    return models.BigIntegerField(**kwargs)


def _unlink(model, name, label=None, index=False):
    """A foreign key ``name`` becomes the integer ``name_id`` on the same column."""
    return [
        migrations.AlterField(
            model_name=model,
            name=name,
            field=models.BigIntegerField(null=True, blank=True, db_column=f"{name}_id"),
        ),
        migrations.RenameField(model_name=model, old_name=name, new_name=f"{name}_id"),
        migrations.AlterField(model_name=model, name=f"{name}_id", field=_id_field(label, index)),
    ]


def labels_forwards(apps, schema_editor):
    LegalHold = apps.get_model("audit", "LegalHold")
    Alert = apps.get_model("audit", "Alert")
    User = apps.get_model("portal", "User")
    Matter = apps.get_model("matters", "Matter")
    emails = dict(User.objects.values_list("pk", "email"))
    for hold in LegalHold.objects.all():
        matter = Matter.objects.filter(pk=hold.matter_id).first() if hold.matter_id else None
        LegalHold.objects.filter(pk=hold.pk).update(
            matter_label=f"M-{matter.pk:05d} {matter.title}"[:300] if matter else "",
            client_label=emails.get(hold.client_id, ""),
            placed_by_label=emails.get(hold.placed_by_id, ""),
            released_by_label=emails.get(hold.released_by_id, ""),
        )
    for alert in Alert.objects.all():
        Alert.objects.filter(pk=alert.pk).update(
            title_key="text",
            title_params={"text": alert.title},
            acknowledged_by_label=emails.get(alert.acknowledged_by_id, ""),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_checkpoints"),
        ("matters", "0005_task_title_key"),
        ("portal", "0003_reminders"),
    ]

    operations = [
        migrations.AlterField(
            model_name="retentionpolicy",
            name="record",
            field=models.CharField(
                choices=audit.retention_kinds.record_choices, max_length=20, verbose_name="records"
            ),
        ),
        migrations.AlterField(
            model_name="retentionpolicy",
            name="trigger",
            field=models.CharField(
                choices=audit.retention_kinds.trigger_choices,
                max_length=24,
                verbose_name="counted from",
            ),
        ),
        migrations.RemoveConstraint(model_name="legalhold", name="hold_has_a_scope"),
        *_unlink("legalhold", "matter", "matter", index=True),
        *_unlink("legalhold", "client", "client", index=True),
        *_unlink("legalhold", "placed_by"),
        *_unlink("legalhold", "released_by"),
        *_unlink("alert", "acknowledged_by"),
        migrations.AddField(
            model_name="legalhold",
            name="matter_label",
            field=models.CharField(blank=True, max_length=300, verbose_name="matter"),
        ),
        migrations.AddField(
            model_name="legalhold",
            name="client_label",
            field=models.CharField(blank=True, max_length=300, verbose_name="client"),
        ),
        migrations.AddField(
            model_name="legalhold",
            name="placed_by_label",
            field=models.CharField(blank=True, max_length=254, verbose_name="placed by"),
        ),
        migrations.AddField(
            model_name="legalhold",
            name="released_by_label",
            field=models.CharField(blank=True, max_length=254, verbose_name="released by"),
        ),
        migrations.AddField(
            model_name="alert",
            name="acknowledged_by_label",
            field=models.CharField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name="alert",
            name="title_key",
            field=models.CharField(default="text", max_length=80),
        ),
        migrations.AddField(
            model_name="alert",
            name="title_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(labels_forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="alert", name="title"),
        migrations.AddConstraint(
            model_name="legalhold",
            constraint=models.CheckConstraint(
                condition=models.Q(("matter_id__isnull", False), ("client_id__isnull", False), _connector="OR"),
                name="hold_has_a_scope",
            ),
        ),
    ]
