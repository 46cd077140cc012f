"""wirewatch: raw news in; clean, deduplicated articles out, each traceable to the bytes it came from.

Public API::

    import wirewatch
    report = wirewatch.ingest(["pages/", "feed.jsonl.gz"], db="news.db")
    with wirewatch.open("news.db") as db:
        for article in db.articles():
            ...
        frame = db.articles_df()
"""

from __future__ import annotations

import logging

from wirewatch.errors import WirewatchError
from wirewatch.pipeline import IngestReport, ingest
from wirewatch.store.database import Database
from wirewatch.store.database import open_database as open  # wirewatch.open(db), by design

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = ["Database", "IngestReport", "WirewatchError", "__version__", "ingest", "open"]
