"""The constraints behind the payment safeguards, added once 0004 has repaired the rows that
would break them (a separate migration: PostgreSQL refuses to alter a table with pending
trigger events from the repair's inserts in the same transaction)."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0004_payment_safeguards_and_bilingual_texts'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='invoice',
            constraint=models.CheckConstraint(condition=models.Q(('paid__lte', django.db.models.expressions.CombinedExpression(models.F('total'), '-', models.F('credited')))), name='invoice_not_overpaid'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.UniqueConstraint(condition=models.Q(models.Q(('reference_key', ''), _negated=True), ('reversed_at__isnull', True)), fields=('invoice', 'reference_key'), name='payment_reference_once_per_invoice'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(('excess__gte', 0), ('excess__lte', models.F('amount'))), name='payment_excess_within_amount'),
        ),
    ]
