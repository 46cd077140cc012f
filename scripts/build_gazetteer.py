"""Compile the gazetteer index from the installed GeoNames packages and src/wirewatch/data/place_aliases.tsv.

    python scripts/build_gazetteer.py [OUT]

OUT defaults to the index shipped in the package (``src/wirewatch/data/gazetteer.npz``), which ``Geocoder.load()``
reads; when that file is missing, ``Geocoder.load()`` builds the same index into the user cache on first use
(``wirewatch.geo.gazetteer.index_path()``). The same package versions and alias table give the same index.
"""

from __future__ import annotations

import logging
import sys
import time

from wirewatch.geo.build import compile_gazetteer
from wirewatch.geo.geocoder import shipped_index


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = argv[1] if len(argv) > 1 else shipped_index()
    started = time.perf_counter()
    path = compile_gazetteer(out)
    logging.info("built in %.1f s, %.1f MB", time.perf_counter() - started, path.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
