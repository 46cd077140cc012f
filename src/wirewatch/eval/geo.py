"""Geoparsing evaluation: toponym recognition and resolution on LGL, GeoVirus and Hu2014, and the seeds' places.

Metrics (Gritta et al. 2018, "What's missing in geographical parsing?"; "A pragmatic guide to geoparsing evaluation"):

- recognition precision/recall/F1: a predicted span is correct when it overlaps a gold toponym span; a gold toponym is
  found when some predicted span overlaps it (every gold span counts, with or without coordinates);
- over the gold toponyms that carry coordinates and that the geocoder recognised and resolved: accuracy within
  161 km (100 miles), median error in km, and AUC, the area under the curve of ``log(1 + error_km)`` normalised by
  ``log(20039)`` (half the Earth's circumference) — 0 is perfect, lower is better;
- ``resolved_161``: the share of ALL gold toponyms with coordinates resolved within 161 km (misses count as wrong).
"""

from __future__ import annotations

import itertools
import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wirewatch.eval import rounded
from wirewatch.geo.distance import distance_km

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from wirewatch.models import PlaceMention

HALF_CIRCUMFERENCE_KM = 20039.0
ACCURACY_KM = 161.0
CORPORA = ("lgl", "geovirus", "hu2014")


@dataclass(slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class GoldDoc:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


@dataclass(slots=True)
class GeoScore:
    corpus: str
    documents: int
    gold_toponyms: int
    predicted: int
    precision: float
    recall: float
    f1: float
    gold_with_coordinates: int
    resolved: int
    accuracy_161: float
    median_km: float
    auc: float
    resolved_161: float

    def as_dict(self) -> dict:
        return rounded(self)

    def numbers(self) -> dict:
        """The scores without the corpus name (for printing under a title that names it)."""
        return {k: v for k, v in self.as_dict().items() if k != "corpus"}


def auc(errors_km: Sequence[float]) -> float:
    """Area under the curve of log(1 + error) over the sorted errors, normalised to [0, 1] (lower is better)."""
    if not errors_km:
        return 1.0
    scaled = sorted(math.log1p(e) / math.log1p(HALF_CIRCUMFERENCE_KM) for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    return sum((a + b) / 2 for a, b in itertools.pairwise(scaled)) / (len(scaled) - 1)


# -- corpora -------------------------------------------------------------------------------------------------------


def load_lgl(path: str | Path) -> list[GoldDoc]:
    """LGL (``lgl.xml``): 588 US local news articles; toponyms without a gazetteer tag have no coordinates."""
    docs: list[GoldDoc] = []
    for article in ET.parse(path).getroot():
        text = article.findtext("text") or ""
        doc = GoldDoc(article.get("docid", str(len(docs))), text)
        for toponym in article.iter("toponym"):
            start, end = int(toponym.findtext("start", "0")), int(toponym.findtext("end", "0"))
            tag = toponym.find("gaztag")
            lat = lon = None
            if tag is not None and tag.findtext("lat"):
                lat, lon = float(tag.findtext("lat", "0")), float(tag.findtext("lon", "0"))
            doc.toponyms.append(GoldToponym(start, end, text[start:end], lat, lon))
        docs.append(doc)
    return docs


def load_geovirus(path: str | Path) -> list[GoldDoc]:
    """GeoVirus (``GeoVirus.xml``): WikiNews outbreak reports. Its offsets are one past the name's first character
    (checked: 2,167 of 2,167); each span is re-anchored on the nearest occurrence of the name."""
    docs = []
    for i, article in enumerate(ET.parse(path).getroot()):
        text = article.findtext("text") or ""
        doc = GoldDoc(article.findtext("source") or str(i), text)
        for location in article.iter("location"):
            name = location.findtext("name") or ""
            start = _anchor(text, name, int(location.findtext("start", "0")))
            if start is None:
                continue
            doc.toponyms.append(
                GoldToponym(
                    start, start + len(name), name, float(location.findtext("lat", "0")), float(location.findtext("lon", "0"))
                )
            )
        docs.append(doc)
    return docs


def load_hu2014(folder: str | Path) -> list[GoldDoc]:
    """Hu2014 (EUPEG): one sentence per file ``texts/N``, gold line N+1 of ``Hu2014_gold.txt`` in the
    ``name,,surface,,lat,,lon,,start,,end||`` format with 1-based inclusive offsets."""
    folder = Path(folder)
    lines = (folder / "Hu2014_gold.txt").read_text(encoding="utf-8").splitlines()
    docs = []
    for n, line in enumerate(lines):
        text = (folder / "texts" / str(n)).read_text(encoding="utf-8")
        docs.append(GoldDoc(str(n), text, _camcoder_line(text, line)))
    return docs


def _camcoder_line(text: str, line: str) -> list[GoldToponym]:
    toponyms = []
    for item in filter(None, line.strip().split("||")):
        fields = item.split(",,")
        surface, lat, lon, start = fields[1], float(fields[2]), float(fields[3]), int(fields[4])
        anchored = _anchor(text, surface, start - 1)
        if anchored is not None:
            toponyms.append(GoldToponym(anchored, anchored + len(surface), surface, lat, lon))
    return toponyms


def _anchor(text: str, name: str, near: int) -> int | None:
    for delta in (0, -1, 1, -2, 2):
        if text[near + delta : near + delta + len(name)] == name:
            return near + delta
    found = [i for i in range(len(text)) if text.startswith(name, i)]
    return min(found, key=lambda i: abs(i - near)) if found else None


def load_corpus(data_dir: str | Path, corpus: str) -> list[GoldDoc]:
    geo = Path(data_dir) / "geo" if (Path(data_dir) / "geo").is_dir() else Path(data_dir)
    if corpus == "lgl":
        return load_lgl(geo / "LGL/lgl.xml")
    if corpus == "geovirus":
        return load_geovirus(geo / "GeoVirus/GeoVirus.xml")
    if corpus == "hu2014":
        return load_hu2014(geo / "Hu2014")
    raise ValueError(f"unknown geoparsing corpus {corpus!r}: one of {', '.join(CORPORA)}")


# -- scoring -------------------------------------------------------------------------------------------------------


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(corpus: str, gold_docs: Sequence[GoldDoc], predictions: Sequence[Sequence[PlaceMention]]) -> GeoScore:
    """Recognition and resolution scores of one corpus (``predictions[i]`` are the places found in ``gold_docs[i]``)."""
    n_gold = n_pred = pred_ok = gold_found = with_coords = 0
    errors: list[float] = []
    for doc, places in zip(gold_docs, predictions, strict=True):
        n_gold += len(doc.toponyms)
        n_pred += len(places)
        pred_ok += sum(any(_overlaps(p.start, p.end, g.start, g.end) for g in doc.toponyms) for p in places)
        for g in doc.toponyms:
            hits = [p for p in places if _overlaps(p.start, p.end, g.start, g.end)]
            gold_found += bool(hits)
            if g.lat is None or g.lon is None:
                continue
            with_coords += 1
            if hits:
                best = max(hits, key=lambda p: min(p.end, g.end) - max(p.start, g.start))
                errors.append(distance_km(g.lat, g.lon, best.lat, best.lon))
    precision = pred_ok / n_pred if n_pred else 0.0
    recall = gold_found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    within = sum(e <= ACCURACY_KM for e in errors)
    return GeoScore(
        corpus,
        len(gold_docs),
        n_gold,
        n_pred,
        precision,
        recall,
        f1,
        with_coords,
        len(errors),
        within / len(errors) if errors else 0.0,
        statistics.median(errors) if errors else 0.0,
        auc(errors),
        within / with_coords if with_coords else 0.0,
    )


def parse(nlp: Language, texts: Iterable[str]) -> list:
    """spaCy docs for the texts, parsed in batches."""
    return list(nlp.pipe(texts, batch_size=32))


def evaluate(
    data_dir: str | Path,
    corpora: Sequence[str] = CORPORA,
    *,
    docs_for: Callable[[str, list[str]], list] | None = None,
) -> list[GeoScore]:
    """One score per corpus. ``docs_for(corpus, texts)`` may supply parsed docs (a cache); by default the texts are
    run through ``wirewatch.nlp.spacy_model.load_pipeline()`` (the model with the actor ruler, as ingest runs it).
    Places are found as ingest finds them (:func:`~wirewatch.nlp.annotate.actors_and_places`)."""
    from wirewatch.nlp.spacy_model import load_pipeline

    found = _places_finder()
    scores = []
    for corpus in corpora:
        gold = load_corpus(data_dir, corpus)
        texts = [d.text for d in gold]
        docs = docs_for(corpus, texts) if docs_for else parse(load_pipeline(), texts)
        scores.append(score(corpus, gold, [found(doc) for doc in docs]))
    return scores


def _places_finder() -> Callable[[Doc], list[PlaceMention]]:
    """The places of a parsed doc, as the NLP stage finds them (the text's actors' countries as context)."""
    from wirewatch.geo import Geocoder
    from wirewatch.nlp.actors import load_actors
    from wirewatch.nlp.annotate import actors_and_places

    geocoder, actors = Geocoder.load(), load_actors()
    return lambda doc: actors_and_places(doc, geocoder, actors)[1]


# -- the seeds -----------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SeedPlaceCheck:
    mention: str
    found: int  # mentions of the name the geocoder resolved
    within: int  # of those, how many lie within tolerance (or in the expected country, for country places)
    worst_km: float | None

    @property
    def ok(self) -> bool:
        return self.found > 0 and self.within == self.found

    def as_dict(self) -> dict:
        return rounded(self) | {"ok": self.ok}


def check_seed_places(seed_files: Sequence[str | Path], expected_places: Sequence[dict]) -> list[SeedPlaceCheck]:
    """Every mention of each expected place in the seed documents must resolve within its tolerance (countries: to
    the expected country)."""
    from wirewatch.geo.names import normalize, strip_admin_words
    from wirewatch.nlp.spacy_model import load_pipeline

    nlp, found = load_pipeline(), _places_finder()
    places = [p for path in seed_files for p in found(nlp(Path(path).read_text(encoding="utf-8")))]
    checks = []
    for exp in expected_places:
        name = normalize(exp["mention"])
        hits = [p for p in places if strip_admin_words(normalize(p.text)) == name]
        if exp.get("feature") == "country":
            good = [p for p in hits if p.country == exp["country"] and p.feature == "country"]
            worst = None
        else:
            errors = [distance_km(exp["lat"], exp["lon"], p.lat, p.lon) for p in hits]
            good = [p for p, e in zip(hits, errors, strict=True) if e <= exp["tolerance_km"] and p.country == exp["country"]]
            worst = max(errors) if errors else None
        checks.append(SeedPlaceCheck(exp["mention"], len(hits), len(good), worst))
    return checks


def seed_summary(seeds_dir: str | Path) -> dict:
    """``check_seed_places`` over ``seeds_dir`` (its ``*.txt`` and ``expected.json``) as one printable record."""
    import json

    seeds_dir = Path(seeds_dir)
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))["places"]
    checks = check_seed_places(sorted(seeds_dir.glob("*.txt")), expected)
    within = sum(c.ok for c in checks)
    return {"places": len(checks), "within_tolerance": within, "failed": len(checks) - within}
