"""The machinery of bench/test_bench_pages.py: the data, the gunicorn servers, a logged-in session.

* `prepare_data(run_dir)`: the scaled demo (bench/pages_data.py) in a fresh
  SQLite file under `run_dir`, copied from bench-results/pages-data/<key>/
  when a build with the same key is there (two builds are kept). The key hashes every migration,
  the demo seed, the generator, the pins and the knobs, so a change to any of
  them builds anew; a run never writes to the cached copy (pages write:
  sessions, reads, renditions).
* `Gunicorn`: one gunicorn with its workers, started in a session of its own
  on a free port of 127.0.0.1, stopped with SIGTERM and, after a deadline,
  SIGKILL of its process group; `stop()` says whether anything survived.
* `login()`, `get()`, `next_link()`: plain http.client against the running
  server, as a browser without JavaScript would talk to it.
"""

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench-results"
CACHE = RESULTS / "pages-data"


# The data -----------------------------------------------------------------------


def django_env(run_dir, settings="bench.settings"):
    """The environment of a process of the portal on the benchmark's own database and media."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        SQLITE_PATH=str(Path(run_dir) / "db.sqlite3"),
        MEDIA_ROOT=str(Path(run_dir) / "media"),
        PYTHONPATH=str(BASE_DIR),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def data_key(knobs):
    digest = hashlib.sha256(json.dumps(knobs, sort_keys=True).encode())
    sources = sorted([*BASE_DIR.glob("*/migrations/*.py"), *BASE_DIR.glob("*/*/migrations/*.py")])
    sources += sorted((BASE_DIR / "demo").rglob("*.py"))
    sources += [BASE_DIR / name for name in ("requirements.txt", "news/models.py")]
    sources += [BASE_DIR / "bench" / name for name in ("pages_data.py", "test_bench_timeline.py", "settings.py")]
    for source in sources:
        if ".venv" in source.parts or "tests" in source.parts:
            continue
        digest.update(str(source.relative_to(BASE_DIR)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _run(command, env, log):
    with open(log, "a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        done = subprocess.run(command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        raise RuntimeError(
            f"{' '.join(command[1:3])} failed ({done.returncode}); see {log}:\n{Path(log).read_text()[-3000:]}"
        )


def build_data(target, knobs, log):
    """migrate, seed_demo and the generator, in a fresh SQLite file in `target`."""
    target.mkdir(parents=True)
    (target / "media").mkdir()
    env = django_env(target)
    python = sys.executable
    _run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env, log)
    _run([python, "manage.py", "seed_demo"], env, log)
    _run(
        [
            python,
            "-m",
            "bench.pages_data",
            "--posts",
            str(knobs["posts"]),
            "--children",
            str(knobs["children"]),
            "--parents",
            str(knobs["parents"]),
            "--manifest",
            str(target / "manifest.json"),
        ],
        env,
        log,
    )


def prepare_data(run_dir, knobs, use_cache=True):
    """The data for this run in `run_dir` (db.sqlite3, media/, manifest.json); (manifest, how it came, seconds)."""
    started = time.perf_counter()
    run_dir = Path(run_dir)
    log = run_dir.parent / "build.log"
    key = data_key(knobs)
    cached = CACHE / key
    if use_cache and (cached / "manifest.json").exists():
        how = f"copied from the cache ({cached.relative_to(BASE_DIR)})"
        shutil.copytree(cached, run_dir)
    else:
        build_dir = run_dir.parent / "build"
        build_data(build_dir, knobs, log)
        how = "built"
        if use_cache:
            CACHE.mkdir(parents=True, exist_ok=True)
            # Two builds are kept (a full one and a quick one, say): this one and the newest other.
            # Copies still being written by another run (".<key>.<pid>.partial") are left alone for an hour.
            entries = sorted(CACHE.iterdir(), key=lambda entry: entry.stat().st_mtime, reverse=True)
            done = [entry for entry in entries if not entry.name.startswith(".")]
            stale = [
                entry for entry in entries if entry.name.startswith(".") and time.time() - entry.stat().st_mtime > 3600
            ]
            for old in done[1:] + stale:
                shutil.rmtree(old, ignore_errors=True)
            staging = CACHE / f".{key}.{os.getpid()}.partial"
            shutil.copytree(build_dir, staging)
            try:
                staging.rename(cached)
                how += f", cached in {cached.relative_to(BASE_DIR)}"
            except OSError:  # another run cached the same build meanwhile
                shutil.rmtree(staging, ignore_errors=True)
        build_dir.rename(run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["key"] = key
    return manifest, how, time.perf_counter() - started


# The servers --------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid):
    """Resident memory of a process in KiB, from /proc (None when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def children_of(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


class Gunicorn:
    """One gunicorn serving `app` with `workers` sync workers on a free port of 127.0.0.1."""

    def __init__(self, name, app, env, log, workers=2):
        self.name, self.app, self.env, self.log, self.workers = name, app, env, Path(log), workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.seen = set()

    def start(self, ready_path="/", timeout=90):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
            "--graceful-timeout",
            "5",
            "--error-logfile",
            str(self.log),
            "--chdir",
            str(BASE_DIR),
            self.app,
        ]
        # The workers' own output (Django's log of errors) goes to the same file.
        with open(self.log, "ab") as output:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            workers = self.worker_pids()
            if len(workers) >= self.workers:
                try:
                    status, _, _ = get(self.base, ready_path, timeout=10)
                except OSError:
                    status = None
                if status is not None:
                    return self
            time.sleep(0.25)
        raise RuntimeError(
            f"{self.name}: gunicorn did not answer on {self.base} within {timeout} s:\n{self.log_tail()}"
        )

    def worker_pids(self):
        pids = children_of(self.process.pid) if self.process else []
        self.seen.update(pids)
        return pids

    def rss(self):
        """{worker pid: RSS in KiB}."""
        return {pid: rss_kib(pid) for pid in self.worker_pids()}

    def log_tail(self, size=4000):
        try:
            return self.log.read_text()[-size:]
        except OSError:
            return "(no log)"

    def stop(self, deadline=15):
        """SIGTERM, then SIGKILL to the process group after `deadline` s; the pids still alive (none, we hope)."""
        if self.process is None:
            return []
        self.worker_pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(deadline)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(10)
        end = time.monotonic() + 5
        while time.monotonic() < end and any(alive(pid) for pid in self.seen):
            time.sleep(0.1)
        survivors = [pid for pid in self.seen if alive(pid)]
        for pid in survivors:  # workers of ours that outlived their master
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return survivors


# Talking to a server --------------------------------------------------------------


def get(base, path, cookies=None, timeout=30):
    """(status, headers, body) of a GET of `path`, with the cookies given (a dict)."""
    return request(base, "GET", path, cookies=cookies, timeout=timeout)


def request(base, method, path, cookies=None, form=None, timeout=30):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    headers = {}
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def set_cookies(headers, cookies):
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]


def login(base, email, password, path="/accounts/login/"):
    """Log in through the login form as a browser would; the cookies of the session."""
    cookies = {}
    status, headers, body = get(base, path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    set_cookies(headers, cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token is None:
        raise RuntimeError(f"no CSRF token in the form at {path}")
    form = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    status, headers, body = request(base, "POST", path, cookies=cookies, form=form)
    set_cookies(headers, cookies)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"logging in as {email} answered {status}, cookies {sorted(cookies)}:\n{body[:2000]}")
    return cookies


class _NextLink(HTMLParser):
    def __init__(self):
        super().__init__()
        self.href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.href is None and tag in ("a", "link") and "next" in (attrs.get("rel") or "").split():
            self.href = attrs.get("href")


def next_link(body, current):
    """The URL of the page the rel="next" link ("Older posts") leads to, or None."""
    parser = _NextLink()
    parser.feed(body)
    return urljoin(current, parser.href) if parser.href else None
