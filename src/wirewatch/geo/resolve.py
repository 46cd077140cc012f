"""Toponym resolution: pick, for each recognised name, the gazetteer place the document means.

Each candidate gets a score: a population prior (log10), a feature prior (countries, continents, reviewed regions
and seas above first-level divisions, above cities; counties only when named as such), a penalty when the name is
only a GeoNames alternate name, agreement with an explicit qualifier ("Greenville, Alabama"), and agreement with
the document's context — the countries and first-level divisions of the other places mentioned, the countries its
demonyms refer to, and the caller's hints (source country, dateline). Context is re-estimated from the choices and
the choice repeated (three rounds), so that "Alexandria" next to "Rapides Parish" ends in Louisiana and "Tyre" next
to "Lebanon" in Lebanon. Before the rounds, local candidates of different names that lie close together support each
other ("Paris" and "Henry County" in Tennessee), whatever is chosen.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from wirewatch.geo.gazetteer import Candidate, Gazetteer
from wirewatch.geo.names import ADMIN_WORDS, normalize, strip_admin_words
from wirewatch.geo.recognize import Toponym

FEATURE_PRIOR = {
    "country": 4.0,
    "continent": 3.5,
    "region": 3.0,
    "water": 3.0,
    "admin1": 1.0,
    "capital": 2.0,
    "district": 1.0,
    "city": 0.0,
    "admin2": -1.5,
}
ADMIN_FEATURES = frozenset({"admin1", "admin2", "district", "region"})
# kind words of units named after their seat town: South Asia's ("Kanker district") and Myanmar's ("Kutkai Township")
SOUTH_ASIAN_UNITS = {"district", "upazila", "upazilla", "sadar", "tehsil", "taluk", "taluka", "mandal", "zila", "zilla"}
SEAT_UNITS = frozenset(SOUTH_ASIAN_UNITS | {"subdivision", "township"})
ALTERNATE_PENALTY = 3.0
ADMIN_MATCH = 4.0
QUALIFIER_MATCH = 8.0
COUNTRY_CONTEXT = 3.0
ADMIN1_CONTEXT = 3.0
ADMIN1_VOTES = 2.0  # other mentions in a division that give its full weight
HINT_WEIGHT = 2.0
PROXIMITY = 3.0
NEAR_KM = 150.0
LOCAL_FEATURES = frozenset({"city", "capital", "admin2", "district"})
COLOCATED = 1.0
COLOCATED_KM = 50.0
COLOCATED_CHUNK = 512  # candidates compared at once (bounds the distance matrix)

ROUNDS = 3
STRAY_POPULATION = 100_000  # an alternate-name match below this, alone in its country, is dropped (_stray)


@dataclass(slots=True)
class Resolution:
    toponym: Toponym
    candidate: Candidate
    score: float


def candidates(toponym: Toponym, gazetteer: Gazetteer) -> list[Candidate]:
    """The gazetteer places a toponym may name. A unit named with its kind ("Washington County") is looked up under
    that full name first; only when nothing is known by it do units of the bare name ("Washington") compete."""
    if toponym.kind:
        named = [c for c in gazetteer.lookup(f"{toponym.text} {toponym.kind}") if c.feature in ADMIN_FEATURES]
        if named:
            return named
    found = gazetteer.lookup(toponym.text)
    bare = strip_admin_words(normalize(toponym.text))
    if toponym.admin and bare != normalize(toponym.text):
        named = [c for c in found if c.feature in ADMIN_FEATURES]
        if named:
            return named
    if toponym.admin or not found:
        bare_found = gazetteer.lookup(bare) if bare else []
        stripped = [c for c in bare_found if c.feature in ADMIN_FEATURES]
        if not stripped and not found and _named_after_seat(toponym.text, bare):
            stripped = [c for c in bare_found if c.feature in ("city", "capital")]
        seen = {c.index for c in found}
        found += [c for c in stripped if c.index not in seen]
    if not found and (state := gazetteer.state_code(toponym.text)) is not None:
        found = [state]  # "Washington, IL"
    if not toponym.admin and not toponym.kind:
        found = _seats_for_units(found)
    return found


def _seats_for_units(found: list[Candidate]) -> list[Candidate]:
    """A name said bare ("fighting in Aleppo", "protesters gathered in Sylhet") that is both a division and a town of
    that division by its own name means the town, the division's seat: the division's candidate is dropped. Named as
    a unit ("Aleppo province", "Rajshahi division") it stays the unit (the caller's ``admin``/``kind``)."""
    seats = {(c.country, c.admin1) for c in found if c.primary and c.feature in ("city", "capital") and c.admin1}
    if not seats:
        return found
    return [c for c in found if not (c.feature in ("admin1", "admin2", "district") and (c.country, c.admin1) in seats)]


def _named_after_seat(text: str, bare: str) -> bool:
    """A South Asian unit named after its seat town: "Brahmanbaria Sadar upazila", "Kanker district" (not the
    "Justice Department", not a bare "Sadar upazila")."""
    words = normalize(text).split()
    return bool(bare) and bare not in ADMIN_WORDS and bool(words) and words[-1] in SEAT_UNITS


def _prior(c: Candidate, toponym: Toponym) -> float:
    population = c.population if c.feature not in ("region", "water") or c.population else 10_000_000
    score = math.log10(population + 1000) + FEATURE_PRIOR.get(c.feature, 0.0)
    if not c.primary:
        score -= ALTERNATE_PENALTY
    if toponym.admin:
        score += ADMIN_MATCH if c.feature in ADMIN_FEATURES else -ADMIN_MATCH
    return score


def _qualifier_places(qualifier: str, gazetteer: Gazetteer) -> list[Candidate]:
    if not qualifier:
        return []
    state = gazetteer.state_code(qualifier)
    return [state] if state is not None else gazetteer.lookup(qualifier)


def _qualifies(c: Candidate, qualifiers: list[Candidate]) -> bool:
    return any(
        (q.feature == "country" and q.country == c.country)
        or (q.feature == "admin1" and (q.country, q.admin1) == (c.country, c.admin1))
        for q in qualifiers
    )


def _contradicted(cs: list[Candidate], qualifiers: list[Candidate]) -> bool:
    """The name's qualifier is a state or country none of its candidates is in: "Guma, Benue State" names a place
    the gazetteer lacks, not the Guma in China. The qualifier, itself recognised, is then the place. Not for what
    may be items of a list: countries, states and cities of 100,000 people or more."""
    countries = {q.country for q in qualifiers if q.feature in ("country", "admin1")}
    if not countries or any(c.feature in ("country", "admin1", "region", "continent", "water") for c in cs):
        return False  # "Kuwait, Egypt": a list of countries, not a place and its country
    if any(c.population >= STRAY_POPULATION for c in cs):
        return False  # "Moscow, Kiev, Minsk": a list of cities
    anywhere = {q.country for q in qualifiers}  # "Crockett, Palestine": also a town in Texas
    return not any(c.country in anywhere for c in cs)


def _argmax(values: list[float]) -> int:
    return max(range(len(values)), key=values.__getitem__)


def _near(c: Candidate, others: list[tuple[int, float, float]], km: float = NEAR_KM) -> bool:
    """Within ``km`` of another place the document names (equirectangular approximation: fine at this range); the
    same gazetteer place under another name is no evidence."""
    cos = math.cos(math.radians(c.lat))
    return any(
        index != c.index and ((c.lat - lat) ** 2 + ((c.lon - lon) * cos) ** 2) ** 0.5 * 111.2 <= km for index, lat, lon in others
    )


def _colocated(options: list[tuple[Toponym, list[Candidate]]]) -> list[list[bool]]:
    """Per candidate: whether a local candidate of another name in the document lies within COLOCATED_KM, whatever
    the current choices are: "Paris" and "Henry County" (Tennessee), "Gainesville" and "Hall County" (Georgia)
    support each other. Supporters are matched on a primary name (a GeoNames alternate name is too weak a clue)."""
    ids = {name: i for i, name in enumerate(dict.fromkeys(normalize(t.text) for t, _ in options))}
    local = [
        (j, k, ids[normalize(t.text)], c)
        for j, (t, cs) in enumerate(options)
        for k, c in enumerate(cs)
        if c.feature in LOCAL_FEATURES
    ]
    result = [[False] * len(cs) for _, cs in options]
    rows = {(name, c.index): (name, c.index, c.lat, c.lon) for _, _, name, c in local if c.primary}
    if not local or not rows:
        return result
    sup = np.array(list(rows.values()), dtype=np.float64)
    for start in range(0, len(local), COLOCATED_CHUNK):
        chunk = local[start : start + COLOCATED_CHUNK]
        name = np.array([n for _, _, n, _ in chunk], dtype=np.float64)[:, None]
        index = np.array([c.index for *_, c in chunk], dtype=np.float64)[:, None]
        lat = np.array([c.lat for *_, c in chunk])[:, None]
        lon = np.array([c.lon for *_, c in chunk])[:, None]
        km = np.hypot(lat - sup[:, 2], (lon - sup[:, 3]) * np.cos(np.radians(lat))) * 111.2
        hit = ((km <= COLOCATED_KM) & (sup[:, 0] != name) & (sup[:, 1] != index)).any(axis=1)
        for (j, k, _, _), h in zip(chunk, hit, strict=True):
            result[j][k] = bool(h)
    return result


def resolve(
    toponyms: Sequence[Toponym], gazetteer: Gazetteer, *, hints: Sequence[str] = (), demonym_countries: Sequence[str] = ()
) -> list[Resolution]:
    """The best candidate of each toponym that has one, in the toponyms' order."""
    options = [(t, candidates(t, gazetteer)) for t in toponyms]
    options = [(t, cs) for t, cs in options if cs]
    qualifiers = [_qualifier_places(t.qualifier, gazetteer) for t, _ in options]
    kept = [k for k, ((t, cs), q) in enumerate(zip(options, qualifiers, strict=True)) if not (t.firm and _contradicted(cs, q))]
    options, qualifiers = [options[k] for k in kept], [qualifiers[k] for k in kept]
    base = [
        [_prior(c, t) + (QUALIFIER_MATCH if q and _qualifies(c, q) else 0.0) for c in cs]
        for (t, cs), q in zip(options, qualifiers, strict=True)
    ]
    colocated = _colocated(options)
    base = [[s + COLOCATED * near for s, near in zip(ss, co, strict=True)] for ss, co in zip(base, colocated, strict=True)]
    fixed = Counter({cc: HINT_WEIGHT for cc in hints}) + Counter(demonym_countries)
    chosen = [_argmax(s) for (_, cs), s in zip(options, base, strict=True)]
    for _ in range(ROUNDS):
        countries: Counter[str] = Counter()
        admin1s: Counter[tuple[str, str]] = Counter()
        picks = [cs[k] for (_, cs), k in zip(options, chosen, strict=True)]
        names = [normalize(t.text) for t, _ in options]
        for pick in _voters(names, picks):
            countries[pick.country] += 1
            if pick.admin1:
                admin1s[(pick.country, pick.admin1)] += 1
        local = [(name, p.index, p.lat, p.lon) for name, p in zip(names, picks, strict=True) if p.feature in LOCAL_FEATURES]
        new = []
        for (_, cs), s, name, pick in zip(options, base, names, picks, strict=True):
            others = [(index, lat, lon) for n, index, lat, lon in local if n != name]
            own_country = Counter({pick.country: 1})
            own_admin = Counter({(pick.country, pick.admin1): 1}) if pick.admin1 else Counter()
            ctx_c = countries - own_country + fixed
            ctx_a = admin1s - own_admin
            scores = [
                s[k]
                + COUNTRY_CONTEXT * min(1.0, ctx_c.get(c.country, 0) / 2) * (c.feature != "country" or 1)
                + (ADMIN1_CONTEXT * min(1.0, ctx_a.get((c.country, c.admin1), 0) / ADMIN1_VOTES) if c.admin1 else 0.0)
                + (PROXIMITY if c.feature in LOCAL_FEATURES and _near(c, others) else 0.0)
                for k, c in enumerate(cs)
            ]
            new.append(_argmax(scores))
        if new == chosen:
            break
        chosen = new
    out = [Resolution(t, cs[k], base_s[k]) for (t, cs), k, base_s in zip(options, chosen, base, strict=True)]
    return [r for r in out if not _stray(r, out)]


def _stray(r: Resolution, resolved: list[Resolution]) -> bool:
    """A small place reached only through a GeoNames alternate name, in a country no other place of the document
    is in, while the document's places agree on another country: "Camp" of "Ash Shati' Camp" (an alternate name
    of Cunningham, England) or "Omar" of "Omar Al Mukhtar Street" ('Omer, Israel) in a report from Gaza. Such a
    name is a word of some longer name, not a place: it is dropped rather than put on the wrong map."""
    c = r.candidate
    if c.primary or c.feature not in LOCAL_FEATURES or c.population >= STRAY_POPULATION:
        return False
    names = [normalize(x.toponym.text) for x in resolved]
    votes = Counter(p.country for p in _voters(names, [x.candidate for x in resolved])) - Counter({c.country: 1})
    return votes[c.country] == 0 and max(votes.values(), default=0) >= 2


def _voters(names: list[str], picks: list[Candidate]) -> Iterator[Candidate]:
    """The picks that vote for their country and admin1 in a document's context: one per distinct name and country
    (a name repeated is one place, not more evidence)."""
    seen: set[tuple[str, str]] = set()
    for name, pick in zip(names, picks, strict=True):
        if (name, pick.country) not in seen:
            seen.add((name, pick.country))
            yield pick
