"""A medical examination says whether it was entered by the examining doctor or on their behalf.

For the examinations already recorded, the answer is read from what was kept:
entered on the doctor's behalf wherever the account that entered it is not the
examining member's own account (or is not known).
"""

from django.db import migrations, models
from django.db.models import F, Q


def mark_existing(apps, schema_editor):
    MedicalExamination = apps.get_model("testimony", "MedicalExamination")
    MedicalExamination.objects.filter(
        Q(recorded_by__isnull=True)
        | Q(examined_by__user__isnull=True)
        | ~Q(recorded_by_id=F("examined_by__user_id"))
    ).update(on_behalf=True)


class Migration(migrations.Migration):
    dependencies = [
        ("testimony", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="medicalexamination",
            name="on_behalf",
            field=models.BooleanField(
                default=False, help_text="Entered by someone else than the examining doctor, on their behalf"
            ),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]
