"""`manage.py devserver` leaves no process behind when it is sent SIGTERM.

A real run, slow (a migrate of a fresh SQLite database, then a web server and
a worker starting): devserver on a free port, with the dev settings, a
temporary database and media folder. Before the signal the test notes every
process of devserver's tree (runserver, its autoreloader's server, the
worker); afterwards each must be gone. Linux only: it reads /proc.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
STARTUP_DEADLINE = 90
SHUTDOWN_DEADLINE = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_stat(pid):
    """(state, parent pid, start time) of a process from /proc, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name, in parentheses, may hold spaces: split after it.
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), fields[19]


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


def descendants(pid):
    """{pid: start time} of every living descendant of the process."""
    children_of = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = process_stat(int(entry.name))
            if stat and stat[0] != "Z":
                children_of.setdefault(stat[1], []).append((int(entry.name), stat[2]))
    found, todo = {}, [pid]
    while todo:
        for child, started in children_of.get(todo.pop(), []):
            found[child] = started
            todo.append(child)
    return found


def still_running(pid, started):
    """Whether that process (not a later one with the same pid) runs; a zombie has ended."""
    stat = process_stat(pid)
    return stat is not None and stat[0] != "Z" and stat[2] == started


def answers_http(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status > 0
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture
def dev_environment(tmp_path):
    """The dev settings on a fresh, migrated SQLite database and an empty media folder."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="school_site.settings.dev",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return env


def test_sigterm_stops_devserver_and_its_whole_process_tree(dev_environment, tmp_path):
    port = free_port()
    log = (tmp_path / "devserver.log").open("w+")
    devserver = subprocess.Popen(
        [sys.executable, "manage.py", "devserver", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=dev_environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    tree = {}
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE
        while True:
            assert devserver.poll() is None, f"devserver stopped early:\n{read(log)}"
            tree = descendants(devserver.pid)
            worker = [pid for pid in tree if " run_worker " in command_line(pid) + " "]
            # runserver's autoreloader runs the server in a grandchild.
            servers = [pid for pid in tree if " runserver " in command_line(pid) + " "]
            if worker and len(servers) >= 2 and answers_http(port):
                break
            assert time.monotonic() < deadline, f"devserver did not come up:\n{read(log)}"
            time.sleep(0.5)
        tree = descendants(devserver.pid)

        devserver.send_signal(signal.SIGTERM)

        try:
            devserver.wait(timeout=SHUTDOWN_DEADLINE)
        except subprocess.TimeoutExpired:
            pytest.fail(f"devserver did not exit within {SHUTDOWN_DEADLINE}s of SIGTERM:\n{read(log)}")
        deadline = time.monotonic() + 5
        while any(still_running(pid, started) for pid, started in tree.items()) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {pid: command_line(pid) for pid, started in tree.items() if still_running(pid, started)}
        assert not left, f"processes left running after SIGTERM: {left}\n{read(log)}"
        assert not answers_http(port)
    finally:
        for pid, started in tree.items():
            if still_running(pid, started):
                os.kill(pid, signal.SIGKILL)
        if devserver.poll() is None:
            devserver.kill()
            devserver.wait()
        log.close()


def read(log):
    log.flush()
    log.seek(0)
    return log.read()[-5000:]
