"""Build the demo school board for `make run`: two schools, their class groups and people.

Never on a production database: the demo accounts share one published
password. The command refuses when the production settings are loaded, or
when a settings module sets `SEED_DEMO_ALLOWED = False`.
"""

import os

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from demo.attendance import ensure_absence_pages
from demo.builder import build
from demo.consent import ensure_consent
from demo.conversations import ensure_conversations
from demo.data import BOARD, PASSWORD
from demo.leave import ensure_leave_pages
from demo.moderation import ensure_moderation
from demo.policies import ensure_policy_pages
from home.models import SchoolPage

PRODUCTION_MODULE_NAMES = {"production", "prod"}


def production_settings_loaded():
    """True when the active settings are the production ones.

    `override_settings` hides SETTINGS_MODULE, so the environment variable that
    chose the settings is checked too.
    """
    if getattr(settings, "SEED_DEMO_ALLOWED", True) is False:
        return True
    modules = [getattr(settings, "SETTINGS_MODULE", None), os.environ.get("DJANGO_SETTINGS_MODULE")]
    return any(module and module.rsplit(".", 1)[-1] in PRODUCTION_MODULE_NAMES for module in modules)


class Command(BaseCommand):
    help = "Create the demo schools, class groups, accounts and pages (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any school exists already (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if production_settings_loaded():
            raise CommandError(
                "seed_demo refuses to run with production settings: the demo accounts share a public password."
            )
        if if_empty and SchoolPage.objects.exists():
            self.stdout.write("Schools exist already; the demo seed is skipped.")
            return

        # One transaction: if syncing the admin groups fails, nothing is left
        # half-seeded for `--if-empty` to skip over on the next run.
        with transaction.atomic():
            result = build(BOARD)
            ensure_absence_pages(result)
            ensure_leave_pages(result)
            ensure_conversations(result)
            ensure_moderation(result)
            ensure_consent(result)
            ensure_policy_pages(result)
            if "sync_admin_groups" in get_commands():
                call_command("sync_admin_groups", verbosity=0)

        self.write_summary(result)

    def write_summary(self, result):
        created = ", ".join(f"{count} {what}" for what, count in result.created.items()) or "nothing new"
        self.stdout.write(self.style.SUCCESS(f"Demo board ready ({created})."))
        for data in BOARD.schools:
            self.stdout.write(f"  {data.title}: http://{data.hostname}:{data.port}/")
        self.stdout.write(f"Accounts (password for all: {PASSWORD}):")
        width = max(len(email) for email, _ in BOARD.showcase)
        existing = set(
            User.objects.filter(email__in=[email for email, _ in BOARD.showcase]).values_list("email", flat=True)
        )
        for email, description in BOARD.showcase:
            if email in existing:
                self.stdout.write(f"  {email.ljust(width)}  {description}")
