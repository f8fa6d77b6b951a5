"""Timing one page the way a visitor would load it, for the benchmarks of `make bench`."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure(client, url, repeat):
    """Load `url` once to warm up, then `repeat` times: the times (ms) and the queries of one more load."""
    response = client.get(url)
    assert response.status_code == 200, url  # the warm-up; renditions are made here
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "url": url,
        "requests": repeat,
        "min_ms": round(timings[0], 2),
        "median_ms": round(statistics.median(timings), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "p90_ms": round(timings[int(len(timings) * 0.9) - 1], 2),
        "max_ms": round(timings[-1], 2),
        "queries": len(queries.captured_queries),
        "slowest_query_ms": round(max(float(q["time"]) for q in queries.captured_queries) * 1000, 2),
    }
