"""Profile one page in-process with pyinstrument: render it N times uncached and
print where the time goes (docs/performance.md quotes the output).

    DATABASE_URL=postgres://... .venv/bin/python scripts/profile_page.py /news/ [N]
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eurocities.settings")
os.environ.setdefault("HTTPS", "off")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from pyinstrument import Profiler  # noqa: E402


def main():
    url = sys.argv[1]
    numbers = [arg for arg in sys.argv[2:] if arg.isdigit()]
    count = int(numbers[0]) if numbers else 50
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE=False, DEBUG=False):
        client.get(url)  # warm: templates compiled, content types cached
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(count):
            client.get(url)
        profiler.stop()
    sys.stdout.write(profiler.output_text(unicode=True, color=False, flat="--flat" in sys.argv))


if __name__ == "__main__":
    main()
