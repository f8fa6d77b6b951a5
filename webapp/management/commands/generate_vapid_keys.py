"""Print a new VAPID key pair for the environment of a production server."""

from django.core.management.base import BaseCommand

from webapp.keys import generate_key_pair


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair (WEBPUSH_VAPID_PUBLIC_KEY, WEBPUSH_VAPID_PRIVATE_KEY). "
        "Set it once and keep it: a new pair ends every device's push subscription."
    )

    def handle(self, *args, **options):
        public, private = generate_key_pair()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}\nWEBPUSH_VAPID_PRIVATE_KEY={private}\n")
