"""Task titles become a message key with parameters, rendered in the reader's language.

Existing titles were written as an English and a Spanish pair: they become the built-in
``text`` message with that pair as its parameter, so every task reads as it did before.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Task = apps.get_model("matters", "Task")
    for task in Task.objects.only("pk", "title_en", "title_es").iterator(chunk_size=1000):
        Task.objects.filter(pk=task.pk).update(
            title_key="text", title_params={"text": {"en": task.title_en, "es": task.title_es}}
        )


def backwards(apps, schema_editor):
    Task = apps.get_model("matters", "Task")
    for task in Task.objects.only("pk", "title_params").iterator(chunk_size=1000):
        text = task.title_params.get("text", "")
        pair = text if isinstance(text, dict) else {"en": text, "es": text}
        Task.objects.filter(pk=task.pk).update(
            title_en=(pair.get("en") or "")[:200], title_es=(pair.get("es") or pair.get("en") or "")[:200]
        )


class Migration(migrations.Migration):
    dependencies = [("matters", "0004_reminders")]

    operations = [
        migrations.AddField(
            model_name="task",
            name="title_key",
            field=models.CharField(default="text", max_length=80, verbose_name="task"),
        ),
        migrations.AddField(
            model_name="task",
            name="title_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="task details"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="task", name="title_en"),
        migrations.RemoveField(model_name="task", name="title_es"),
    ]
