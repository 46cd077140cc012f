"""How often the counts found in ACLED's Gaza notes give ACLED's own ``fatalities`` figure.

    .venv/bin/python benchmarks/eval_counts.py [--raw] [--show 25] [--limit N]

Reads ``acled/acled_gaza_2023_2025.csv`` from ``$WIREWATCH_DATA`` or ``../shared/data`` (not shipped). Each note is
parsed with wirewatch's spaCy model (cached in ``benchmarks/out/eval_counts/``, keyed by the notes' hash) and
``wirewatch.events.counts.counts`` runs on each sentence. The note's count is the sum of its non-cumulative
"killed" counts ("sum"); "sum|cumulative" takes the smallest cumulative count when a note has no other. A note
agrees when that number equals ``fatalities``.

Analyst coding remarks are removed first unless ``--raw``: bracketed or parenthesised passages that say how
fatalities were coded or split across events ("[unspecified number of fatalities coded as 3]", "[Palestinian
Ministry of Health reported ... 15 fatalities coded to this event.]") and sentences such as "Fatalities coded as
17." — they state ACLED's answer, which no news text does. The last figures are for the notes that carry no such
remark on their fatalities (the others got theirs from a total reported elsewhere, split across events).

The figures, and what they mean, are in ``wirewatch.events.counts``'s docstring.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks/out/eval_counts"
GAZA = "acled_gaza_2023_2025.csv"
_REMARK = re.compile(r"\[[^\]]*\b(?:coded|split|attributed)\b[^\]]*\]|\([^)]*\b(?:coded|split)\b[^)]*\)", re.I)
# a remark that the figure was allocated from a total reported elsewhere ("479 fatalities not attributed to specific
# events split across 32 events", "Fatalities coded as 17"): the figure is not in the narrative
_ALLOCATED = re.compile(
    r"fatalit\w*[^.\]]*\b(?:coded|split|attributed)\b(?!\s+to\s+(?!\d|this))|\b(?:coded\s+as|split)\b[^.\]]*fatalit", re.I
)
_CLAIM = frozenset({"claimed", "claiming", "claims", "claim"})
_SENTENCE = re.compile(r"(?<=[.\]])\s+")
_CODING = re.compile(
    r"\bfatalit.*\b(?:split|attributed|coded\b(?!\s+(?:to|here|in)\s+(?!\d)))|\b(?:coded\s+(?:as|at)|split)\b.*fatalit", re.I
)


def data_dir() -> Path:
    env = os.environ.get("WIREWATCH_DATA")
    return Path(env) if env else REPO.parent / "shared/data"


def clean(note: str) -> str:
    """The note without the analyst's coding remarks."""
    note = _REMARK.sub("", note)
    return " ".join(" ".join(s for s in _SENTENCE.split(note) if not _CODING.search(s)).split())


def load(raw: bool, limit: int | None, name: str = GAZA) -> list[tuple[str, int]]:
    """(note, fatalities) of each event; the note cleaned of coding remarks unless ``raw``."""
    return [(n, f) for n, f, _ in load_rows(raw, limit, name)]


def load_rows(raw: bool, limit: int | None, name: str = GAZA) -> list[tuple[str, int, bool]]:
    """(note, fatalities, whether the note has a coding remark on its fatalities) of each event."""
    path = data_dir() / "acled" / name
    if not path.exists():
        raise SystemExit(f"{path} is missing: set WIREWATCH_DATA to the folder holding acled/")
    with path.open(encoding="utf-8", newline="") as f:
        rows = [({k.lower(): v for k, v in r.items()}) for r in csv.DictReader(f)]
    out = [(r["notes"] or "", int(r["fatalities"])) for r in rows]
    out = out[:limit] if limit else out
    return [(n if raw else clean(n), f, bool(_ALLOCATED.search(n))) for n, f in out]


def parse(texts: list[str]):  # type: ignore[no-untyped-def]
    """The parsed notes, from the cache when the same texts were parsed before."""
    from spacy.tokens import DocBin

    from wirewatch.nlp.spacy_model import load_spacy

    nlp = load_spacy()
    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=64))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SENT_START"], docs=docs).to_disk(path)
    return docs


def note_counts(doc) -> list[tuple[int, bool, bool]]:  # type: ignore[no-untyped-def]
    """(value, cumulative, claimed) of each "killed" count of a note; claimed: said in a clause of "claimed"."""
    from wirewatch.events.counts import counts

    out = []
    for sent in doc.sents:
        for c in counts(sent):
            if c.kind == "killed":
                claimed = any(t.lower_ in _CLAIM for t in doc[c.head].ancestors)
                out.append((c.quantity.value, c.cumulative, claimed))
    return out


def rules(found: list[tuple[int, bool, bool]]) -> dict[str, int]:
    """The note's count by each rule."""
    total = sum(v for v, cumulative, _ in found if not cumulative)
    totals = [v for v, cumulative, _ in found if cumulative]
    return {
        "sum": total,
        "sum|cumulative": total if total or not totals else min(totals),
        "sum, unclaimed": sum(v for v, cumulative, claimed in found if not cumulative and not claimed),
    }


def report(name: str, pairs: list[tuple[int, int]]) -> None:
    def rate(sel: list[tuple[int, int]]) -> str:
        agree = sum(p == g for p, g in sel)
        return f"{agree / len(sel):.3f} ({agree}/{len(sel)})" if sel else "-"

    zero = [(p, g) for p, g in pairs if g == 0]
    some = [(p, g) for p, g in pairs if g > 0]
    print(f"{name:>16}: all {rate(pairs)}   fatalities 0: {rate(zero)}   fatalities >0: {rate(some)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", action="store_true", help="keep the analysts' coding remarks in the notes")
    parser.add_argument("--show", type=int, default=25, help="disagreements to print")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--file", default=GAZA, help="an ACLED export under acled/ (acled_south_asia_2015.csv: held out)")
    args = parser.parse_args()
    rows = load_rows(args.raw, args.limit, args.file)
    docs = parse([n for n, _, _ in rows])
    results = [(note, gold, rules(note_counts(doc))) for (note, gold, _), doc in zip(rows, docs, strict=True)]
    print(f"{len(results)} notes of {args.file} ({'raw' if args.raw else 'coding remarks removed'})")
    for rule in results[0][2]:
        report(rule, [(r[rule], g) for _, g, r in results])
    print('(ACLED codes a party\'s claims of its enemy\'s losses as 0: "sum, unclaimed" leaves out counts under "claimed")')
    stated = [(r["sum"], g) for (_, g, r), (_, _, allocated) in zip(results, rows, strict=True) if not allocated]
    print(f"notes whose figure was not allocated from a total reported elsewhere ({len(stated)}):")
    report("sum", stated)
    wrong = [(abs(r["sum"] - g), r["sum"], g, n) for n, g, r in results if r["sum"] != g]
    over = sum(s > g for _, s, g, _ in wrong)
    print(f"disagreements (sum): {len(wrong)} ({over} over ACLED's figure, {len(wrong) - over} under)")
    sizes = Counter("found 0" if s == 0 else "ACLED 0" if g == 0 else "both >0" for _, s, g, _ in wrong)
    print("  " + ", ".join(f"{k}: {v}" for k, v in sizes.most_common()))
    for _, s, g, note in sorted(wrong, key=lambda w: -w[0])[: args.show]:
        print(f"\n found {s}, ACLED {g}: {note[:400]}")


if __name__ == "__main__":
    main()
