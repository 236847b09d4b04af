"""A case-folded search column on places (SQLite's LIKE folds ASCII only), and an index on region."""

from django.db import migrations, models


def fold(*parts):
    # A copy of custodiet.places.rules.search_text as it was when this migration was written.
    return " ".join(part.strip() for part in parts if part and part.strip()).casefold().replace("ё", "е")


def backfill_search_text(apps, schema_editor):
    Place = apps.get_model("places", "Place")  # the historical model
    batch = []
    for place in Place.objects.only("ref", "name_local", "name_en", "region").iterator(chunk_size=1000):
        place.search_text = fold(place.ref, place.name_local, place.name_en, place.region)
        batch.append(place)
        if len(batch) == 1000:
            Place.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Place.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('treaties', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='place',
            name='search_text',
            field=models.TextField(blank=True, editable=False, help_text='Names, ref and region, case-folded, for the text search'),
        ),
        migrations.AddIndex(
            model_name='place',
            index=models.Index(fields=['region'], name='places_plac_region_a8a032_idx'),
        ),
        migrations.RunPython(backfill_search_text, migrations.RunPython.noop),
    ]
