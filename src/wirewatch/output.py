"""Rendering records for the terminal: rich tables, streamed JSON arrays, CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from wirewatch.models import annotated_text

if TYPE_CHECKING:
    from wirewatch.pipeline import IngestReport


def write_json_array(records: Iterable[dict[str, Any]], stream=None) -> None:
    """A JSON array written record by record: memory stays flat for any number of records."""
    stream = stream or sys.stdout
    stream.write("[")
    for n, record in enumerate(records):
        stream.write(",\n" if n else "\n")
        stream.write(json.dumps(record, ensure_ascii=False))
    stream.write("\n]\n")
    stream.flush()


def write_csv(records: Iterable[dict[str, Any]], columns: list[str], stream=None) -> None:
    writer = csv.DictWriter(stream or sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in record.items()})


def _short(text: str | None, n: int) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def print_articles(console: Console, records: Iterator[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write_json_array(records)
    elif fmt == "csv":
        rows = (
            {**r, "text": "\n\n".join(r["paragraphs"]), "documents": ";".join(d["id"] for d in r["documents"])} for r in records
        )
        write_csv(rows, ["id", "title", "published", "source", "author", "url", "captions", "documents", "n_words", "text"])
    else:
        table = Table("id", "published", "source", "title", "¶", "docs", box=None, header_style="bold")
        n = 0
        for r in records:
            n += 1
            title = r["title"] or _short(r["paragraphs"][0] if r["paragraphs"] else "", 60)
            table.add_row(
                r["id"],
                r["published"] or "",
                _short(r["source"], 20),
                _short(title, 90),
                str(len(r["paragraphs"])),
                str(len(r["documents"])),
            )
        console.print(table)
        console.print(f"{n} article(s)", style="dim")


def print_documents(console: Console, records: Iterator[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write_json_array(records)
    elif fmt == "csv":
        write_csv(records, ["id", "sha256", "format", "size", "encoding", "status", "reason", "message", "warnings", "paths"])
    else:
        table = Table("id", "format", "size", "encoding", "status", "path", "reason", box=None, header_style="bold")
        for r in records:
            reason = r["message"] or "; ".join(r["warnings"])
            table.add_row(
                r["id"],
                r["format"],
                f"{r['size']:,}",
                r["encoding"] or "",
                r["status"],
                Text(r["paths"][0] if r["paths"] else ""),
                Text(reason),
            )
        console.print(table)


def print_stories(console: Console, records: Iterator[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write_json_array(records)
    elif fmt == "csv":
        write_csv(records, ["id", "title", "first_date", "last_date", "sources", "articles"])
    else:
        table = Table("id", "dates", "articles", "sources", "title", box=None, header_style="bold")
        n = 0
        for r in records:
            n += 1
            dates = " – ".join(dict.fromkeys(d for d in (r["first_date"], r["last_date"]) if d))
            table.add_row(r["id"], dates, str(len(r["articles"])), str(r["sources"]), Text(_short(r["title"], 90)))
        console.print(table)
        console.print(f"{n} stor{'y' if n == 1 else 'ies'}", style="dim")


def print_story(console: Console, story: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        console.print_json(json.dumps(story, ensure_ascii=False))
        return
    console.print(Text(story["title"] or "(untitled story)", style="bold"))
    dates = " – ".join(dict.fromkeys(d for d in (story["first_date"], story["last_date"]) if d)) or "dates unknown"
    facts = f"story {story['id']} · {dates} · {len(story['articles'])} article(s) · {story['sources']} source(s)"
    console.print(facts, style="dim", highlight=False)
    for a in story["members"]:
        copy = f"  copy of {a['canonical']}" if a["canonical"] else ""
        title = a["title"] or _short(a["first_paragraph"], 80)
        console.print(
            Text(f"  {a['id']}  {a['published'] or '':10}  {_short(a['source'] or '', 20):20}  {_short(title, 70)}{copy}")
        )


def print_article(console: Console, a: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        console.print_json(json.dumps(a, ensure_ascii=False))
        return
    console.print(Text(a["title"] or "(no title)", style="bold"))
    facts = [f"id {a['id']}", a["published"] or "date unknown", a["source"] or "source unknown"]
    if a["author"]:
        facts.append(f"by {a['author']}")
    console.print(" · ".join(facts), style="dim", highlight=False)
    if a["url"]:
        console.print(a["url"], style="dim")
    for c in a["captions"]:
        console.print(Text.assemble(("📷 ", ""), (c["text"], "italic"), (f"  ({c['credit']})" if c["credit"] else "", "cyan")))
    console.print()
    annotations = a.get("annotations")
    for p in _highlighted(a, annotations):
        console.print(p)
        console.print()
    if annotations:
        _print_annotations(console, annotations)
    if a.get("story"):
        console.print(Text(f"Story {a['story']}", style="bold"))
    if a.get("canonical"):
        c = a["canonical"]
        console.print(Text(f"Copy of {c['id']} (shingle Jaccard {c['jaccard']}, containment {c['containment']})", style="bold"))
    for copy in a.get("copies", []):
        where = ", ".join(d["path"] for d in copy["documents"]) or "?"
        console.print(Text(f"  copied by {copy['id']} (Jaccard {copy['jaccard']}, containment {copy['containment']}): {where}"))
    console.print(Text(f"Found in {len(a['occurrences'])} document(s):", style="bold"))
    for o in a["occurrences"]:
        path = o["paths"][0] if o["paths"] else "?"
        where = f"article {o['position'] + 1}, characters {o['start']}–{o['end']}, {o['format']}, {o['encoding']}"
        console.print(Text(f"  {o['document']}  {path}  ({where})"))
        for extra in o["paths"][1:]:
            console.print(Text(f"      also read from {extra}"), style="dim")
        for r in o["removed"]:
            console.print(
                Text.assemble(("    removed ", "dim"), (_short(r["text"], 60), "strike"), (f"  — {r['reason']}", "yellow"))
            )


STYLES = {"entity": "bold magenta", "place": "bold green", "date": "bold cyan"}
_KINDS = (("entity", "entities"), ("place", "places"), ("date", "dates"))


def _highlighted(a: dict[str, Any], annotations: dict[str, Any] | None) -> list[Text]:
    """The body paragraphs, with entity, place and date mentions styled (offsets are into annotated_text)."""
    if not annotations:
        return [Text(p) for p in a["paragraphs"]]
    _, sections = annotated_text(a["title"], a["paragraphs"], [c["text"] for c in a["captions"]])
    marks = [(m["start"], m["end"], STYLES[kind]) for kind, key in _KINDS for m in annotations[key]]
    out = []
    for (_, start, end), paragraph in zip((s for s in sections if s[0] == "paragraph"), a["paragraphs"], strict=True):
        text = Text(paragraph)
        for m_start, m_end, style in marks:
            if start <= m_start and m_end <= end:
                text.stylize(style, m_start - start, m_end - start)
        out.append(text)
    return out


def _print_annotations(console: Console, annotations: dict[str, Any]) -> None:
    entities: dict[str, dict[str, Any]] = {}
    for m in annotations["entities"]:
        entities.setdefault(m["entity_id"] or m["text"], {**m, "n": 0})["n"] += 1
    if entities:
        console.print(Text("Entities:", style=STYLES["entity"]))
        for e in entities.values():
            where = f", {e['country']}" if e["country"] else ""
            console.print(Text(f"  {e['name'] or e['text']} ({e['label']}{where}) ×{e['n']}  {e['entity_id'] or ''}"))
    places: dict[str, dict[str, Any]] = {}
    for m in annotations["places"]:
        places.setdefault(f"{m['name']}|{m['lat']}|{m['lon']}", {**m, "n": 0})["n"] += 1
    if places:
        console.print(Text("Places:", style=STYLES["place"]))
        for p in places.values():
            region = ", ".join(x for x in (p["admin1"], p["country"]) if x)
            console.print(Text(f"  {p['name']} ({p['feature']}; {region}) {p['lat']:.3f}, {p['lon']:.3f} ×{p['n']}"))
    dates = annotations["dates"]
    if dates:
        anchor = " (no anchor)"
        if annotations["anchor"]:
            anchor = f" (anchor {annotations['anchor']}, from {annotations['anchor_source']})"
        console.print(Text("Dates" + anchor + ":", style=STYLES["date"]))
        for d in dates:
            console.print(Text(f"  {d['text']!r} → {d['value'] or 'unresolved'} ({d['precision']})"))
    console.print()


def print_annotation(console: Console, result: dict[str, Any]) -> None:
    """One result of `wirewatch annotate --format text`."""
    console.print(Text(f"id {result['id']}", style="bold"))
    if "error" in result:
        console.print(Text(result["error"], style="red"))
        return
    _print_annotations(console, result)


def print_entities(console: Console, records: Iterator[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write_json_array(records)
    elif fmt == "csv":
        write_csv(records, ["id", "name", "label", "country", "mentions", "articles"])
    else:
        table = Table("id", "name", "label", "country", "articles", "mentions", box=None, header_style="bold")
        n = 0
        for r in records:
            n += 1
            table.add_row(r["id"], Text(r["name"]), r["label"], r["country"] or "", f"{r['articles']:,}", f"{r['mentions']:,}")
        console.print(table)
        console.print(f"{n} entit{'y' if n == 1 else 'ies'}", style="dim")


def print_places(console: Console, records: Iterator[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        write_json_array(records)
    elif fmt == "csv":
        write_csv(records, ["id", "name", "geonameid", "country", "admin1", "lat", "lon", "feature", "mentions", "articles"])
    else:
        table = Table("name", "feature", "admin1", "country", "lat", "lon", "articles", "mentions", box=None, header_style="bold")
        n = 0
        for r in records:
            n += 1
            table.add_row(
                Text(r["name"]), r["feature"], Text(r["admin1"] or ""), r["country"] or "", f"{r['lat']:.4f}", f"{r['lon']:.4f}",
                f"{r['articles']:,}", f"{r['mentions']:,}",
            )  # fmt: skip
        console.print(table)
        console.print(f"{n} place(s)", style="dim")


def print_ingest_report(console: Console, report: IngestReport) -> None:
    table = Table(title=f"Ingested into {report.db}", box=None, show_header=False, title_justify="left", title_style="bold")
    table.add_column(justify="right")
    table.add_column()
    mb = report.bytes / 1e6
    rows = [
        (f"{report.files:,}", f"input file(s), {mb:,.1f} MB in {report.seconds:,.1f} s"),
        (
            f"{report.documents:,}",
            f"document(s) read: {report.documents_new:,} new, {report.documents_seen:,} already in the database",
        ),
        (
            f"{report.articles:,}",
            f"article(s) found: {report.articles_new:,} new, {report.exact_duplicates:,} exact duplicate(s)",
        ),
        (f"{report.near_duplicates:,}", "near-duplicate(s): new articles that copy an earlier one (linked to it)"),
        (f"{report.stories_new:,}", "new story(ies)"),
    ]
    if report.regrouped:
        rows.append((f"{report.regrouped:,}", "stored article(s) grouped for the first time"))
    if report.annotated:
        rows.append(
            (
                f"{report.annotated:,}",
                f"article(s) annotated: {report.entity_mentions:,} entity, {report.place_mentions:,} place and"
                f" {report.date_mentions:,} date mention(s)",
            )
        )
        rows.append((f"{report.events:,}", f"event(s) written, from {report.event_mentions:,} event mention(s)"))
    rejected = sum(report.rejected.values())
    detail = ", ".join(f"{reason} {n:,}" for reason, n in report.rejected.most_common())
    rows.append((f"{rejected:,}", f"document(s) rejected{': ' + detail if detail else ''}"))
    if report.warnings:
        rows.append((f"{report.warnings:,}", "warning(s) (read, with a note: see `wirewatch documents`)"))
    for what, n in report.skipped.most_common():
        rows.append((f"{n:,}", f"skipped: {what}"))
    for count, text in rows:
        table.add_row(count, Text(text))
    console.print(table)


def print_scores(console: Console, title: str, scores: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        console.print_json(json.dumps(scores))
        return
    table = Table(title=title, box=None, show_header=False, title_justify="left", title_style="bold")
    table.add_column()
    table.add_column(justify="right")
    for name, value in scores.items():
        shown = f"{value:.4f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
        table.add_row(name.replace("_", " "), shown)
    console.print(table)
