"""Draw the app's icons (webapp.icons) into webapp/static/webapp/icons/."""

from django.core.management.base import BaseCommand

from webapp.icons import write_icons


class Command(BaseCommand):
    help = "Draw the web app's icons with Pillow into webapp/static/webapp/icons/."

    def handle(self, *args, **options):
        for path in write_icons():
            self.stdout.write(str(path))
