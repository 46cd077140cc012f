"""The geocoder: recognised toponyms of a parsed document, resolved against the compiled gazetteer."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from wirewatch.geo.gazetteer import Candidate, Gazetteer, index_path
from wirewatch.geo.recognize import recognise
from wirewatch.geo.resolve import resolve
from wirewatch.models import PlaceMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

SHIPPED_INDEX = "gazetteer.npz"


def shipped_index() -> Path:
    return Path(str(resources.files("wirewatch") / "data" / SHIPPED_INDEX))


class Geocoder:
    """Finds and resolves the places of a document. ``Geocoder.load()`` returns the process's one instance."""

    _instance: ClassVar[Geocoder | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @classmethod
    def load(cls, path: str | Path | None = None) -> Geocoder:
        """The geocoder over the compiled index: ``path``, else the index shipped in the package, else the cache
        file (built from the installed GeoNames packages on first use). Cached per process when ``path`` is None."""
        if path is not None:
            return cls(Gazetteer.open(path))
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls(Gazetteer.open(_find_index()))
            return cls._instance

    def places(self, doc: Doc, *, hints: Sequence[str] = (), countries: Sequence[str] = ()) -> list[PlaceMention]:
        """The places ``doc`` (a spaCy Doc run through the pipeline) names, in text order. ``hints`` are ISO 3166-1
        alpha-2 codes known from context (the outlet's country, the dateline); ``countries`` those the text's
        actors belong to (one vote each, as a demonym's)."""
        toponyms, demonym_countries = recognise(doc, self.gazetteer)
        votes = demonym_countries + [c.upper() for c in countries]
        resolved = resolve(toponyms, self.gazetteer, hints=[h.upper() for h in hints], demonym_countries=votes)
        text = doc.text  # built from the tokens on each access: once per document, not once per place
        return [
            PlaceMention(
                start=r.toponym.start,
                end=r.toponym.end,
                text=text[r.toponym.start : r.toponym.end],
                name=r.candidate.name,
                geonameid=r.candidate.geonameid,
                country=r.candidate.country or None,
                admin1=r.candidate.admin1 or None,
                lat=round(r.candidate.lat, 5),
                lon=round(r.candidate.lon, 5),
                feature=r.candidate.feature,
                score=round(1 / (1 + math.exp(-(r.score - 6.0))), 4),
            )
            for r in resolved
        ]

    def lookup(self, name: str) -> list[Candidate]:
        """Every gazetteer place known by ``name`` (normalised: case, accents, apostrophes), most populous first."""
        return self.gazetteer.lookup(name)

    def country_of_demonym(self, word: str) -> str | None:
        """ "Iraqi", "Iraqis" -> "IQ"; None when ``word`` is not a demonym the gazetteer knows."""
        return self.gazetteer.demonym(word)


# Country-code domains used as generic ones (.co, .io, .tv, .me ...): they say nothing about an outlet's country.
GENERIC_CCTLDS = frozenset(
    "ac ad ag ai am as bz cc cd co cx dj fm gd gg gl gs im io je la ly me ms mu nu pw sc sh so st tk to tv vc vg ws".split()  # noqa: SIM905
)


def outlet_country(url: str | None) -> str | None:
    """The country an article's address names by its country-code domain: "https://www.thedailystar.net/..." ->
    None, "https://www.dawn.com.pk/x" -> "PK", "bbc.co.uk" -> "GB"; None for generic and generic-use domains."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    tld = host.rstrip(".").rpartition(".")[2].lower()
    if len(tld) != 2 or tld in GENERIC_CCTLDS:
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in _country_codes() else None


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _find_index() -> Path:
    shipped = shipped_index()
    if shipped.exists():
        return shipped
    cached = index_path()
    if not cached.exists():
        from wirewatch.geo.build import compile_gazetteer

        log.warning("gazetteer index not found: compiling %s from the installed GeoNames packages (~20 s, once)", cached)
        compile_gazetteer(cached)
    return cached
