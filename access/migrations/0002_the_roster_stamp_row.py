from django.db import migrations


def create_the_row(apps, schema_editor):
    """The one row exists from the start, so concurrent first changes only update it (access.signals.touch)."""
    apps.get_model("access", "RosterStamp").objects.get_or_create(pk=1, defaults={"token": "initial"})


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [migrations.RunPython(create_the_row, migrations.RunPython.noop)]
