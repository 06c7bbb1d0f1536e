"""Checkpoints for pruning the event log, and the triggers that go with them (Postgres).

The event table still refuses every UPDATE, and every DELETE unless the
transaction has set ``portal.audit_prune`` to ``on`` -- which only
``audit.checkpoints.prune_before`` does, with ``SET LOCAL``. The checkpoint table
refuses UPDATE and DELETE outright.
"""

from django.db import migrations, models

EVENT_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('portal.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

# As installed by 0002: no exception at all.
EVENT_FUNCTION_0002 = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

CHECKPOINT_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_checkpoint_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
"""

DROP_CHECKPOINT_TRIGGER = """
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
DROP FUNCTION IF EXISTS audit_checkpoint_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EVENT_FUNCTION, params=None)
        schema_editor.execute(CHECKPOINT_TRIGGER, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CHECKPOINT_TRIGGER, params=None)
        schema_editor.execute(EVENT_FUNCTION_0002, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_compliance"),
    ]

    operations = [
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("up_to_seq", models.BigIntegerField(unique=True, verbose_name="up to sequence")),
                (
                    "last_hash",
                    models.CharField(max_length=64, verbose_name="hash of the last removed event"),
                ),
                ("removed_count", models.BigIntegerField(verbose_name="events removed")),
                (
                    "first_removed_at",
                    models.DateTimeField(verbose_name="first removed event (UTC)"),
                ),
                ("last_removed_at", models.DateTimeField(verbose_name="last removed event (UTC)")),
                ("created_at", models.DateTimeField(verbose_name="time (UTC)")),
                (
                    "prev_signature",
                    models.CharField(max_length=64, verbose_name="previous checkpoint's signature"),
                ),
                (
                    "signature",
                    models.CharField(max_length=64, unique=True, verbose_name="signature"),
                ),
            ],
            options={
                "verbose_name": "audit checkpoint",
                "verbose_name_plural": "audit checkpoints",
                "ordering": ["up_to_seq"],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
