"""Serve the site and run the task worker together, for `make run`.

One command, one Ctrl-C: the web server and the worker are started as child
processes; when either stops, or this command gets Ctrl-C, SIGTERM or SIGHUP,
both are stopped. The worker is `run_worker` (next to this command in
school_site), which also keeps Wagtail's scheduled publishing running, so
scheduled pages go live without a cron job.

Each child runs in a session (and so a process group) of its own, and is
stopped by signalling that whole group: `runserver`'s autoreloader serves from
a grandchild, which signalling the child alone could leave running. In their
own session the children no longer get the terminal's Ctrl-C themselves;
this command passes it on.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Signals that stop the command, each like Ctrl-C. SIGHUP: the terminal closed.
STOP_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
# Stopping the children: SIGINT (what Ctrl-C sent them before, so the worker
# finishes its task), then SIGTERM, then SIGKILL, each with its grace period.
SHUTDOWN_STEPS = [(signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 2)]


class Command(BaseCommand):
    help = "Run the development web server and the task worker until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, addrport, **options):
        if not settings.DEBUG:
            raise CommandError(
                "devserver is for development; run a WSGI server and `manage.py run_worker` in production."
            )
        manage = [sys.executable, sys.argv[0]]
        stop_requested = []
        previous_handlers = {
            signum: signal.signal(signum, lambda signum, frame: stop_requested.append(signum))
            for signum in STOP_SIGNALS
        }
        children = []
        try:
            for command in (["runserver", addrport], ["run_worker", "--interval", "2"]):
                if stop_requested:
                    break
                children.append(subprocess.Popen(manage + command, start_new_session=True))
            self.stdout.write(f"Schoolpoort on http://{addrport}/ with its task worker. Ctrl-C stops both.")
            while not stop_requested and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            stop_process_groups(children)
            for signum, handler in previous_handlers.items():
                signal.signal(signum, handler)


def stop_process_groups(children):
    """Stop each child's process group, gently first; return once all are gone or killed.

    A group is signalled even when its leader (the child) has exited already,
    so that a grandchild it left behind goes too.
    """
    remaining = list(children)
    for signum, grace in SHUTDOWN_STEPS:
        for child in remaining:
            try:
                os.killpg(child.pid, signum)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + grace
        while True:
            remaining = [child for child in remaining if group_alive(child)]
            if not remaining or time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        if not remaining:
            return


def group_alive(child):
    """Whether the child, or anything else in its process group, still runs.

    Reaps the child first: unreaped, it would count as a member of its group.
    """
    child.poll()
    try:
        os.killpg(child.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
