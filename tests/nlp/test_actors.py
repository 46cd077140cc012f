"""The actor dictionary and the actor ruler (issue 5): real spaCy, real package data, the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.models import ENTITY_LABELS
from wirewatch.nlp import load_spacy
from wirewatch.nlp.actors import ACTOR_TYPES, ActorDictionary, add_actor_ruler, load_actors, normalise

FLOORS = json.loads((Path(__file__).parents[1] / "eval/floors.json").read_text())


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return load_actors()


@pytest.fixture(scope="module")
def nlp():
    """The project's spaCy pipeline, copied so that adding the ruler leaves the shared cached one bare."""
    import spacy

    from wirewatch.nlp.spacy_model import MODEL

    load_spacy()  # fails with the install hint when the model is missing
    pipeline = spacy.load(MODEL)
    add_actor_ruler(pipeline)
    return pipeline


def ents(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {e.text: (e.label_, e.ent_id_) for e in nlp(text).ents}


def test_every_entry_is_well_formed(actors: ActorDictionary) -> None:
    assert len(actors) > 2000
    for actor in actors:
        assert actor.type in ACTOR_TYPES and actor.label in ENTITY_LABELS, actor.id
        assert actor.parent is None or actor.parent in actors, f"{actor.id}: unknown parent {actor.parent}"
        assert actor.country is None or (len(actor.country) == 2 and actor.country.isupper()), actor.id
        assert actor.id not in {p.id for p in actors.parents(actor.id)}, f"{actor.id}: parent cycle"


def test_curated_aliases_are_not_claimed_twice(actors: ActorDictionary) -> None:
    curated = [a for a in actors if a.source == "curated"]
    owners: dict[str, str] = {}
    clashes = []
    for actor in curated:
        for name in actor.names():
            key = normalise(name)
            if owners.setdefault(key, actor.id) != actor.id:
                clashes.append((name, owners[key], actor.id))
    allowed = {"russian defence ministry", "russian defense ministry", "lebanese forces"}  # documented choices
    assert [c for c in clashes if normalise(c[0]) not in allowed] == []


@pytest.mark.parametrize(
    ("names", "actor_id"),
    [
        (["Hezbollah", "Hizbullah", "Hizballah", "HEZBOLLAH"], "hezbollah"),
        (["Asa'ib Ahl al-Haq", "Asaib Ahl al-Haq", "Asaib Ahl al Haq", "Asa’ib Ahl al-Haq", "Asa’ib"], "asaib-ahl-al-haq"),
        (["Houthis", "Houthi", "Ansar Allah", "Ansarallah", "Huthis"], "houthis"),
        (["Islamic State", "ISIS", "ISIL", "Daesh"], "islamic-state"),
        (["Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan", "TTP", "Pakistani Taliban"], "ttp"),
        (["Médecins Sans Frontières", "Medecins Sans Frontieres", "Doctors Without Borders"], "msf"),
    ],
)
def test_transliteration_variants_resolve_to_one_id(actors: ActorDictionary, names: list[str], actor_id: str) -> None:
    assert {actors.lookup(n).id for n in names} == {actor_id}  # type: ignore[union-attr]


def test_parent_chain_runs_from_the_quds_force_to_iran(actors: ActorDictionary) -> None:
    chain = [a.id for a in actors.parents(actors.lookup("Quds Force").id)]  # type: ignore[union-attr]
    assert chain == ["ir.irgc", "ir"]
    assert actors["ir"].name == "Iran" and actors["ir.irgc"].label == "STATE"
    assert actors.related("qassam-brigades", "hamas") and not actors.related("hamas", "hezbollah")


@pytest.mark.parametrize(
    ("acled", "actor_id"),
    [
        ("Military Forces of Israel (2022-)", "il.military"),
        ("Military Forces of Israel (2022-) Golani Brigade", "il.golani-brigade"),
        ("Military Forces of Israel (2022-) Special Forces", "il.military"),
        ("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", "ir.irgc"),
        ("Police Forces of India (2014-)", "in.police"),
        ("Police Forces of Israel (2022-) Shin Bet", "il.shin-bet"),
        ("Military Forces of the United States of America", "us.military"),
        ("Government of the Republic of the Union of Myanmar", "mm.government"),
        ("Government of Palestine (2007-) Hamas Government in Gaza", "ps.gaza-government"),
        ("Hamas Movement", "hamas"),
        ("PIJ: Palestinian Islamic Jihad", "pij"),
        ("TTP: Tehreek-i-Taliban Pakistan", "ttp"),
        ("BNP: Bangladesh Nationalist Party Militia", "bnp"),
        ("Protesters (Palestine)", "generic.protesters"),
        ("Civilians (india)", "generic.civilians"),
        ("Refugees/IDPs (Palestine)", "generic.refugees-idps"),
        ("Unidentified Armed Group (Pakistan)", "generic.unidentified-armed-group"),
        ("Dhaka Communal Militia", "generic.communal-militia"),
        ("Gujjar Community Group (India)", "generic.communal-group"),
        ("BJP: Bangladesh Jatiya Party", None),  # not the Bharatiya Janata Party
        ("Punjab Sikhya Providers' Union", None),
    ],
)
def test_acled_actor_names_map_to_dictionary_ids(actors: ActorDictionary, acled: str, actor_id: str | None) -> None:
    assert actors.acled_actor_id(acled) == actor_id


def test_state_forces_are_generated_for_every_country(actors: ActorDictionary) -> None:
    assert actors.lookup("Israeli forces").id == "il.military"  # type: ignore[union-attr]
    assert actors.lookup("Indian police").id == "in.police"  # type: ignore[union-attr]
    assert actors.lookup("Nigerien soldiers").id == "ne.military"  # type: ignore[union-attr]
    assert actors.lookup("Congolese army").id == "cd.military"  # a shared demonym goes where the rules say
    assert actors.lookup("Iran").id == "ir" and not actors["ir"].matched  # type: ignore[union-attr]
    assert actors["au"].name == "Australia" and actors.lookup("African Union").id == "african-union"  # type: ignore[union-attr]


def test_seed_actors_are_found_with_their_labels_and_media_are_media(nlp, seed_files: list[Path], expected: dict) -> None:
    found: dict[str, set[tuple[str, str]]] = {}
    for path in seed_files:
        for ent in nlp(path.read_text(encoding="utf-8")).ents:
            found.setdefault(ent.text, set()).add((ent.label_, ent.ent_id_))
    labels = {
        "Quds Force": ("STATE", "ir.quds-force"),
        "Coordination Framework": ("PARTY", "coordination-framework"),
        "Asa'ib Ahl al-Haq": ("ARMED_GROUP", "asaib-ahl-al-haq"),
        "Hamas": ("ARMED_GROUP", "hamas"),
        "Houthis": ("ARMED_GROUP", "houthis"),
        "Lebanese Army": ("STATE", "lb.military"),
    }
    assert set(expected["entities"]["ORG_OR_ARMED_GROUP"]) == set(labels)
    for name, label in labels.items():
        assert found.get(name) == {label}, (name, found.get(name))
    for name in expected["entities"]["MEDIA_NOT_ACTORS"]:
        assert found.get(name) and {label for label, _ in found[name]} == {"MEDIA"}, (name, found.get(name))
    assert found["REUTERS"] == {("MEDIA", "media.reuters")}  # photo credit "REUTERS/Khaled Abdullah"


@pytest.mark.parametrize(
    ("text", "span", "label", "actor_id"),
    [
        ("Israeli forces raided the camp at dawn.", "Israeli forces", "STATE", "il.military"),
        ("Israeli warplanes struck the house.", "Israeli warplanes", "STATE", "il.military"),
        ("The IDF said it had killed a commander.", "IDF", "STATE", "il.military"),
        ("Indian police detained 40 people.", "Indian police", "STATE", "in.police"),
        ("Hamas militants fired rockets.", "Hamas militants", "ARMED_GROUP", "hamas"),
        ("Hundreds of protesters gathered.", "protesters", "ORG", "generic.protesters"),
        ("IS militants attacked a checkpoint.", "IS militants", "ARMED_GROUP", "islamic-state"),
        ("US forces struck Houthi radar sites.", "US forces", "STATE", "us.military"),
        ("Fighters of Kataib Hizbullah were killed.", "Kataib Hizbullah", "ARMED_GROUP", "kataib-hezbollah"),
    ],
)
def test_ruler_labels_actor_mentions(nlp, text: str, span: str, label: str, actor_id: str) -> None:
    assert ents(nlp, text).get(span) == (label, actor_id)


def test_short_acronyms_match_only_in_capitals(nlp) -> None:
    assert "is" not in ents(nlp, "This is what is left of the town.")
    assert "let" not in ents(nlp, "They let the convoy pass.")  # LeT (Lashkar-e-Taiba) is case-sensitive
    assert ents(nlp, "LeT and JeM were banned.") == {
        "LeT": ("ARMED_GROUP", "lashkar-e-taiba"),
        "JeM": ("ARMED_GROUP", "jaish-e-mohammed"),
    }
    assert ents(nlp, "The AA said it took the town.").get("AA") == ("ARMED_GROUP", "arakan-army")
    upper = ents(nlp, "THE ARMY IS REPORTED TO HAVE KILLED 10 GUERRILLAS IN THE AREA.")
    assert all(actor_id != "islamic-state" for _, actor_id in upper.values())


def test_ruler_can_leave_generic_agents_out() -> None:
    import spacy

    blank = spacy.blank("en")
    add_actor_ruler(blank, generics=False)
    doc = blank("Protesters and Hezbollah fighters met police.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("Hezbollah fighters", "hezbollah")]


@pytest.mark.shared_data
def test_acled_coverage_stays_above_its_floors(shared_data: Path) -> None:
    from wirewatch.eval.actors import coverage

    floors = FLOORS["actors"]
    scores = {c.file: c for c in coverage(shared_data / "acled", mentions=500)}
    assert set(scores) == {"acled_gaza_2023_2025.csv", "acled_south_asia_2015.csv"}
    for file, metrics in floors["files"].items():
        score = scores[file].as_dict()
        for metric, floor in metrics.items():
            assert score[metric] >= floor, f"{file} {metric} {score[metric]} fell below its floor {floor}"
