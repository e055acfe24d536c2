"""The pinned clock, for tests whose result would otherwise depend on the day they run.

A module (or one test) pins it with time-machine's marker:

    pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

and writes its dates relative to it (NEXT_YEAR, TOMORROW), never as a fixed year that
will one day be in the past, nor as "tomorrow" computed when the module is imported.

NOW is 00:30 on 16 June in Brussels while it is still 15 June in UTC, so a rule that
takes "today" from the wrong clock fails here instead of between midnight and 02:00.
Keep NOW in the past: PostgreSQL checks some dates against its own clock (a signing
date "not in the future"), which time-machine does not move.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

NOW = datetime(2026, 6, 15, 22, 30, tzinfo=UTC)
TODAY = NOW.astimezone(ZoneInfo(settings.TIME_ZONE)).date()  # 16 June, the site's date
TOMORROW = TODAY + timedelta(days=1)
NEXT_YEAR = NOW.year + 1
