"""Build src/wirewatch/data/actors_phoenix.jsonl from the Phoenix/PETRARCH actor dictionaries (MIT).

    python scripts/build_actors.py [DICTIONARIES_DIR]   # default ../shared/data/dictionaries

What is taken (see docs/actors.md):

- ``Phoenix.MilNonState.actors.txt``: non-state armed groups (START TOPS names), with their organisation-like
  aliases; people listed as aliases (leaders) are dropped.
- ``Phoenix.International.actors.txt``: intergovernmental organisations (IGO codes) and humanitarian, health,
  refugee and human-rights NGOs (NGO codes with HLH, REF, HRI), organisation-like names only.

What is not: ``Phoenix.Countries.actors.txt`` (office-holders with dates of office, generic state sectors: the
state families are generated from rules, the units that matter are curated), companies (MNC), people.

A group whose name or alias the curated dictionary or the generated state families already hold is dropped
(curated wins); an alias another Phoenix group already took is dropped from the later one.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirewatch.nlp.actors import _generate_states, normalise  # noqa: E402

OUT = ROOT / "src/wirewatch/data/actors_phoenix.jsonl"
_ORG_WORDS = """ARMY FRONT BRIGADE BRIGADES MOVEMENT GROUP GROUPS ORGANIZATION ORGANISATION PARTY FORCE FORCES LIBERATION
    RESISTANCE COMMAND COUNCIL CELLS CELL BATTALION BATTALIONS MILITIA JIHAD TALIBAN HARAKAT HARKAT JAMAAT LASHKAR
    JAISH JAYSH HIZB HIZBUL ANSAR KATAIB SARAYA TANZIM UNION COMMITTEE COMMITTEES ALLIANCE LEAGUE SOCIETY NUCLEI
    FACTION COMMANDOS COMMANDO GUERRILLA GUERRILLAS REVOLUTIONARY FEDERATION ASSOCIATION AGENCY FUND BANK COMMISSION
    PROGRAM PROGRAMME INSTITUTE FOUNDATION TRIBUNAL COURT ASSEMBLY OFFICE MISSION SECRETARIAT BUREAU CENTRE CENTER
    NETWORK BROTHERHOOD MUJAHIDEEN MUJAHIDIN MUJAHEDIN FIGHTERS DEFENDERS SQUAD SQUADS COMMUNIST TIGERS ARMED
    ACTION PATRIOTIC BLOC JAMIAT JAMIAAT JEMAAH JAMA'AT MUNAZZAMAT ORGANIZATIONS COMMUNITY BANK PARLIAMENT
    CONFERENCE INITIATIVE WATCH RELIEF AID DOCTORS MEDICINS MEDECINS RED CRESCENT CROSS"""
ORG_WORDS = set(_ORG_WORDS.split())
SMALL = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "de", "du", "des", "la", "le", "el", "al", "del", "y", "et"}
NGO_SECTORS = ("HLH", "REF", "HRI")


def parse(path: Path) -> list[dict]:
    """Blocks of a PETRARCH dictionary: head name, '+' aliases, codes (inline or on indented lines), comment."""
    blocks: list[dict] = []
    current: dict | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            current = None if not line.strip() else current
            continue
        text, _, comment = line.partition("#")
        codes = re.findall(r"\[([A-Z~-]+)(?:\s+[^\]]*)?\]", text)
        dated = bool(re.search(r"\[[A-Z]+\s+[<>]?\d", text))
        name = re.sub(r"\[[^\]]*\]", "", text).strip()
        if line[0] in " \t":
            if current is not None:
                current["codes"] += codes
                current["dated"] |= dated
            continue
        if line.startswith("+"):
            if current is not None:
                current["aliases"] += [a.strip() for a in name[1:].split("+") if a.strip()]
            continue
        current = {"name": name, "aliases": [], "codes": codes, "dated": dated, "comment": comment.strip()}
        blocks.append(current)
    return blocks


def words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", name.strip("_ ")) if w]


def org_like(name: str) -> bool:
    """An organisation's name, not a person's: one of the organisation words and another word beside it."""
    ws = [w.strip("().,").upper() for w in words(name)]
    org = [w for w in ws if w in ORG_WORDS or any(w.startswith(p + "-") for p in ("AL", "HIZB"))]
    rest = [w for w in ws if w not in ORG_WORDS and w.lower() not in SMALL]
    return bool(org) and bool(rest) and len(ws) >= 2


def pretty(name: str) -> tuple[str, list[str]]:
    """'ABU_NIDAL_ORGANIZATION_(ANO)_' -> ('Abu Nidal Organization', ['ANO'])."""
    acronyms = re.findall(r"\(([A-Z0-9-]{4,})\)", name)  # 3-letter ones collide too often (ANA, PLA, FBL)
    text = re.sub(r"\([^)]*\)", " ", name)
    out = []
    for n, w in enumerate(words(text)):
        low = w.lower()
        if w.upper() in {"UN", "EU", "US", "UK", "UN.", "U.N."}:
            out.append(w.upper())
        elif n and low in SMALL:
            out.append(low)
        elif re.fullmatch(r"[A-Z]{2,4}", w) and w not in ORG_WORDS and not re.search(r"[AEIOUY]", w):
            out.append(w)  # an acronym
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out), acronyms


def distinctive(name: str) -> bool:
    """Safe to match in text: three words or more, an acronym, or a transliterated word ("Al-Faruq Brigades").

    Two-word English names ("Red Line", "Direct Action", "Palestinian Resistance") are everyday phrases: they only
    resolve through lookup().
    """
    ws = name.split()
    return len(ws) >= 3 or name.isupper() or any(re.search(r"[-'’]", w) for w in ws)


def slug(name: str) -> str:
    return "-".join(normalise(name).split())[:60]


def country_of(code: str, iso3: dict[str, str]) -> str | None:
    return iso3.get(code[:3])


def convert(block: dict, kind: str, iso3: dict[str, str]) -> dict | None:
    codes = block["codes"]
    if not codes or block["dated"] or not org_like(block["name"]):
        return None
    code = codes[0]
    if kind == "milnonstate":
        type_, label = "armed_group", "ARMED_GROUP"
        country = country_of(code, iso3) if "REB" in code or "INS" in code else None
    elif code.startswith("IGO"):
        type_, label, country = "igo", "IGO", None
    elif code.startswith("NGO") and any(s in code for s in NGO_SECTORS):
        type_, label, country = "ngo", "ORG", country_of(code[3:], iso3)
    else:
        return None
    name, acronyms = pretty(block["name"])
    aliases = []
    for alias in block["aliases"]:
        if org_like(alias) and not re.match(r"(ABU|IBN|SHEIKH|SHAYKH)_", alias.upper()):
            text, more = pretty(alias)
            aliases.append(text)
            acronyms += more
    aliases += acronyms
    record = {"id": slug(name), "name": name, "type": type_, "label": label, "country": country, "parent": None}
    names = [a for a in dict.fromkeys([name, *aliases])]
    record["aliases"] = [a for a in names[1:] if distinctive(a)]
    record["lookup"] = [a for a in names if not distinctive(a)]
    if not record["lookup"]:
        del record["lookup"]
    record["note"] = f"Phoenix {kind} [{code}]" + (f": {block['comment']}" if block["comment"] else "")
    return record


def main(folder: Path) -> None:
    import pycountry

    iso3 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    rules = json.loads((ROOT / "src/wirewatch/data/actor_rules.json").read_text(encoding="utf-8"))
    taken: set[str] = set()
    ids: set[str] = set()
    for line in (ROOT / "src/wirewatch/data/actors.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        ids.add(record["id"])
        taken |= {normalise(n) for n in [record["name"], *record.get("aliases", ()), *record.get("lookup", ())]}
    for actor in _generate_states(rules)[1]:
        taken |= {normalise(n) for n in actor.names()}
    out = []
    for kind, file in (("milnonstate", "Phoenix.MilNonState.actors.txt"), ("international", "Phoenix.International.actors.txt")):
        for block in parse(folder / file):
            record = convert(block, kind, iso3)
            if record is None or normalise(record["name"]) in taken or record["id"] in ids:
                continue
            record["aliases"] = [a for a in record["aliases"] if normalise(a) not in taken and len(normalise(a)) > 2]
            taken |= {normalise(n) for n in [record["name"], *record["aliases"]]}
            ids.add(record["id"])
            out.append(record)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} entries -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/dictionaries")
