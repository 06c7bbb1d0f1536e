"""A running case-notes log replaces the matter's single notes field.

Each matter's existing notes become the first entry of its log (origin "earlier", dated
when the matter last changed, unsigned: nobody knows who wrote which line), then the field
goes. Backwards, those first entries return to the field.
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


def notes_to_log(apps, schema_editor):
    Matter = apps.get_model("matters", "Matter")
    CaseNote = apps.get_model("matters", "CaseNote")
    rows = Matter.objects.exclude(notes="").only("pk", "notes", "updated_at")
    batch = []
    for matter in rows.iterator(chunk_size=1000):
        if matter.notes.strip():
            batch.append(
                CaseNote(
                    matter_id=matter.pk,
                    body=matter.notes,
                    origin="earlier",
                    created_at=matter.updated_at,
                )
            )
        if len(batch) >= 1000:
            CaseNote.objects.bulk_create(batch)
            batch = []
    CaseNote.objects.bulk_create(batch)


def log_to_notes(apps, schema_editor):
    Matter = apps.get_model("matters", "Matter")
    CaseNote = apps.get_model("matters", "CaseNote")
    for note in CaseNote.objects.filter(origin="earlier").iterator(chunk_size=1000):
        Matter.objects.filter(pk=note.matter_id).update(notes=note.body)


class Migration(migrations.Migration):

    dependencies = [
        ('matters', '0008_search_extensions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('body', models.TextField(verbose_name='note')),
                ('author_label', models.CharField(blank=True, max_length=254, verbose_name='signed')),
                ('origin', models.CharField(choices=[('written', 'Written in the log'), ('earlier', "The matter's notes from before the log"), ('import', "Imported from the firm's case list")], default='written', max_length=10, verbose_name='origin')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='written')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='written by')),
                ('matter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='case_notes', to='matters.matter', verbose_name='matter')),
            ],
            options={
                'verbose_name': 'case note',
                'verbose_name_plural': 'case notes',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(notes_to_log, log_to_notes),
        migrations.RemoveField(
            model_name='matter',
            name='notes',
        ),
    ]
