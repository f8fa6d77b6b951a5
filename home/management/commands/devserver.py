"""Serve the site and run the task worker together, for `make run`.

One command, one Ctrl-C: the web server and the worker are started as child
processes; when either stops (or Ctrl-C is pressed) the other is stopped too.
The worker is `run_worker` (schoolcalendar), which also keeps Wagtail's
scheduled publishing running, so scheduled pages go live without a cron job.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the development web server and the task worker until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, addrport, **options):
        if not settings.DEBUG:
            raise CommandError("devserver is for development; run a WSGI server and `manage.py run_worker` in production.")
        manage = [sys.executable, sys.argv[0]]
        children = [
            subprocess.Popen(manage + ["runserver", addrport]),
            subprocess.Popen(manage + ["run_worker", "--interval", "2"]),
        ]
        self.stdout.write(f"Schoolpoort on http://{addrport}/ with its task worker. Ctrl-C stops both.")
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
