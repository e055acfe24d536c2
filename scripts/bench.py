"""The benchmark behind `make bench` (see docs/performance.md).

For each size (demo content, then 100,000 articles, 20,000 events and 10,000
publications) it prepares a PostgreSQL database, starts gunicorn (2 sync
workers) on 127.0.0.1, runs wrk against every page of eurocities.benchmark.PAGES
and prints requests/s, p50, p99, the workers' CPU time per request (user+sys
from /proc, the figure that stays stable on a shared machine), its ratio to the
floor (a minimal view on the same server) and the SQL queries per page. Pages
are measured uncached, then through the page cache. Everything it starts is
stopped on the way out, whatever happens.

Environment: BENCH_DEMO_DATABASE_URL, BENCH_SCALE_DATABASE_URL (created when
missing; the scale one is filled by seed_scale when empty), BENCH_REDIS_URL (a
Redis database the bench may empty), BENCH_PORT.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eurocities.benchmark import (  # noqa: E402
    FLOOR,
    Result,
    children,
    cpu_ticks,
    format_table,
    parse_wrk,
    ticks_to_ms,
)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SIZES = {
    "demo": {"env": "BENCH_DEMO_DATABASE_URL", "db": "eurocities_bench_demo", "seed": None},
    "scale": {
        "env": "BENCH_SCALE_DATABASE_URL",
        "db": "eurocities_bench_scale",
        "seed": {"articles": 100000, "events": 20000, "publications": 10000, "cities": 300},
    },
}

started = []  # gunicorn processes to stop on the way out
SLOW_PAGE_TIMEOUT = 300  # seconds: a page that is slow at full scale is measured, not fatal


def log(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def manage(env, *args, capture=False):
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    if capture:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
        return done.stdout
    # Progress (seed_scale's, load_demo's) goes to stderr; stdout is the results.
    subprocess.run(command, env=env, check=True, stdout=sys.stderr)
    return None


def ensure_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    params = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username}
    if parts.password:
        params["password"] = parts.password
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            admin.execute(f'CREATE DATABASE "{name}"')
    return params, name


def article_count(params, name):
    import psycopg

    with psycopg.connect(dbname=name, **params) as conn:
        return conn.execute("SELECT count(*) FROM content_article").fetchone()[0]


def prepare(size, env):
    spec = SIZES[size]
    params, name = ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--no-input", "-v0")
    count = article_count(params, name)
    seed = spec["seed"]
    if seed is None:
        if count == 0:
            manage(env, "load_demo")
        return
    if count >= seed["articles"]:
        log(f"{name} already holds {count} articles: reusing it")
        return
    if count:
        sys.exit(
            f"{name} holds {count} articles, fewer than {seed['articles']}: drop it "
            "(dropdb) or point BENCH_SCALE_DATABASE_URL at an empty database."
        )
    manage(env, "seed_scale", *[f"--{key}={value}" for key, value in seed.items()])


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def start_server(env, port):
    process = subprocess.Popen(
        [
            GUNICORN,
            "eurocities.bench_wsgi:application",
            # Over gunicorn.conf.py (read from the working directory): its worker
            # recycling would replace a worker mid-measurement, and its access log
            # would mix with the results on stdout.
            "--max-requests=0",
            "--access-logfile=/dev/null",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    started.append(process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn stopped while starting")
        try:
            workers = children(process.pid)
            if len(workers) == 2 and get(f"http://127.0.0.1:{port}/bench/floor/")[0] == 200:
                return process, workers
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer within 60 s")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    started.remove(process)


def run_wrk(url, args, duration=None):
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={duration or args.duration}s",
        "--timeout=10s",
        "--latency",
        url,
    ]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def measure(pages, port, workers, args):
    results = []
    for page in pages:
        url = f"http://127.0.0.1:{port}{page['url']}"
        for _ in range(args.warmup):  # the page's first, slowest requests one by one
            get(url, timeout=SLOW_PAGE_TIMEOUT)
        # Requests one by one may all reach one worker: a second of wrk reaches every
        # worker, so that none fills its caches (or compiles its templates) in the run.
        run_wrk(url, args, duration=1)
        get(f"http://127.0.0.1:{port}/bench/floor/", timeout=SLOW_PAGE_TIMEOUT)
        before = sum(cpu_ticks(pid) for pid in workers)
        figures = parse_wrk(run_wrk(url, args))
        # A page slower than wrk's window leaves requests queued in gunicorn: let them
        # finish (their CPU counts for this page) before the next page starts.
        get(f"http://127.0.0.1:{port}/bench/floor/", timeout=SLOW_PAGE_TIMEOUT)
        used = sum(cpu_ticks(pid) for pid in workers) - before
        result = Result(
            name=page["name"],
            kind=page["kind"],
            requests=figures["requests"],
            rps=figures["rps"],
            p50_ms=figures["p50_ms"],
            p99_ms=figures["p99_ms"],
            errors=figures["errors"],
            cpu_ms=ticks_to_ms(used) / max(1, figures["requests"]),
            queries=page.get("queries"),
            size_bytes=page.get("bytes"),
        )
        if page.get("status", 200) != 200:
            result.notes.append(f"status {page['status']}")
        log(f"  {result.name}: {result.rps:.0f} req/s, {result.cpu_ms:.2f} ms CPU")
        results.append(result)
    return results


def bench_size(size, args, base_env):
    env = {**base_env, "DATABASE_URL": os.environ.get(SIZES[size]["env"]) or default_url(size)}
    log(f"== {size}: preparing {urlsplit(env['DATABASE_URL']).path.lstrip('/')}")
    prepare(size, env)
    # Queries as on a page nothing is kept for (the facet counts' query included); the
    # counts of a cold full-scale topic page take seconds, so no statement timeout.
    counting = {**env, "PAGE_CACHE": "off", "SHARED_CACHE": "off", "DB_STATEMENT_TIMEOUT": "0"}
    output = manage(counting, "bench_queries", capture=True)
    pages = json.loads(output.strip().splitlines()[-1])  # after any log lines
    if args.only:
        wanted = set(args.only.split(","))
        pages = [p for p in pages if p["kind"] == FLOOR or p["name"] in wanted]
    full_scale = SIZES[size]["seed"] is not None
    tables, floor = [], None
    import redis

    for label, server_env in modes(args):
        cached = server_env["PAGE_CACHE"] == "on"
        log(f"== {size}, {label}")
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # nothing kept from a run before
        server, workers = start_server({**env, **server_env}, args.port)
        try:
            # The floor never goes through the page cache: it is measured on the uncached
            # server and that figure stays the reference for the other tables.
            measured = [p for p in pages if not (floor and p["kind"] == FLOOR)]
            results = measure(measured, args.port, workers, args)
        finally:
            stop_server(server)
        if floor:
            results = [floor, *results]
        else:
            floor = next(r for r in results if r.kind == FLOOR)
        title = f"{size} ({pages_summary(env)}), {label}"
        tables.append(format_table(title, results, cached=cached, full_scale=full_scale))
    return tables


def modes(args):
    """(label, server settings) of each pass. Uncached is without the page cache; the
    facet counts are kept in the shared cache as in production (counted once per
    version of content and filter). `--cold` adds a pass that keeps nothing."""
    yield "uncached", {"PAGE_CACHE": "off"}
    if args.cold:
        yield "uncached, counts not kept", {"PAGE_CACHE": "off", "SHARED_CACHE": "off"}
    if not args.no_cached:
        yield "page cache on", {"PAGE_CACHE": "on"}


def pages_summary(env):
    params, name = ensure_database(env["DATABASE_URL"])
    return f"{article_count(params, name)} articles in {name}"


def default_url(size):
    return f"postgres://postgres@127.0.0.1:5432/{SIZES[size]['db']}"


def stop_everything(*_args):
    for process in list(started):
        stop_server(process)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="demo,scale", help="demo, scale or both")
    parser.add_argument("--only", help="comma-separated page names (the floor always runs)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8600")))
    parser.add_argument("--no-cached", action="store_true", help="skip the page-cache run")
    parser.add_argument(
        "--cold", action="store_true", help="also run uncached with no facet counts kept"
    )
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, stop_everything)
    signal.signal(signal.SIGINT, stop_everything)
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    base_env = {
        **os.environ,
        "DEBUG": "off",
        "HTTPS": "off",
        "SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "600"),
    }
    manage({**base_env, "DATABASE_URL": "sqlite:///:memory:"}, "collectstatic", "--no-input", "-v0")
    command = " ".join(["make bench", *sys.argv[1:]])
    say(
        f"$ {command}\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} CPUs, wrk {args.connections} connections, {args.duration} s per page"
    )
    try:
        for size in args.sizes.split(","):
            for table in bench_size(size.strip(), args, base_env):
                say("\n" + table)
    finally:
        for process in list(started):
            stop_server(process)
        subprocess.run(["rm", "-rf", static_root], check=False)


if __name__ == "__main__":
    main()
