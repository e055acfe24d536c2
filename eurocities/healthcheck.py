"""The container's health check: `python -m eurocities.healthcheck [/readyz]`.

Asks gunicorn on 127.0.0.1:8000 with the Host header of the first ALLOWED_HOSTS
entry, so the check passes with the real domain configured (a bare 127.0.0.1 request
would get 400 Bad Request). Exit 0 on a 200 answer, 1 otherwise. No Django import:
it runs every few seconds.
"""

import os
import sys
import urllib.error
import urllib.request


def host_header(allowed_hosts):
    for entry in allowed_hosts.split(","):
        entry = entry.strip().lstrip(".")
        if entry and entry != "*":
            return entry
    return "localhost"


def main(path="/readyz"):
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": host_header(os.environ.get("ALLOWED_HOSTS", ""))},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        sys.stderr.write(f"{path}: {error}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
