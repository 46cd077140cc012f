"""The compiled gazetteer: flat arrays in one ``.npz`` file, looked up by the 64-bit hash of a normalised name.

Layout (written by :mod:`wirewatch.geo.build`): per place ``lat``, ``lon`` (float32), ``population``, ``geonameid``,
``feature``, ``country``, ``admin1`` (indices into the lists in ``meta``) and its display name (``names``, one
NUL-separated UTF-8 blob); per (name, place) pair, sorted by hash: ``key_hash``, ``key_place``, ``key_primary``
(the place's own name or an official/English name, as opposed to a GeoNames alternate name).
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wirewatch.geo.names import key, normalize

log = logging.getLogger(__name__)

CACHE_ENV = "WIREWATCH_CACHE"
INDEX_NAME = "gazetteer-v1.npz"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer place a name may refer to."""

    index: int
    name: str
    feature: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    geonameid: int | None
    primary: bool  # matched on the place's own (or official/English) name, not on an alternate name


def index_path() -> Path:
    """Where the compiled index is kept: ``$WIREWATCH_CACHE`` or ``~/.cache/wirewatch`` (``$XDG_CACHE_HOME``)."""
    base = os.environ.get(CACHE_ENV) or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wirewatch"
    return Path(base) / INDEX_NAME


class Gazetteer:
    """Read-only lookups over the compiled arrays."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        self.features: list[str] = meta["features"]
        self.countries: list[str] = meta["countries"]
        self.admin1s: list[str] = meta["admin1"]
        self.demonyms: dict[str, str] = meta["demonyms"]
        self.state_codes: dict[str, int] = meta.get("state_codes", {})  # "IL" -> the Illinois admin1 row
        self.key_hash = arrays["key_hash"]
        self.key_place = arrays["key_place"]
        self.key_primary = arrays["key_primary"]
        self.lat, self.lon = arrays["lat"], arrays["lon"]
        self.population, self.geonameid = arrays["population"], arrays["geonameid"]
        self.feature, self.country, self.admin1 = arrays["feature"], arrays["country"], arrays["admin1"]
        blob = arrays["names"].tobytes()
        self._name_starts = np.concatenate(([0], np.flatnonzero(arrays["names"] == 0) + 1)).astype(np.int64)
        self._names = blob

    @classmethod
    def open(cls, path: str | Path) -> Gazetteer:
        started = time.perf_counter()
        with np.load(path) as data:
            arrays = {name: data[name] for name in data.files}
        gazetteer = cls(arrays)
        log.debug("gazetteer %s loaded in %.2f s", path, time.perf_counter() - started)
        return gazetteer

    def __len__(self) -> int:
        return len(self.lat)

    def name(self, index: int) -> str:
        start = int(self._name_starts[index])
        end = int(self._name_starts[index + 1]) - 1 if index + 1 < len(self._name_starts) else len(self._names)
        return self._names[start:end].decode("utf-8")

    def candidate(self, index: int, primary: bool = True) -> Candidate:
        gid = int(self.geonameid[index])
        return Candidate(
            index,
            self.name(index),
            self.features[self.feature[index]],
            self.countries[self.country[index]],
            self.admin1s[self.admin1[index]],
            float(self.lat[index]),
            float(self.lon[index]),
            int(self.population[index]),
            gid or None,
            primary,
        )

    def lookup(self, name: str) -> list[Candidate]:
        """Every place indexed under ``name`` (normalised), most populous first."""
        if not normalize(name):
            return []
        h = np.uint64(key(name))
        lo, hi = np.searchsorted(self.key_hash, h, "left"), np.searchsorted(self.key_hash, h, "right")
        found = [self.candidate(int(self.key_place[i]), bool(self.key_primary[i])) for i in range(lo, hi)]
        return sorted(found, key=lambda c: (-c.population, c.index))

    def contains(self, name: str) -> bool:
        h = np.uint64(key(name))
        i = int(np.searchsorted(self.key_hash, h, "left"))
        return i < len(self.key_hash) and self.key_hash[i] == h

    def state_code(self, text: str) -> Candidate | None:
        """The first-level division a postal code names ("IL", "ON"; upper case only: "in", "or" are words)."""
        index = self.state_codes.get(text.strip())
        return None if index is None else self.candidate(index)

    def demonym(self, word: str) -> str | None:
        """The country a demonym refers to ("Iraqi", "Iraqis" -> "IQ"), else None."""
        norm = normalize(word)
        if norm in self.demonyms:
            return self.demonyms[norm]
        if norm.endswith("s") and norm[:-1] in self.demonyms:
            return self.demonyms[norm[:-1]]
        return None
