"""Rebuild the Wagtail admin groups generated from staff roles.

Signals keep the groups current while people edit the roster, and the task
worker re-syncs them when the school year rolls over on 1 August
(`roster.tasks`). This command does the same sync at once: it repairs
anything changed behind their back (raw SQL, fixtures) and drops last school
year's class groups from teachers' permissions.
"""

from django.core.management.base import BaseCommand

from classes.models import AdminGroup
from roster.admin_groups import sync_all


class Command(BaseCommand):
    help = "Rebuild the admin groups and memberships that follow staff roles and class teachers."

    def handle(self, *args, **options):
        sync_all()
        self.stdout.write(f"{AdminGroup.objects.count()} generated admin groups in sync.")
