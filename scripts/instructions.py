"""Count the CPU instructions a request of each page costs, with valgrind's callgrind.

CPU time on a shared machine moves by 2x from run to run; the instructions one
request executes are the same for the same code and data whatever else the machine
is doing, so they measure what a change did (docs/performance.md quotes them).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eurocities_bench_scale \\
        .venv/bin/python scripts/instructions.py /bench/floor/ /news/ /topics/housing/

Each page runs in a process of its own under callgrind (about a minute each):
four warm-up requests through Django's test client, uncached, then REQUESTS (5)
counted ones. /bench/floor/ is the benchmark's minimal view (eurocities.bench_urls),
the figure to divide by. Needs valgrind (Debian's package) and Redis (REDIS_URL,
default db 7 here), so that what is kept per content version is kept, as on a
running site.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 4


def count_in_this_process(url, requests):
    """The part that runs under valgrind: collection is on only for the counted requests."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ROOT_URLCONF = "eurocities.bench_urls"
    client = Client(HTTP_HOST="127.0.0.1")

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    for _ in range(WARM_UP):
        get()
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
    for _ in range(requests):
        get()
    subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def totals(path):
    for line in Path(path).read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise SystemExit(f"callgrind wrote no totals in {path}")


def main():
    if sys.argv[1:2] == ["--counted"]:
        count_in_this_process(sys.argv[2], int(sys.argv[3]))
        return
    urls = sys.argv[1:]
    if not urls:
        raise SystemExit(__doc__)
    requests = int(os.environ.get("REQUESTS", "5"))
    work = Path(tempfile.mkdtemp(prefix="instructions-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eurocities.settings",
        "DEBUG": "off",
        "HTTPS": "off",
        "PAGE_CACHE": "off",
        "SECRET_KEY": "instructions-" + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(work / "static"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run(
        [python, str(ROOT / "manage.py"), "collectstatic", "--no-input", "-v0"], env=env, check=True
    )
    say(f"instructions per request ({requests} counted after {WARM_UP} warm-up requests)")
    for url in urls:
        out = work / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                python,
                __file__,
                "--counted",
                url,
                str(requests),
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        say(f"{totals(out) / requests / 1e6:10.1f} million  {url}")
        out.unlink()


if __name__ == "__main__":
    main()
