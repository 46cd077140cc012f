"""The ``wirewatch`` command: a thin shell over the library (each command calls one library function).

Exit codes: 0 success; 1 usage error or failure (one line, what to do); 2 ``ingest`` read some inputs
but rejected others (each named, with its reason).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from wirewatch import __version__
from wirewatch.config import DATA_ENV, DB_ENV, DEFAULT_DB, MiB, ReadLimits, shared_data_dir
from wirewatch.errors import UsageError, WirewatchError
from wirewatch.output import (
    print_annotation,
    print_article,
    print_articles,
    print_documents,
    print_entities,
    print_ingest_report,
    print_places,
    print_scores,
    print_stories,
    print_story,
)

app = typer.Typer(
    name="wirewatch",
    help="Turn raw news (text dumps, HTML, WARC, JSONL) into a clean, deduplicated database of articles and stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar=DB_ENV, help=f"SQLite database file (default ./{DEFAULT_DB}, or ${DB_ENV}).", dir_okay=False),
]
MAX_PRINTED_ISSUES = 20


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


ListFormatOption = Annotated[Format, typer.Option("--format", "-f", help="table, json (array of objects) or csv.")]
OneFormatOption = Annotated[ShowFormat, typer.Option("--format", "-f", help="text or json.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"wirewatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """wirewatch: raw news in, clean articles out, every field traceable to its source."""


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH...", help="Files, directories (read recursively) or glob patterns.", show_default=False),
    ],
    db: DbOption = Path(DEFAULT_DB),
    max_document_size: Annotated[
        float,
        typer.Option("--max-document-size", help="Largest single page, HTML response or JSONL line to read, in MiB.", min=0.001),
    ] = 16,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; summary only.")] = False,
    no_group: Annotated[
        bool,
        typer.Option(
            "--no-group", help="Store articles without near-duplicate and story grouping (`wirewatch group` does it later)."
        ),
    ] = False,
    no_annotate: Annotated[
        bool,
        typer.Option(
            "--no-annotate",
            help="Skip the NLP stage (entities, places, dates), the slowest one; `wirewatch enrich` runs it later.",
        ),
    ] = False,
) -> int:
    """Read inputs into the database: text page dumps, HTML, WARC(.gz), JSONL, gzip of any; directories; globs.

    Prints each rejected input with its reason and a closing summary. Exit code 0 when every input was read,
    2 when some were rejected (they are stored with their reason: see `wirewatch documents --rejected`).
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from wirewatch.pipeline import ingest as run_ingest

    printed = 0

    def on_issue(issue) -> None:
        nonlocal printed
        printed += 1
        if printed <= MAX_PRINTED_ISSUES:
            colour = "red" if issue.kind == "rejected" else "yellow"
            err.print(f"[{colour}]{issue.kind}[/{colour}] {escape(issue.input)}: {escape(issue.message)}", highlight=False)

    limits = ReadLimits(max_document_bytes=int(max_document_size * MiB))
    columns = (TextColumn("[bold]ingest"), BarColumn(), DownloadColumn(), TimeRemainingColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        task = progress.add_task("", total=None)

        def on_progress(done: int, total: int, current: str) -> None:
            progress.update(task, completed=done, total=total, description=Path(current).name)

        report = run_ingest(
            paths, db, limits=limits, group=not no_group, annotate=not no_annotate, on_progress=on_progress, on_issue=on_issue
        )
    if printed > MAX_PRINTED_ISSUES:
        err.print(f"... and {printed - MAX_PRINTED_ISSUES} more: `wirewatch documents --rejected --db {db}` lists them all")
    print_ingest_report(out, report)
    return report.exit_code


@app.command()
def group(db: DbOption = Path(DEFAULT_DB)) -> None:
    """Group the articles stored with `ingest --no-group`: link near-duplicates, place articles in stories."""
    from wirewatch.pipeline import group as run_group

    print_ingest_report(out, run_group(db))


@app.command()
def enrich(
    db: DbOption = Path(DEFAULT_DB),
    no_group: Annotated[bool, typer.Option("--no-group", help="Annotate only; do not group ungrouped articles.")] = False,
) -> None:
    """Run the NLP stage (entities, places, dates) over stored articles that have not been through it
    (`ingest --no-annotate`, or older rules), then group what is ungrouped."""
    from wirewatch.pipeline import enrich as run_enrich

    print_ingest_report(out, run_enrich(db, group=not no_group))


@app.command()
def annotate(
    input: Annotated[
        typer.FileText | None,
        typer.Argument(
            metavar="[FILE]", help="JSON lines {id, text, date?, country?, url?}; default: standard input.", show_default=False
        ),
    ] = None,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="json (one JSON line per input) or text.")
    ] = ShowFormat.json,
) -> int:
    """Annotate any text, statelessly: reads JSON lines {id, text, date?, country?, url?}, writes one JSON line per
    input with its entities, places, dates and events (character offsets into the given text). `date` (YYYY-MM-DD)
    anchors relative dates ("on Wednesday"); without it, a dateline in the text does, else they stay unresolved.
    `country` (ISO code, "BD") and `url` (its country-code domain: ".pk") say where the outlet is: ambiguous place
    names lean to that country.

    A bad line gets {"id", "error"} in its place and a message; the exit code is then 2.
    """
    import json

    from wirewatch.nlp.annotate import LineError, annotate_lines

    failed = 0
    for result in annotate_lines(input if input is not None else sys.stdin):
        if isinstance(result, LineError):
            failed += 1
            err.print(f"[red]rejected[/red] {escape(result.as_json()['error'])}", highlight=False)
            result = result.as_json()
        if format == ShowFormat.json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            print_annotation(out, result)
        sys.stdout.flush()
    return 2 if failed else 0


@app.command()
def entities(
    db: DbOption = Path(DEFAULT_DB),
    label: Annotated[
        str | None, typer.Option(help="Only this label: PERSON, ORG, ARMED_GROUP, STATE, PARTY, IGO or MEDIA.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="Only entities of this country (ISO 3166 alpha-2, e.g. YE).")] = None,
    name: Annotated[str | None, typer.Option(help="Only entities whose name contains this text.")] = None,
    format: ListFormatOption = Format.table,
    limit: Annotated[int | None, typer.Option(help="At most this many entities (most often named first).", min=1)] = None,
) -> None:
    """List the entities named in the stored articles (actors, people, organisations), most often named first."""
    from wirewatch.models import ENTITY_LABELS
    from wirewatch.store import open_database

    if label and label.upper() not in ENTITY_LABELS:
        raise UsageError(f"unknown label {label!r}: use one of {', '.join(ENTITY_LABELS)}")
    with open_database(db) as database:
        print_entities(out, database.entities(label, country, name, limit), format.value)


@app.command()
def places(
    db: DbOption = Path(DEFAULT_DB),
    country: Annotated[str | None, typer.Option(help="Only places in this country (ISO 3166 alpha-2, e.g. LB).")] = None,
    name: Annotated[str | None, typer.Option(help="Only places whose name contains this text.")] = None,
    format: ListFormatOption = Format.table,
    limit: Annotated[int | None, typer.Option(help="At most this many places (most often named first).", min=1)] = None,
) -> None:
    """List the places named in the stored articles, resolved to GeoNames, most often named first."""
    from wirewatch.store import open_database

    with open_database(db) as database:
        print_places(out, database.places(country, name, limit), format.value)


@app.command()
def articles(
    db: DbOption = Path(DEFAULT_DB),
    format: ListFormatOption = Format.table,
    limit: Annotated[int | None, typer.Option(help="At most this many articles.", min=1)] = None,
) -> None:
    """List the articles in the database."""
    from wirewatch.store import open_database

    with open_database(db) as database:
        print_articles(out, database.articles(limit), format.value)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id, or a unique prefix of one.", show_default=False)],
    db: DbOption = Path(DEFAULT_DB),
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """One article: title, captions with credits, body with its entities, places and dates highlighted, and where it
    came from (documents, offsets, removed lines)."""
    from wirewatch.store import open_database

    with open_database(db) as database:
        print_article(out, database.article(article_id), format.value)


@app.command()
def stories(
    db: DbOption = Path(DEFAULT_DB),
    format: ListFormatOption = Format.table,
    limit: Annotated[int | None, typer.Option(help="At most this many stories (largest first).", min=1)] = None,
) -> None:
    """List the stories: groups of articles reporting the same incident or development, largest first."""
    from wirewatch.store import open_database

    with open_database(db) as database:
        print_stories(out, database.stories(limit), format.value)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(metavar="ID", help="Story id, or a unique prefix of one.", show_default=False)],
    db: DbOption = Path(DEFAULT_DB),
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """One story: its articles in date order, their sources, and which are copies of which."""
    from wirewatch.store import open_database

    with open_database(db) as database:
        print_story(out, database.story(story_id), format.value)


@app.command()
def documents(
    db: DbOption = Path(DEFAULT_DB),
    rejected: Annotated[bool, typer.Option("--rejected", help="Only rejected documents, with their reasons.")] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")] = Format.table,
) -> None:
    """List the documents read: format, size, encoding, status and, for rejected ones, the reason."""
    from wirewatch.store import open_database

    with open_database(db) as database:
        print_documents(out, database.documents("rejected" if rejected else None), format.value)


class EventFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


class ExportFormat(StrEnum):
    acled = "acled"


class ExportRows(StrEnum):
    acled_event = "acled-event"
    event = "event"


TypeOption = Annotated[str | None, typer.Option("--type", help="Only this PLOVER type: ASSAULT, PROTEST, CONSULT, ...")]
AcledTypeOption = Annotated[
    str | None,
    typer.Option("--acled-type", help="Only this ACLED event type or sub-event type, any case ('Battles', 'Air/drone strike')."),
]
CountryOption = Annotated[str | None, typer.Option(help="Only events placed in this country (ISO 3166 alpha-2, e.g. YE).")]
ActorOption = Annotated[
    str | None, typer.Option(help="Only events with this actor: an entity id (houthis, us.military) or part of a name.")
]
PlaceOption = Annotated[str | None, typer.Option(help="Only events whose place (or its admin1) name contains this text.")]
NearOption = Annotated[str | None, typer.Option(metavar="LAT,LON,KM", help="Only events placed within KM kilometres of LAT,LON.")]
SinceOption = Annotated[
    str | None, typer.Option(help="Only events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY); undated ones drop.")
]
UntilOption = Annotated[
    str | None, typer.Option(help="Only events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY); undated ones drop.")
]
MinFatalitiesOption = Annotated[int | None, typer.Option(help="Only events with at least this many reported dead.", min=0)]
TextOption = Annotated[str | None, typer.Option(help="Only events a sentence of which contains this text (any case).")]
StoryOption = Annotated[str | None, typer.Option(help="Only the events of this story (its id).")]


def _event_query(
    type: str | None, acled_type: str | None, country: str | None, actor: str | None, place: str | None,
    near: str | None, since: str | None, until: str | None, min_fatalities: int | None, text: str | None,
    story: str | None,
):  # fmt: skip
    from wirewatch.store.events import EventQuery

    return EventQuery(type, acled_type, country, actor, place, _near(near), since, until, min_fatalities, text, story)


def _near(value: str | None) -> tuple[float, float, float] | None:
    if value is None:
        return None
    try:
        lat, lon, km = (float(part) for part in value.split(","))
    except ValueError:
        raise UsageError(f"--near {value!r}: give LAT,LON,KM, e.g. --near 14.80,42.95,50") from None
    return lat, lon, km


@app.command()
def events(
    db: DbOption = Path(DEFAULT_DB),
    type: TypeOption = None,
    acled_type: AcledTypeOption = None,
    country: CountryOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    near: NearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_fatalities: MinFatalitiesOption = None,
    text: TextOption = None,
    story: StoryOption = None,
    format: Annotated[
        EventFormat, typer.Option("--format", "-f", help="table, json (array of events), csv or geojson (events with a place).")
    ] = EventFormat.table,
    limit: Annotated[int | None, typer.Option(help="At most this many events (earliest first).", min=1)] = None,
) -> None:
    """List events: who did what to whom, where, when, how many killed, with the sentences that say so.

    Earliest first (undated last); the filters combine. Examples:

        wirewatch events --country YE --type ASSAULT --since 2025-03-01
        wirewatch events --acled-type "Air/drone strike" --min-fatalities 1 --format json
        wirewatch events --near 14.80,42.95,50 --format geojson > hodeidah.geojson
        wirewatch events --actor houthis --text drone --format csv
    """
    from wirewatch.output_events import print_events
    from wirewatch.store import open_database

    query = _event_query(type, acled_type, country, actor, place, near, since, until, min_fatalities, text, story)
    with open_database(db) as database:
        placeless = print_events(out, database.iter_events(query, limit), format.value)
    if placeless:
        err.print(f"{placeless} event(s) without a place left out of the GeoJSON", style="dim", highlight=False)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="acled: ACLED's columns, in ACLED's order.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: standard output).", dir_okay=False)
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    type: TypeOption = None,
    acled_type: AcledTypeOption = None,
    country: CountryOption = None,
    actor: ActorOption = None,
    place: PlaceOption = None,
    near: NearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_fatalities: MinFatalitiesOption = None,
    text: TextOption = None,
    story: StoryOption = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events considered (earliest first).", min=1)] = None,
    per: Annotated[
        ExportRows,
        typer.Option(
            help="acled-event: one row per ACLED event (a story's events of one day, place and actor pair, fatalities"
            " summed); event: one row per wirewatch event."
        ),
    ] = ExportRows.acled_event,
) -> None:
    """Export events as ACLED-style CSV: ACLED's 31 columns in ACLED's order, one row per ACLED event.

    ACLED codes one event per day, location and actor pair and sums the strikes a report lists there; wirewatch keeps
    each strike, and the export joins the events of one story that ACLED would code as one (`--per event`: one row
    per wirewatch event). event_id_cnty is the wirewatch event id (of the most confident event of a row);
    inter1/inter2 are ACLED's numeric actor type codes (docs/events.md).
    Takes the same filters as `events`. Left out, and counted on standard error: events with no ACLED event type,
    and events flagged negated, hypothetical, future or cumulative (ACLED codes single events that happened).
    Example:

        wirewatch export --format acled --country YE --since 2025 --output yemen_acled.csv
    """
    from wirewatch.acled import export_acled
    from wirewatch.store import open_database

    query = _event_query(type, acled_type, country, actor, place, near, since, until, min_fatalities, text, story)
    units = per is ExportRows.acled_event
    with open_database(db) as database:
        if output is None:
            report = export_acled(database, sys.stdout, query, limit, units=units)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                report = export_acled(database, stream, query, limit, units=units)
    left_out = ", ".join(f"{reason} {n:,}" for reason, n in report.left_out.most_common())
    where = f" to {output}" if output else ""
    joined = f" ({report.joined:,} more event(s) joined to them)" if report.joined else ""
    err.print(f"{report.written:,} event(s) written{where}{joined}" + (f"; left out: {left_out}" if left_out else ""),
              style="dim", highlight=False)  # fmt: skip


eval_app = typer.Typer(help="Evaluation harnesses: fixed data, printed scores.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("extraction")
def eval_extraction(
    data: Annotated[
        Path | None, typer.Option(help="Folder with html/*.html.gz and ground-truth.json (default: $WIREWATCH_DATA/extraction).")
    ] = None,
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """HTML main-text quality on the ScrapingHub article-extraction benchmark (word 4-gram P/R/F1)."""
    from wirewatch.eval.extraction import evaluate

    folder = data or shared_data_dir() / "extraction"
    _need(folder / "ground-truth.json")
    print_scores(out, "HTML main-text extraction", evaluate(folder).as_dict(), format.value)


@eval_app.command("dedup")
def eval_dedup(
    demo: Annotated[Path, typer.Option(help="The demo corpus folder the originals come from.")] = Path("data/demo"),
    seed: Annotated[int, typer.Option(help="Random seed of the edits.")] = 0,
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """Near-duplicates: synthetic syndicated copies (14 edit kinds) of real articles and same-story hard negatives."""
    from wirewatch.eval.dedup import evaluate

    _need(demo / "wikinews")
    print_scores(out, "Near-duplicate detection", evaluate(demo, seed=seed).as_dict(), format.value)


@eval_app.command("stories")
def eval_stories(
    demo: Annotated[Path, typer.Option(help="The demo corpus folder (Current Events with story paths).")] = Path("data/demo"),
    data: Annotated[
        Path | None, typer.Option(help="Development data folder holding clustering/wikiref220 (default: $WIREWATCH_DATA).")
    ] = None,
    entities: Annotated[
        bool, typer.Option("--entities", help="Also with entity and place ids in the story vectors (runs the NLP stage).")
    ] = False,
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """Story clustering: B-cubed precision/recall/F1 and adjusted Rand index on Current Events and WikiRef220."""
    from wirewatch.eval import stories as story_eval

    current = demo / "current-events/wikipedia_current_events_2025_2026.jsonl.gz"
    wikiref = (data or shared_data_dir()) / "clustering/wikiref220"
    _need(current)
    _need(wikiref / "labels.csv")
    scores = [story_eval.current_events(current), story_eval.wikiref220(wikiref)]
    if entities:
        scores += [story_eval.current_events(current, entities=True), story_eval.wikiref220(wikiref, entities=True)]
    for score in scores:
        print_scores(out, f"Story clustering: {score.corpus}", score.as_dict(), format.value)


@eval_app.command("segmentation")
def eval_segmentation(
    wikinews: Annotated[Path, typer.Option(help="Wikinews JSONL the synthetic pages are built from.")] = Path(
        "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"
    ),
    pages: Annotated[int, typer.Option(help="Number of synthetic pages.", min=1)] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed of the page generator.")] = 0,
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """Page segmentation on synthetic seed-style pages (1–4 articles, doubled headers, credits, cruft)."""
    from wirewatch.eval.segmentation import evaluate

    _need(wikinews)
    print_scores(out, "Page segmentation", evaluate(wikinews, pages, seed).as_dict(), format.value)


@eval_app.command("actors")
def eval_actors(
    data: Annotated[Path | None, typer.Option(help="Development data folder holding acled/ (default: $WIREWATCH_DATA).")] = None,
    mentions: Annotated[
        int, typer.Option(help="ACLED events per file whose notes are checked for actor1 mentions (0: none).", min=0)
    ] = 2000,
    speed: Annotated[
        bool, typer.Option("--speed", help="Also measure the actor ruler's cost (words per CPU second) on Wikinews.")
    ] = False,
    wikinews: Annotated[Path, typer.Option(help="Wikinews JSONL for --speed.")] = Path(
        "data/demo/wikinews/wikinews_2019_2020.jsonl.gz"
    ),
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """Actor dictionary coverage of ACLED actor names (by event, by distinct name) and of actor1 mentions in notes."""
    from wirewatch.eval import actors as actor_eval

    folder = (data or shared_data_dir()) / "acled"
    _need(folder)
    for score in actor_eval.coverage(folder, mentions=mentions):
        scores = {k: v for k, v in score.as_dict().items() if k != "file"}
        print_scores(out, f"Actor coverage: {score.file}", scores, format.value)
    if speed:
        _need(wikinews)
        print_scores(out, "Actor ruler cost", actor_eval.ruler_cost_wikinews(wikinews).as_dict(), format.value)


@eval_app.command("geo")
def eval_geo(
    data: Annotated[Path | None, typer.Option(help="Development data folder holding geo/ (default: $WIREWATCH_DATA).")] = None,
    seeds: Annotated[Path, typer.Option(help="Folder with the seed documents and expected.json.")] = Path("../shared/seeds"),
    format: OneFormatOption = ShowFormat.text,
) -> None:
    """Geocoding: toponym P/R/F1, accuracy within 161 km, median error, AUC on LGL, GeoVirus, Hu2014; seed places."""
    from wirewatch.eval import geo

    folder = (data or shared_data_dir()) / "geo"
    _need(folder / "LGL/lgl.xml")
    for score in geo.evaluate(folder):
        print_scores(out, f"Geocoding: {score.corpus}", score.numbers(), format.value)
    if (seeds / "expected.json").exists():
        print_scores(out, "Geocoding: seed places", geo.seed_summary(seeds), format.value)


@eval_app.command("events")
def eval_events(
    data: Annotated[Path | None, typer.Option(help="Development data folder (default: $WIREWATCH_DATA).")] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Only these sets (repeat): acled, petrarch, muc3, rams, wikievents, seeds."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="Items read per set (ACLED: notes per file, instead of the seeded 1,000).")
    ] = None,
    errors: Annotated[
        str | None, typer.Option(help="Also list the first misses of this set (e.g. acled), with what was expected.")
    ] = None,
    seeds: Annotated[Path, typer.Option(help="Folder with the seed documents and expected.json.")] = Path("../shared/seeds"),
) -> None:
    """Event extraction: ACLED notes (type, sub-type, fatalities, country, location within 25/50 km, actor1),
    PETRARCH unit records, MUC-3 templates, RAMS and WikiEvents attack arguments, the seeds — against the targets.

    Example: wirewatch eval events --set acled --limit 300 --errors acled
    """
    from wirewatch.eval import events as event_eval

    folder = data or shared_data_dir()
    _need(folder / "acled")
    report = event_eval.evaluate(folder, limit=limit, sets=sets or None, seeds_dir=seeds)
    out.print(event_eval.format_report(report), markup=False, highlight=False)
    if errors:
        out.print(event_eval.format_errors(report, errors), markup=False, highlight=False)


def _need(path: Path) -> None:
    if not path.exists():
        raise UsageError(f"{path} not found: pass its folder with --data, or set ${DATA_ENV} to the development data")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code instead of exiting (usage errors exit 1, not click's 2)."""
    try:
        result = app(args=argv, prog_name="wirewatch", standalone_mode=False)
    except typer.Exit as e:
        return e.exit_code
    except typer.Abort:
        err.print("Aborted.")
        return 130
    except typer.TyperException as e:  # usage errors: bad option, missing argument
        show = getattr(e, "show", None)
        if show is not None:
            show()
        else:
            err.print(f"Error: {e}", highlight=False)
        return 1
    except WirewatchError as e:
        err.print(f"[red]{type(e).__name__}[/red]: {escape(str(e))}", highlight=False)
        return 1
    except BrokenPipeError:  # `wirewatch articles | head`
        return 0
    return result if isinstance(result, int) else 0


def run() -> None:
    sys.exit(main())
