"""Load clients for bench/test_bench_pages.py: wrk when the machine has it, else one of our own in Python.

Both answer the same three questions about one URL:

* `throughput(url, headers, connections, seconds)`: requests per second with
  that many connections open for that long;
* `sequential(url, headers, count)`: `count` requests one after another on
  one connection, for the latency (median, p90); always Python's client,
  as wrk cannot stop after a number of requests;
* `fixed(url, headers, connections, count)`: (at least) `count` requests
  over that many connections (the memory check).

Latency is the time from sending a request to having read the response, as
wrk counts it: when a server closes the connection after each response
(gunicorn's sync workers do), the new connection's set-up is not in it, but
it is in the requests per second. Every response that is not a 2xx, every
socket error and every timeout is counted in `errors`.

`client()` picks wrk when it is on the PATH (installing it with apt-get when
missing and running as root), else `PythonClient`: threads, one
http.client connection each, kept alive as long as the server keeps it. On a
machine with few cores the client takes CPU from the server in both cases;
wrk takes much less.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    median_ms: float
    mean_ms: float
    p90_ms: float
    max_ms: float

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self):
        return {**asdict(self), "per_second": round(self.per_second, 1)}


# wrk ------------------------------------------------------------------------------

# done() prints wrk's summary as one line of JSON. No response() hook: wrk
# would hand every response to Lua. (A hook that stops a thread after N
# responses does not end wrk sooner: it sleeps for -d regardless, and the
# stopped thread's connection stays open, blocking a sync worker.)
WRK_DONE = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, '
    .. '"timeout": %d, "p50_us": %d, "p90_us": %d, "mean_us": %f, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency.mean, latency.max))
end
"""


class WrkClient:
    def __init__(self, path):
        self.path = path
        version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
        version = version.splitlines()[0].split(" Copyright")[0] if version else path
        self.name = f"{version}; 1-connection runs: {PythonClient.name}"
        self._scripts = tempfile.TemporaryDirectory(prefix="bench-wrk-")  # removed with the client
        self.scripts = Path(self._scripts.name)
        (self.scripts / "done.lua").write_text(WRK_DONE)

    def _run(self, url, headers, connections, threads, seconds):
        command = [self.path, "-c", str(connections), "-t", str(threads), "-d", f"{max(1, round(seconds))}s"]
        command += ["--timeout", "30s"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command += ["-s", str(self.scripts / "done.lua"), url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
        line = next((line for line in done.stdout.splitlines() if line.startswith("WRK-RESULT ")), None)
        if line is None:
            raise RuntimeError(f"wrk gave no result ({done.returncode}): {done.stdout}\n{done.stderr}")
        data = json.loads(line.removeprefix("WRK-RESULT "))
        errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
        return Result(
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            errors=errors,
            median_ms=data["p50_us"] / 1000,
            mean_ms=data["mean_us"] / 1000,
            p90_ms=data["p90_us"] / 1000,
            max_ms=data["max_us"] / 1000,
        )

    def throughput(self, url, headers, connections, seconds):
        return self._run(url, headers, connections, min(connections, 2), seconds)

    def sequential(self, url, headers, count):
        """Exactly `count` requests: wrk cannot stop after a number of requests, so Python's client does this."""
        return PythonClient().sequential(url, headers, count)

    def fixed(self, url, headers, connections, count):
        """At least `count` requests: runs of wrk, each as long as the rate so far says the rest will take."""
        done = []
        total = 0
        rate = None
        while total < count:
            seconds = 2 if rate is None else min(120, max(1, (count - total) / rate))
            result = self._run(url, headers, connections, min(connections, 2), seconds)
            done.append(result)
            total += result.requests
            rate = max(1.0, total / sum(r.seconds for r in done))
        seconds = sum(r.seconds for r in done)
        return Result(
            requests=total,
            seconds=seconds,
            errors=sum(r.errors for r in done),
            median_ms=statistics.median(r.median_ms for r in done),
            mean_ms=sum(r.mean_ms * r.requests for r in done) / max(1, total),
            p90_ms=max(r.p90_ms for r in done),
            max_ms=max(r.max_ms for r in done),
        )


# Python ---------------------------------------------------------------------------


class PythonClient:
    name = "python (threads over http.client, keep-alive where the server allows)"

    def _load(self, url, headers, connections, deadline=None, count=None):
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lock = threading.Lock()
        state = {"sent": 0, "errors": 0}
        timings = []

        def worker():
            connection = None
            mine = []
            while True:
                with lock:
                    if count is not None and state["sent"] >= count:
                        break
                    state["sent"] += 1
                if deadline is not None and time.perf_counter() >= deadline:
                    break
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                    try:
                        connection.connect()
                    except OSError:
                        with lock:
                            state["errors"] += 1
                        connection = None
                        continue
                started = time.perf_counter()
                try:
                    connection.request("GET", target, headers=headers)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    with lock:
                        state["errors"] += 1
                    connection.close()
                    connection = None
                    continue
                mine.append(time.perf_counter() - started)
                if not 200 <= response.status < 300:
                    with lock:
                        state["errors"] += 1
                if response.will_close:
                    connection.close()
                    connection = None
            if connection is not None:
                connection.close()
            with lock:
                timings.extend(mine)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        timings.sort()
        if not timings:
            return Result(0, elapsed, state["errors"], 0.0, 0.0, 0.0, 0.0)
        return Result(
            requests=len(timings),
            seconds=elapsed,
            errors=state["errors"],
            median_ms=statistics.median(timings) * 1000,
            mean_ms=statistics.fmean(timings) * 1000,
            p90_ms=timings[max(0, int(len(timings) * 0.9) - 1)] * 1000,
            max_ms=timings[-1] * 1000,
        )

    def throughput(self, url, headers, connections, seconds):
        return self._load(url, headers, connections, deadline=time.perf_counter() + seconds)

    def sequential(self, url, headers, count):
        return self._load(url, headers, 1, count=count)

    def fixed(self, url, headers, connections, count):
        return self._load(url, headers, connections, count=count)


def client(choice="auto"):
    """The load client: "wrk", "python", or "auto" (wrk if present or installable, else Python)."""
    if choice == "python":
        return PythonClient()
    path = shutil.which("wrk")
    if path is None and choice in ("auto", "wrk") and hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            subprocess.run(
                ["apt-get", "install", "-y", "wrk"],
                capture_output=True,
                timeout=300,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            )
        except (OSError, subprocess.TimeoutExpired):
            pass
        path = shutil.which("wrk")
    if path is None:
        if choice == "wrk":
            raise RuntimeError("wrk was asked for (BENCH_PAGES_CLIENT=wrk) but is not installed")
        return PythonClient()
    return WrkClient(path)
