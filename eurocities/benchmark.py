"""Pieces of the benchmark (scripts/bench.py, `make bench`) that need no server:
the pages it measures, reading wrk's output and /proc, and the result table.

Plain Python without Django, so the runner can import it before any settings exist.
"""

import os
import re
from dataclasses import dataclass, field

FLOOR = "floor"

# (name, address, kind). Kinds: "list" pages are held to 10x the floor's CPU per
# request, "detail" pages to 8x; "feed" and "other" only to the latency target.
# {article}, {event}, {publication} and {topic} are filled in from the database.
PAGES = [
    (FLOOR, "/bench/floor/", "floor"),
    ("home", "/", "list"),
    ("topic page", "/topics/{topic}/", "list"),
    ("topic page 400", "/topics/{topic}/?page=400", "list"),
    ("news", "/news/", "list"),
    ("news page 400", "/news/?page=400", "list"),
    ("news, two facets", "/news/?kind=news&theme={topic}", "list"),
    ("events", "/events/", "list"),
    ("past events page 400", "/events/past/?page=400", "list"),
    ("documents", "/publications/", "list"),
    ("documents page 400", "/publications/?page=400", "list"),
    ("search ?q=housing", "/search/?q=housing", "list"),
    ("search, a facet", "/search/?q=housing&kind=event", "list"),
    ("article", "/news/{article}/", "detail"),
    ("event", "/events/{event}/", "detail"),
    ("publication", "/publications/{publication}/", "detail"),
    ("news RSS", "/feeds/news/", "feed"),
    ("topic RSS", "/topics/{topic}/feed/", "feed"),
    ("upcoming.ics", "/events/upcoming.ics", "feed"),
    ("sitemap.xml", "/sitemap.xml", "feed"),
]
LIMITS = {"list": 10, "detail": 8}
CACHED_LIMIT = 1.5
P99_LIMIT_MS = 50
MAX_QUERIES = 10

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class Result:
    name: str
    kind: str
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_ms: float = 0.0
    errors: int = 0
    queries: int | None = None
    size_bytes: int | None = None
    notes: list = field(default_factory=list)


def duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"Not a wrk duration: {text!r}")
    return float(match[1]) * UNITS_MS[match[2]]


def parse_wrk(output):
    """requests, requests/s, p50 and p99 (ms) and errors from `wrk --latency` output."""
    requests = re.search(r"^\s*(\d+) requests in", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (requests and rps and p50 and p99):
        raise ValueError("wrk printed no latency distribution:\n" + output)
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|timeout|connect|read|write):?\s*(\d+)", output
        )
    )
    return {
        "requests": int(requests[1]),
        "rps": float(rps[1]),
        "p50_ms": duration_ms(p50[1]),
        "p99_ms": duration_ms(p99[1]),
        "errors": errors,
    }


def cpu_ticks(pid):
    """user + sys clock ticks a process has used (fields 14 and 15 of /proc/pid/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(child) for child in handle.read().split()]
    return found


def ticks_to_ms(ticks):
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def verdicts(result, floor_cpu, cached=False, full_scale=False):
    """The targets a result misses, as short texts (empty when it meets them all)."""
    misses = []
    ratio = result.cpu_ms / floor_cpu if floor_cpu else 0
    if cached and result.kind != FLOOR and ratio > CACHED_LIMIT:
        misses.append(f"cached > {CACHED_LIMIT}x floor")
    if not cached and result.kind in LIMITS and ratio > LIMITS[result.kind]:
        misses.append(f"> {LIMITS[result.kind]}x floor")
    if full_scale and result.kind in {"list", "feed"} and result.p99_ms > P99_LIMIT_MS:
        misses.append(f"p99 > {P99_LIMIT_MS} ms")
    if result.queries is not None and result.queries > MAX_QUERIES:
        misses.append(f"> {MAX_QUERIES} queries")
    if result.errors:
        misses.append(f"{result.errors} errors")
    return misses


def format_table(title, results, cached=False, full_scale=False):
    floor = next((r for r in results if r.kind == FLOOR), None)
    floor_cpu = floor.cpu_ms if floor else 0
    header = (
        f"{'page':<24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>10} "
        f"{'x floor':>8} {'queries':>7} {'KB':>7}  notes"
    )
    lines = [title, header, "-" * len(header)]
    for r in results:
        ratio = f"{r.cpu_ms / floor_cpu:.1f}" if floor_cpu else "-"
        queries = "-" if r.queries is None else str(r.queries)
        size = "-" if r.size_bytes is None else f"{r.size_bytes / 1024:.0f}"
        notes = r.notes + verdicts(r, floor_cpu, cached=cached, full_scale=full_scale)
        lines.append(
            f"{r.name:<24} {r.rps:>8.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} {r.cpu_ms:>10.2f} "
            f"{ratio:>8} {queries:>7} {size:>7}  {'; '.join(notes) or 'ok'}"
        )
    return "\n".join(lines)
