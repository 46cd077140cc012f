"""The compiled gazetteer: lookups, normalisation, load time and memory."""

from __future__ import annotations

import subprocess
import sys

from wirewatch.geo import Geocoder
from wirewatch.geo.geocoder import shipped_index
from wirewatch.geo.names import normalize, strip_admin_words


def test_names_normalise_accents_apostrophes_and_dashes() -> None:
    assert normalize("Sa'dah") == normalize("Sa`dah") == normalize("SA’DAH") == "sadah"
    assert normalize("Deir al-Balah") == "deir al balah"
    assert normalize("the Gaza Strip") == "gaza strip"
    assert strip_admin_words("muhafazat al hudaydah") == "al hudaydah"
    assert strip_admin_words("hajjah governorate") == "hajjah"


def test_lookup_finds_geonames_places_aliases_and_admin_units() -> None:
    geocoder = Geocoder.load()
    assert geocoder.lookup("Baghdad")[0].country == "IQ"
    assert geocoder.lookup("Hodeidah")[0].geonameid == 79415  # an alias-table spelling of Al Hudaydah
    assert {c.feature for c in geocoder.lookup("Rapides Parish")} == {"admin2"}
    assert any(c.feature == "water" for c in geocoder.lookup("Red Sea"))
    assert any(c.country == "US" and c.feature == "admin1" for c in geocoder.lookup("W.Va."))
    assert geocoder.lookup("Xyzzyplugh") == []


def test_shipped_index_loads_fast_and_small() -> None:
    code = (
        "import time; t=time.perf_counter(); from wirewatch.geo import Geocoder; g=Geocoder.load(); "
        "g.lookup('Tyre'); print(time.perf_counter()-t); "
        "print(int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    seconds, rss_kb = float(out[0]), int(out[1])
    assert shipped_index().stat().st_size < 25_000_000
    assert seconds < 2.0, f"gazetteer took {seconds:.2f} s to load"
    assert rss_kb < 300 * 1024, f"gazetteer process holds {rss_kb / 1024:.0f} MB"


def test_provinces_islands_former_names_and_postal_codes_are_indexed() -> None:
    geocoder = Geocoder.load()
    assert any(c.country == "PH" and c.feature == "admin2" for c in geocoder.lookup("Pangasinan"))  # "Province of …"
    assert geocoder.lookup("Java")[0].country == "ID"
    assert geocoder.lookup("Macedonia")[0].country == "MK"
    illinois = geocoder.gazetteer.state_code("IL")
    assert illinois is not None and illinois.name == "Illinois"
    assert geocoder.gazetteer.state_code("il") is None  # lower case is a word, not a code


def test_subdivisions_fill_districts_and_english_names_but_not_shortenings_or_towns() -> None:
    geocoder = Geocoder.load()
    assert strip_admin_words("kurigram sadar upazila") == "kurigram"  # suffixes stripped one after another
    rajbari = [c for c in geocoder.lookup("Rajbari") if c.country == "BD"]  # no GeoNames town of 1,000+ reveals it
    assert rajbari and rajbari[0].feature == "admin2" and abs(rajbari[0].lat - 23.7) < 0.3
    assert any(c.country == "NP" and c.feature == "admin1" for c in geocoder.lookup("Koshi"))  # a province since 2015
    nineveh = [c for c in geocoder.lookup("Nineveh") if c.country == "IQ"]
    assert nineveh and nineveh[0].name == "Ninawa"  # an English name of a governorate already there
    assert not any(c.country == "KI" for c in geocoder.lookup("Line"))  # "Line" of "Line Islands"
    assert [c.feature for c in geocoder.lookup("Cairo") if c.country == "EG"] == ["capital"]  # not the governorate
