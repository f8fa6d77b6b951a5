"""Benchmark: the parent's pages as served for real (gunicorn, DEBUG off), beside the framework's floor.

Run with `make bench` (`pytest bench`; alone: `.venv/bin/python -m pytest bench/test_bench_pages.py -s`);
not part of `make test`. Nothing here asserts a time: the test fails only when a
server cannot start, a page does not answer 200 (before measuring, or under
load) or a server outlives the run. Results: bench-results/pages-sqlite.json
and .txt.

1. Data (bench/pages_data.py, bench/pages.py): `manage.py migrate` and
   `manage.py seed_demo` on a fresh SQLite file in a temporary directory,
   scaled to about 10,000 live posts over the ten groups of both demo schools
   (three in ten in the groups of the measured parent), photos on a third of
   them, about 1,000 children and 1,500 parents. The build is cached in
   bench-results/pages-data/<key>/, the key a hash of the migrations, the
   demo seed, the generator and the knobs; each run works on a copy.
2. Servers: gunicorn 27, 2 sync workers each, on free ports of 127.0.0.1:
   the portal (school_site.wsgi with bench.settings: the dev settings with
   DEBUG off, see its docstring for why not production's), and the floor
   (bench/floor/: Django with no apps and no middleware, one view answering
   "ok"). Both are stopped at the end whatever happens (SIGTERM, SIGKILL of
   the process group after 15 s) and checked to be gone.
3. The measured user, ouder.twee@windwijzer.test (children in Groep 3 and
   Groep 5/6 at De Windwijzer), logs in through the login form; its session
   cookie goes to the load client. Pages: the timeline, the timeline's page
   50 (reached by following the page's rel="next" "Older posts" link 49
   times, whatever the pagination), the class group page of Groep 3, the
   school page, a post with photos in Groep 3, the conversations list, and
   the login page anonymously. Each must answer 200 before it is measured.
4. Load: wrk (installed with apt-get when missing and running as root),
   else a Python client of threads over http.client (bench/loadclient.py).
   For the floor and each page, in ROUNDS interleaved rounds: requests per
   second at CONNECTIONS connections for SECONDS, then the median latency of
   SEQUENTIAL requests one after another on one connection; the table shows
   the medians of the rounds. Then the RSS of each worker of the portal
   before and after MEMORY_REQUESTS requests to the timeline.

Knobs (environment variables):

    BENCH_PAGES_POSTS=10000            posts added to the demo
    BENCH_PAGES_CHILDREN=1000          children in all (the demo's included)
    BENCH_PAGES_PARENTS=1500           parents in all (the demo's included)
    BENCH_PAGES_SECONDS=5              seconds of load per page per round, at CONNECTIONS connections
    BENCH_PAGES_CONNECTIONS=8
    BENCH_PAGES_SEQUENTIAL=200         requests at 1 connection per page per round
    BENCH_PAGES_ROUNDS=3
    BENCH_PAGES_TIMELINE_PAGE=50       the timeline page measured (the last one, when there are fewer)
    BENCH_PAGES_MEMORY_REQUESTS=10000  timeline requests between the two memory readings (0: none)
    BENCH_PAGES_CLIENT=auto            auto, wrk or python
    BENCH_PAGES_CACHE=1                0: build the data anew and keep no copy

A quick run: BENCH_PAGES_POSTS=1000 BENCH_PAGES_SECONDS=1 BENCH_PAGES_SEQUENTIAL=20
BENCH_PAGES_ROUNDS=1 BENCH_PAGES_MEMORY_REQUESTS=200 BENCH_PAGES_TIMELINE_PAGE=5.
"""

import json
import os
import platform
import statistics
import time
from importlib.metadata import version

import pytest

from bench import loadclient
from bench.pages import RESULTS, Gunicorn, cookie_header, django_env, get, login, next_link, prepare_data

KNOBS = {
    "posts": int(os.environ.get("BENCH_PAGES_POSTS", 10_000)),
    "children": int(os.environ.get("BENCH_PAGES_CHILDREN", 1_000)),
    "parents": int(os.environ.get("BENCH_PAGES_PARENTS", 1_500)),
}
SECONDS = float(os.environ.get("BENCH_PAGES_SECONDS", 5))
CONNECTIONS = int(os.environ.get("BENCH_PAGES_CONNECTIONS", 8))
SEQUENTIAL = int(os.environ.get("BENCH_PAGES_SEQUENTIAL", 200))
ROUNDS = int(os.environ.get("BENCH_PAGES_ROUNDS", 3))
TIMELINE_PAGE = int(os.environ.get("BENCH_PAGES_TIMELINE_PAGE", 50))
MEMORY_REQUESTS = int(os.environ.get("BENCH_PAGES_MEMORY_REQUESTS", 10_000))
CLIENT = os.environ.get("BENCH_PAGES_CLIENT", "auto")
USE_CACHE = os.environ.get("BENCH_PAGES_CACHE", "1") != "0"
WORKERS = 2
WARM_UP = 6  # requests per page before the rounds (templates, renditions, caches of both workers)


def follow_older(base, start, cookies, page):
    """The path of the timeline's page `page`, by following rel="next" from `start`; (path, page reached)."""
    path, reached = start, 1
    while reached < page:
        status, _, body = get(base, path, cookies)
        if status != 200:
            pytest.fail(f"{path} answered {status} while following the older-posts links")
        older = next_link(body, path)
        if older is None:
            break
        path, reached = older, reached + 1
    return path, reached


def pages_of(manifest, base, cookies):
    """[(label, path, cookies or None)] of the portal's measured pages."""
    paths = manifest["paths"]
    older, reached = follow_older(base, "/tijdlijn/", cookies, TIMELINE_PAGE)
    page_label = f"timeline, page {reached}" + ("" if reached == TIMELINE_PAGE else " (the last)")
    return [
        ("timeline", "/tijdlijn/", cookies),
        (page_label, older, cookies),
        (f"class group page ({manifest['titles']['class_group']})", paths["class_group"], cookies),
        (f"school page ({manifest['titles']['school']})", paths["school"], cookies),
        ("post with photos", paths["post_with_photos"], cookies),
        ("conversations", "/gesprekken/", cookies),
        ("login page, anonymous", "/accounts/login/", None),
    ]


def check_answers(base, label, path, cookies):
    status, headers, body = get(base, path, cookies)
    if status != 200:
        where = headers.get("Location")
        pytest.fail(
            f"{label}: {path} answered {status}{f' (to {where})' if where else ''} instead of 200; nothing measured"
        )
    return len(body.encode())


def mib(kib):
    return round(kib / 1024, 1) if kib is not None else None


def test_pages_beside_the_floor(tmp_path):
    run_started = time.perf_counter()
    load_at_start = os.getloadavg()
    manifest, data_how, data_seconds = prepare_data(tmp_path / "data", KNOBS, use_cache=USE_CACHE)
    loader = loadclient.client(CLIENT)
    floor = Gunicorn(
        "floor",
        "bench.floor.wsgi:application",
        django_env(tmp_path / "data", "bench.floor.settings"),
        tmp_path / "floor.log",
    )
    app = Gunicorn("portal", "school_site.wsgi:application", django_env(tmp_path / "data"), tmp_path / "portal.log")
    rounds = []
    memory = {}
    survivors = {}
    try:
        for server, ready in ((floor, "/"), (app, "/accounts/login/")):
            try:
                server.start(ready)
            except RuntimeError as error:
                pytest.fail(f"the {server.name} server could not start: {error}")
        try:
            cookies = login(app.base, manifest["user"], manifest["password"])
        except RuntimeError as error:
            pytest.fail(f"{error}\n{app.log_tail()}")
        targets = [("floor (bare Django view)", floor, "/", None)]
        targets += [(label, app, path, jar) for label, path, jar in pages_of(manifest, app.base, cookies)]
        sizes = {label: check_answers(server.base, label, path, jar) for label, server, path, jar in targets}

        def headers(jar):
            return {"Cookie": cookie_header(jar)} if jar else {}

        warm = loadclient.PythonClient()
        for _, server, path, jar in targets:
            warm.fixed(server.base + path, headers(jar), 2, WARM_UP)
        memory["after warm-up"] = app.rss()
        memory["floor after warm-up"] = floor.rss()

        for number in range(ROUNDS):
            results = {}
            for label, server, path, jar in targets:
                url = server.base + path
                loaded = loader.throughput(url, headers(jar), CONNECTIONS, SECONDS)
                one = loader.sequential(url, headers(jar), SEQUENTIAL)
                results[label] = {"load": loaded.as_dict(), "sequential": one.as_dict()}
                print(
                    f"round {number + 1}: {label:38} {loaded.per_second:9.1f} req/s  {one.median_ms:8.2f} ms median",
                    flush=True,
                )
            rounds.append(results)

        memory_run = None
        if MEMORY_REQUESTS:
            memory["before"] = app.rss()
            timeline = app.base + "/tijdlijn/"
            memory_run = loader.fixed(timeline, headers(cookies), CONNECTIONS, MEMORY_REQUESTS).as_dict()
            memory["after"] = app.rss()
        portal_log = app.log_tail(20_000)
    finally:
        for server in (app, floor):
            survivors[server.name] = server.stop()
    assert not any(survivors.values()), f"processes outlived the servers: {survivors}"

    # The medians of the rounds, and the report.
    rows = []
    for label, _server, path, _ in targets:
        per_second = statistics.median(r[label]["load"]["per_second"] for r in rounds)
        median_ms = statistics.median(r[label]["sequential"]["median_ms"] for r in rounds)
        errors = sum(r[label]["load"]["errors"] + r[label]["sequential"]["errors"] for r in rounds)
        rows.append({"page": label, "path": path, "req_per_s": per_second, "median_ms": median_ms, "errors": errors})
    floor_rate = rows[0]["req_per_s"]
    for row in rows:
        row["share_of_floor"] = row["req_per_s"] / floor_rate if floor_rate else None
        row["html_bytes"] = sizes[row["page"]]

    total = time.perf_counter() - run_started
    summary = {
        "benchmark": "pages",
        "database": "sqlite",
        "data": {**KNOBS, **manifest["counts"], "how": data_how, "seconds": round(data_seconds, 1)},
        "servers": f"gunicorn {version('gunicorn')}, {WORKERS} sync workers each, 127.0.0.1",
        "load_client": loader.name,
        "connections": CONNECTIONS,
        "seconds_per_load": SECONDS,
        "sequential_requests": SEQUENTIAL,
        "rounds": ROUNDS,
        "user": manifest["user"],
        "pages": rows,
        "rounds_raw": rounds,
        "memory_kib": {stage: {str(pid): kib for pid, kib in workers.items()} for stage, workers in memory.items()},
        "memory_run": memory_run,
        "run_seconds": round(total, 1),
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pages-sqlite.json").write_text(json.dumps(summary, indent=2) + "\n")

    counts = manifest["counts"]
    lines = [
        f"Pages benchmark, SQLite: {counts['live_posts']} live posts in {counts['groups']} groups "
        f"({counts['posts_in_measured_users_groups']} in the {len(counts['measured_users_groups'])} groups of "
        f"{manifest['user']}), {counts['children']} children, {counts['parents']} parents; data {data_how} "
        f"in {data_seconds:.0f} s",
        f"Servers: {summary['servers']}; load client: {loader.name}",
        f"Medians of {ROUNDS} interleaved rounds: {SECONDS:g} s at {CONNECTIONS} connections, "
        f"{SEQUENTIAL} requests at 1 connection; load average at start {load_at_start[0]:.2f} on {os.cpu_count()} cores",
        "",
        f"{'page':40} | {f'req/s at {CONNECTIONS} conn':>16} | {'median ms at 1 conn':>19} | {'share of floor':>14} | errors",
    ]
    for row in rows:
        share = f"{row['share_of_floor']:.2%}" if row["share_of_floor"] is not None else "-"
        lines.append(
            f"{row['page']:40} | {row['req_per_s']:16.1f} | {row['median_ms']:19.2f} | {share:>14} | {row['errors']}"
        )
    lines.append("")
    if memory_run:
        lines.append(
            f"Portal workers' RSS (MiB) around {memory_run['requests']} timeline requests at {CONNECTIONS} connections "
            f"({memory_run['per_second']:.1f} req/s, {memory_run['errors']} errors):"
        )
    else:
        lines.append("Portal workers' RSS (MiB):")
    stages = [stage for stage in ("after warm-up", "before", "after") if stage in memory]
    pids = sorted({pid for stage in stages for pid in memory[stage]})
    lines.append(f"{'worker':>10} | " + " | ".join(f"{stage:>13}" for stage in stages))
    for pid in pids:
        lines.append(f"{pid:>10} | " + " | ".join(f"{mib(memory[stage].get(pid)) or '-':>13}" for stage in stages))
    lines.append(
        f"{'sum':>10} | "
        + " | ".join(f"{mib(sum(kib or 0 for kib in memory[stage].values())):>13}" for stage in stages)
    )
    floor_rss = memory.get("floor after warm-up", {})
    lines.append(f"Floor workers' RSS after warm-up (MiB): {', '.join(str(mib(kib)) for kib in floor_rss.values())}")
    lines.append(f"Both servers stopped, no process left; the run took {total:.0f} s.")
    text = "\n".join(lines) + "\n"
    (RESULTS / "pages-sqlite.txt").write_text(text)
    print("\n" + text)

    failing = [row for row in rows if row["errors"]]
    if memory_run and memory_run["errors"]:
        failing.append({"page": "timeline (memory run)", "path": "/tijdlijn/", "errors": memory_run["errors"]})
    if failing:
        pytest.fail(
            "responses other than 200 (or socket errors) under load: "
            + ", ".join(f"{row['page']} {row['path']}: {row['errors']}" for row in failing)
            + f"\nportal log:\n{portal_log[-4000:]}"
        )
