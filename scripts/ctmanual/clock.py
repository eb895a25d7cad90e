"""Today's date for the build: what makes a referral record "over 12 months old".

`CTMANUAL_TODAY=YYYY-MM-DD` fixes it, for reproducible builds and for tests (in the spirit of
SOURCE_DATE_EPOCH); otherwise it is the system date.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "CTMANUAL_TODAY"


def today() -> dt.date:
    fixed = os.environ.get(ENV)
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()
