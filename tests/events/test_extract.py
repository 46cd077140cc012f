"""The event extractor on real parses (the NLP stage's pipeline, entities, places and dates): types, modes, ACLED
codes, participants, places, counts, flags — and what must not become an event or a casualty."""

from __future__ import annotations

import pytest

from wirewatch.models import EventMention
from wirewatch.nlp.annotate import Annotator, Text


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator.load()


def events(annotator: Annotator, text: str, published: str | None = "2024-05-08") -> list[EventMention]:
    return next(annotator.annotate([Text(text, published)])).events


def one(annotator: Annotator, text: str, type_: str = "ASSAULT") -> EventMention:
    found = [e for e in events(annotator, text) if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger) for e in events(annotator, text)]
    return found[0]


def test_air_strike_with_actor_place_date_and_toll(annotator: Annotator) -> None:
    text = "On 6 May 2024, Israeli warplanes struck a house in Gaza City, killing at least 12 people."
    e = one(annotator, text)
    assert (e.mode, e.acled_event_type, e.acled_sub_event_type, e.cameo_root) == (
        "aerial", "Explosions/Remote violence", "Air/drone strike", "19",
    )  # fmt: skip
    assert [a.country for a in e.actors] == ["IL"]
    assert e.place is not None and e.place.name == "Gaza" and e.place.country == "PS"
    assert (e.date, e.date_precision) == ("2024-05-06", "day")
    assert e.fatalities is not None and (e.fatalities.value, e.fatalities.qualifier) == (12, "at least")
    assert text[e.trigger_start : e.trigger_end] == e.trigger == "struck"
    assert text[e.sentence_start : e.sentence_end] == text
    assert text[e.fatalities.start : e.fatalities.end] == e.fatalities.text


def test_the_weapon_named_gives_the_mode(annotator: Annotator) -> None:
    assert one(annotator, "Israeli tanks opened fire on homes east of Khan Younis.").acled_sub_event_type == (
        "Shelling/artillery/missile attack"
    )
    assert one(annotator, "Hamas fired mortar shells at Israeli troops.").mode == "heavy-weapons"
    assert one(annotator, "A roadside bomb exploded near a police convoy in Kandahar.").mode == "explosives"


def test_armed_sides_make_a_battle_and_people_make_an_attack_on_civilians(annotator: Annotator) -> None:
    clash = one(annotator, "Hamas militants clashed with Israeli troops in Rafah.")
    assert (clash.acled_event_type, clash.acled_sub_event_type) == ("Battles", "Armed clash")
    assert {p.entity_id for p in clash.actors} == {"hamas"}
    attack = one(annotator, "Gunmen shot dead a farmer in his field near Maiduguri.")
    assert (attack.acled_event_type, attack.acled_sub_event_type) == ("Violence against civilians", "Attack")
    assert attack.fatalities is not None and attack.fatalities.value == 1


def test_protests_riots_and_arrests(annotator: Annotator) -> None:
    rally = one(annotator, "Thousands of students rallied in Dhaka on Sunday.", "PROTEST")
    assert (rally.acled_event_type, rally.acled_sub_event_type) == ("Protests", "Peaceful protest")
    dispersed = one(annotator, "Police fired tear gas to disperse protesters who marched in Nairobi.", "PROTEST")
    assert dispersed.acled_sub_event_type == "Protest with intervention"
    arrest = one(annotator, "Police arrested 12 opposition activists in Karachi.", "COERCE")
    assert (arrest.acled_event_type, arrest.acled_sub_event_type) == ("Strategic developments", "Arrests")
    assert arrest.fatalities is None


def test_a_workers_strike_is_a_protest_not_an_attack(annotator: Annotator) -> None:
    found = events(annotator, "Municipal workers went on strike in Vijayawada over unpaid wages.")
    assert [e.type for e in found] == ["PROTEST"]


def test_consultations_and_visits(annotator: Annotator) -> None:
    visit = one(annotator, "Prime Minister Najib Mikati visited the southern city of Tyre on Saturday.", "CONSULT")
    assert visit.mode == "visit" and visit.place is not None and visit.place.country == "LB"
    assert [a.name for a in visit.actors] == ["Najib Mikati"]
    assert visit.recipients == []  # a city visited is the place, not a party


def test_flags_negation_hypothesis_future_claim_and_campaign_totals(annotator: Annotator) -> None:
    assert "negated" in one(annotator, "The army did not attack the village.").flags
    assert "hypothetical" in one(annotator, "Iran could attack Israel if the war expands.").flags
    assert "future" in one(annotator, "The rebels will attack the capital next week.").flags
    claimed = one(annotator, "Airstrikes killed four people in Hodeidah, the Houthis said.")
    assert "claimed" in claimed.flags and claimed.claimed_by is not None and claimed.claimed_by.entity_id == "houthis"
    total = one(annotator, "The campaign of airstrikes has killed at least 65 people since March.")
    assert "cumulative" in total.flags and total.fatalities is not None and total.fatalities.value == 65


def test_numbers_that_are_not_casualties_never_become_casualties(annotator: Annotator) -> None:
    text = (
        "Mikati called for the implementation of UN Resolution 1701 and Resolution 2735. The number of students who "
        "took their exams reached 5,470 out of 5,624. The Pentagon put the number of strikes on Tuesday at more than "
        "200. The militias fired 29 rockets at the base."
    )
    counts = [q.value for e in events(annotator, text) for q in (e.fatalities, e.injured) if q is not None]
    assert not set(counts) & {1701, 2735, 5470, 5624, 200, 29}


def test_a_casualty_sentence_joins_the_attack_it_reports(annotator: Annotator) -> None:
    text = "Israeli warplanes struck an apartment in Gaza City. A child was killed and two people were injured."
    found = events(annotator, text)
    assert len(found) == 1
    assert found[0].fatalities is not None and found[0].fatalities.value == 1
    assert found[0].injured is not None and found[0].injured.value == 2


def test_names_and_modifiers_are_not_triggers(annotator: Annotator) -> None:
    text = "The Popular Mobilization Forces held a press conference about the protest movement."
    assert not [e for e in events(annotator, text) if e.type in ("MOBILIZE", "PROTEST")]


def test_without_an_anchor_a_date_is_never_invented(annotator: Annotator) -> None:
    found = events(annotator, "Rebels attacked an army post in the north.", published=None)
    assert found and all(e.date is None and e.date_precision == "unknown" for e in found)
    with_anchor = events(annotator, "Rebels attacked an army post in the north.", published="2024-05-08")
    assert with_anchor[0].date == "2024-05-08" and with_anchor[0].date_precision == "week"


def test_fighting_between_two_sides_names_both_and_is_a_battle(annotator: Annotator) -> None:
    e = one(annotator, "Fighting erupted between Myanmar Armed Forces and the Kachin Independence Army in Hpakant.")
    assert (e.acled_event_type, e.acled_sub_event_type) == ("Battles", "Armed clash")
    assert {p.name for p in e.actors + e.recipients} >= {"Military Forces of Myanmar", "Kachin Independence Army"}
    took = one(annotator, "A gun battle took place between the Indian army and militants in Tral.")
    assert took.acled_event_type == "Battles" and "place" not in [p.name for p in took.recipients]
    assert "gun" not in [p.name for p in took.actors]  # the weapon of a gun battle is no side of it


def test_a_gathering_is_a_protest_only_with_a_purpose(annotator: Annotator) -> None:
    e = one(annotator, "Ten people gathered outside City Hall to demand a speedy resolution of land disputes.", "PROTEST")
    assert e.acled_event_type == "Protests"
    assert [x for x in events(annotator, "World leaders gathered in Paris on Sunday.") if x.type == "PROTEST"] == []
    mourners = "Hundreds of mourners gathered in the village for the funeral of the victims."
    assert [x for x in events(annotator, mourners) if x.type == "PROTEST"] == []


def test_arrests_at_a_protest_are_its_policing_not_an_acled_event_of_their_own(annotator: Annotator) -> None:
    found = events(annotator, "On February 1st, police arrested teachers who were protesting against the government.")
    arrest = next(e for e in found if e.type == "COERCE")
    protest = next(e for e in found if e.type == "PROTEST")
    assert (arrest.mode, arrest.acled_event_type) == ("arrest", None)
    assert (protest.acled_event_type, protest.acled_sub_event_type) == ("Protests", "Protest with intervention")
    alone = one(annotator, "Police arrested five militants in Srinagar on Tuesday.", "COERCE")
    assert (alone.acled_event_type, alone.acled_sub_event_type) == ("Strategic developments", "Arrests")
    text = "Members of the party staged a protest in Chinnappa Park on Monday. Police arrested several protesters."
    found = events(annotator, text)
    arrest = next(e for e in found if e.type == "COERCE")
    protest = next(e for e in found if e.type == "PROTEST")
    assert (arrest.acled_event_type, protest.acled_sub_event_type) == (None, "Protest with intervention")
    apart = events(annotator, text.replace(" Police", "\n\nLater, police"))  # another paragraph: an event of its own
    assert next(e for e in apart if e.type == "COERCE").acled_sub_event_type == "Arrests"


def test_arson_by_a_crowd_is_a_riot_and_set_on_fire_is_not_future(annotator: Annotator) -> None:
    e = one(annotator, "Opposition supporters torched a passenger bus in Feni on Monday.", "COERCE")
    assert (e.acled_event_type, e.acled_sub_event_type) == ("Riots", "Violent demonstration")
    fire = one(annotator, "At least three buses were set on fire in Comilla on Monday.", "COERCE")
    assert fire.trigger == "set on fire" and "future" not in fire.flags


def test_a_sentence_without_a_place_takes_its_paragraphs_last_place(annotator: Annotator) -> None:
    text = (
        "Israeli warplanes struck a house in Rafah on Monday, killing two. Later, another strike hit a car, killing"
        " three.\nIn a separate statement, the army said it had struck 40 targets."
    )
    found = [e for e in events(annotator, text) if e.type == "ASSAULT"]
    second = next(e for e in found if text[e.sentence_start :].startswith("Later"))
    assert second.place is not None and second.place.text == "Rafah"
    third = next(e for e in found if text[e.sentence_start :].startswith("In a separate"))
    assert third.place is None  # a new paragraph does not inherit


@pytest.mark.parametrize(
    ("text", "type_", "mode", "actor", "recipient"),
    [
        ("Kenya accused Somalia of meddling in its elections.", "ACCUSE", "allege", "Kenya", "Somalia"),
        ("Ghana recalled its ambassador to Nigeria after the dispute.", "SANCTION", "withdraw", "Ghana", "Nigeria"),
        ("Senegal broke off diplomatic relations with Gambia.", "SANCTION", "withdraw", "Senegal", "Gambia"),
        ("The Turkish foreign minister telephoned his Greek counterpart.", "CONSULT", "phone", "Turkish", "Greek"),
        ("Egypt is about to restore diplomatic ties with Qatar.", "COOPERATE", None, "Egypt", "Qatar"),
        ("Germany sent medical supplies to Libya after the floods.", "AID", None, "Germany", None),
        ("Russia massed troops along its border with Ukraine.", "MOBILIZE", "troops", "Russia", None),
        ("The opposition rejected the government's proposal.", "REJECT", None, "opposition", "government"),
    ],
)
def test_diplomacy_aid_and_sanctions_with_their_parties(
    annotator: Annotator, text: str, type_: str, mode: str | None, actor: str, recipient: str | None
) -> None:
    e = one(annotator, text, type_)
    assert e.mode == mode
    assert any(actor in p.text for p in e.actors), e.actors
    if recipient is not None:  # a country a relation or a statement is about is a party, not the place
        assert any(recipient in p.text for p in e.recipients), e.recipients
    assert e.acled_event_type is None  # no ACLED event: a statement or a relation, not political violence


def test_a_country_struck_is_where_force_was_used_not_a_party(annotator: Annotator) -> None:
    struck = one(annotator, "Israeli warplanes struck Lebanon on Tuesday.")
    assert struck.recipients == [] and struck.place is not None and struck.place.country == "LB"


@pytest.mark.parametrize(
    "text",
    [
        "A flood killed 20 people in Kerala.",
        "Twenty people were killed in floods in Kerala.",
        "The confirmed toll of the June 24 earthquakes in Venezuela rises to over 1400 people killed.",
        "Five people were killed and 12 injured in a road accident near Multan.",
        "Two soldiers were killed when their helicopter crashed in Balochistan.",
        "At least 30 people were killed in a stampede at the stadium.",
        "The cholera outbreak has killed 200 people in Yemen.",
        "A landslide strikes two boats docked at a river port in Ucayali, Peru, killing at least twelve people.",
        "The death toll from heavy rains and flooding in Pakistan increases to 107 people killed and 344 injured.",
        "Three people are killed, four others are injured, and nine are missing after a panga boat capsizes near a beach.",
        "Two people are killed and two others are trapped when an under-construction library collapses in Gwangju.",
        "A Swiss tourist is killed and another person is critically injured in a bull shark attack off the coast.",
        "Fifteen people are killed and thirteen others are injured in a fire at a hotel in Kolkata.",
        "A bus fell down a 100-meter gorge in Uttarakhand, India, killing six and injuring 22.",
        "One person is killed and eight others are injured when a Mw 6.3 earthquake strikes Da Qaidam, Qinghai, China.",
        "Nine people are killed and seven others are injured in an explosion at a factory in Quatro Barras, Brazil.",
    ],
)
def test_deaths_a_hazard_disease_or_accident_caused_are_no_conflict_event(annotator: Annotator, text: str) -> None:
    assert [e for e in events(annotator, text) if e.type == "ASSAULT"] == []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Airstrikes killed 12 people in the earthquake-hit town of Jindires.", "Air/drone strike"),  # an attack word
        ("Gunmen killed four villagers in Zamfara after the floods.", "Attack"),  # an armed actor
        ("Three people were killed in clashes after the storm.", "Mob violence"),  # clashes
        ("Israeli fire killed two people in Khan Younis.", "Attack"),  # fire is no hazard word
    ],
)
def test_killings_near_a_hazard_word_stay_events(annotator: Annotator, text: str, sub_event_type: str) -> None:
    assert one(annotator, text).acled_sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("AIADMK workers burnt Mr. Elangovan's effigy at Srirangam.", "burnt"),
        ("Protesters burned tyres on the highway in Lahore.", "burned"),
        ("Thousands of farmers staged 'rasta roko' in Nagpur for the second day.", "rasta roko"),
        ("Over 7,000 developers participated in a peace march in Thane city.", "peace march"),
        ("Lawyers of the district court launched a boycott of the court on 28 Jan.", "boycott"),
        ("Tamil groups organised a shutdown in the northern regions on Monday.", "shutdown"),
        ("Lawyers staged a protest programme in Tinsukia on 21 May.", "protest"),  # what a light verb did
        ("The workers union conducted protests nation wide on Monday.", "protests"),  # a misspelling misleads the parse
    ],
)
def test_south_asian_and_other_protest_forms(annotator: Annotator, text: str, trigger: str) -> None:
    e = one(annotator, text, "PROTEST")
    assert (e.trigger, e.acled_event_type) == (trigger, "Protests")


def test_protest_words_that_are_no_protest(annotator: Annotator) -> None:
    text = "The government shutdown ended in March. The firm unveiled an attack helicopter programme. A man was burnt."
    assert [e.type for e in events(annotator, text) if e.type == "PROTEST"] == []


def test_a_partys_supporters_are_a_crowd_and_their_arson_a_violent_demonstration(annotator: Annotator) -> None:
    bnp = one(annotator, "Another bus was torched near Gulistan in Dhaka on Sunday by BNP supporters.", "COERCE")
    assert (bnp.acled_sub_event_type, [(a.text, a.entity_id) for a in bnp.actors]) == (
        "Violent demonstration", [("BNP supporters", "bnp")],
    )  # fmt: skip
    guessed = one(annotator, "Hartal supporters also burnt three vehicles at a market in Chittagong.", "COERCE")
    assert (guessed.acled_sub_event_type, [(a.text, a.entity_id) for a in guessed.actors]) == (
        "Violent demonstration", [("Hartal supporters", None)],
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Fighting between Myanmar government troops and MNDAA troops intensified around Laukkai.",  # a gerund subject
        "Fighting continued for a third day between the KIA and government troops east of Hpakant.",  # between, lower
        "A Shibir leader was killed in a shootout between RAB personnel and suspected blockaders in Gaibandha.",
    ],
)
def test_fighting_and_shootouts_between_armed_sides_are_battles(annotator: Annotator, text: str) -> None:
    e = one(annotator, text)
    assert (e.acled_event_type, e.acled_sub_event_type) == ("Battles", "Armed clash")


def test_hacking_and_slaughter_are_attacks_on_people_only(annotator: Annotator) -> None:
    killed = one(annotator, "Two brothers were hacked to death by miscreants in Narail on Sunday.")
    assert killed.acled_event_type == "Violence against civilians"
    assert killed.fatalities is not None and killed.fatalities.value == 2
    slain = one(annotator, "An Awami League activist was slaughtered in Jessore on Thursday night.")
    assert slain.place is not None and slain.place.country == "BD"
    assert events(annotator, "Villagers slaughtered 20 cows for Eid.") == []
    assert events(annotator, "Hackers hacked the ministry website on Monday.") == []


def test_set_on_fire_around_its_object_and_gunbattles(annotator: Annotator) -> None:
    burnt = one(annotator, "Militants set a JCB machine and two buses on fire at Soroda village on Tuesday night.", "COERCE")
    assert burnt.acled_sub_event_type == "Looting/property destruction"
    assert [p.name for p in burnt.recipients] != [] and all(p.name != "fire" for p in burnt.recipients)
    assert all(e.type != "COERCE" for e in events(annotator, "The government set a deadline for the talks on Monday."))
    battle = one(annotator, "A gunbattle broke out between militants and security forces in Kupwara on Wednesday.")
    assert battle.acled_event_type == "Battles"


def test_a_sentence_without_a_place_takes_the_next_sentences_in_its_paragraph(annotator: Annotator) -> None:
    text = (
        "Seven people were injured as assailants blasted two crude bombs in front of the market on Thursday. "
        "Local people took them to a hospital in Rajshahi.\n"
        "Two people were injured when assailants hurled a bomb at a bus on Friday.\n"
        "Police said the situation in Khulna was calm."
    )
    first, second = [e for e in events(annotator, text) if e.type == "ASSAULT"][:2]
    assert first.place is not None and first.place.name == "Rajshahi"
    assert second.place is None  # the next paragraph is another report


def test_labour_strikes_sit_ins_blockades_and_gathered_protesters(annotator: Annotator) -> None:
    for text in (
        "More than 40 employees of a cable company staged a strike over a series of demotions.",
        "A strike was imposed since 27 April by the United Naga Council in Manipur.",
        "About 100 contractual workers were on a sit-in before the main gate of the plant since Tuesday.",
        "The countrywide indefinite transport blockade entered the 12th day on Saturday.",
        "Anti-China protesters gathered in the lead-up to a visit by the Chinese president.",
    ):
        assert one(annotator, text, "PROTEST").acled_event_type == "Protests", text
    assert one(annotator, "An Israeli strike killed three people in Khan Younis on Tuesday.").type == "ASSAULT"
    assert all(e.type != "PROTEST" for e in events(annotator, "Students gathered in the hall for the exam."))
    march = one(annotator, "Ex-servicemen held a protest march demanding the new pension scheme without delay.", "PROTEST")
    assert "negated" not in march.flags  # "without delay" says how, not whether
    assert "negated" in one(annotator, "The hartal day passed without any clash in the district.").flags


def test_unclaimed_destruction_in_a_protest_paragraph_is_a_riot(annotator: Annotator) -> None:
    burnt = one(annotator, "On Wednesday (Day 9 of hartal) assailants set fire to a microbus at Asadgate.", "COERCE")
    assert (burnt.acled_event_type, burnt.acled_sub_event_type) == ("Riots", "Violent demonstration")
    settlers = one(annotator, "Israeli settlers torched two Palestinian cars in Huwara on Monday.", "COERCE")
    assert settlers.acled_event_type == "Strategic developments"


def test_stone_pelting_excessive_force_and_attacks_on_posts(annotator: Annotator) -> None:
    stones = one(annotator, "Youths hurled stones at a CRPF bunker in Sopore on Friday.")
    assert stones.acled_event_type == "Riots"
    force = one(annotator, "At least eight protesters were injured as police opened fire on the protesters in Nawalpur.")
    assert (force.acled_event_type, force.acled_sub_event_type) == ("Protests", "Excessive force against protesters")
    posts = one(annotator, "Pakistani troops targeted Indian posts in Poonch district on Thursday.")
    assert posts.acled_event_type == "Battles"


def test_what_a_protest_is_about_ranks_below_the_protest(annotator: Annotator) -> None:
    found = events(annotator, "Students from several colleges staged protests after a woman was raped by a cook.")
    protest = next(e for e in found if e.type == "PROTEST")
    rape = next(e for e in found if e.type == "ASSAULT")
    assert rape.confidence < protest.confidence  # still recorded, as the protest's background


def test_an_exchange_of_fire_is_a_battle_and_only_weapons_are_intercepted(annotator: Annotator) -> None:
    battle = one(annotator, "An exchange of fire occurred between Hamas militants and Israeli troops in Gaza City.")
    assert (battle.acled_event_type, battle.acled_sub_event_type) == ("Battles", "Armed clash")
    assert all(e.type != "COERCE" for e in events(annotator, "Militants intercepted his motorcycle in Quetta."))
    assert one(annotator, "The army intercepted a missile over Haifa on Sunday.", "COERCE").acled_sub_event_type == (
        "Disrupted weapons use"
    )


def test_units_are_armed_targets_and_a_protested_country_is_not_the_place(annotator: Annotator) -> None:
    battle = one(annotator, "FMLN units attacked two infantry brigade battalion companies in San Salvador.")
    assert battle.acled_event_type == "Battles"
    protest = one(
        annotator,
        "Iranian Americans hold protests outside SoFi Stadium in Inglewood, California, against the Iran regime.",
        "PROTEST",
    )
    assert protest.place is not None and protest.place.country == "US"


def test_rebels_who_recapture_a_town_overtake_it(annotator: Annotator) -> None:
    taken = one(annotator, "Al-Shabaab militants recapture Moqokori, a town in the Hiiraan region of Somalia.")
    assert taken.acled_sub_event_type == "Non-state actor overtakes territory"


def test_idioms_and_dismissals_are_no_attacks(annotator: Annotator) -> None:
    assert [
        e for e in events(annotator, "The directive seeks to strike a balance between the interests.") if e.type == "ASSAULT"
    ] == []
    assert [e for e in events(annotator, "The board of OpenAI fired Sam Altman on Friday.") if e.type == "ASSAULT"] == []
    assert one(annotator, "Hamas militants fired mortar shells toward Israeli forces northwest of Gaza City.").type == "ASSAULT"
    # an explosion near warehouses with no casualties and no accident word stays an event (MUC-3: a bombing campaign)
    assert (
        one(annotator, "Eight explosions were reported near the houses of the prefect and near four warehouses.").type
        == "ASSAULT"
    )


def test_a_modifier_that_names_no_one_is_no_actor(annotator: Annotator) -> None:
    dawn = one(annotator, "Early morning attacks by the IDF on Gaza killed 91 Palestinians.")
    assert [p.name for p in dawn.actors] == ["Israel Defense Forces"]
    talks = one(annotator, "Peace talks with Russia will resume in Istanbul.", "CONSULT")
    assert "peace" not in {p.text.lower() for p in talks.actors}
    assert [p.text for p in one(annotator, "A bandit attack on a village in Zamfara killed 12.").actors] == ["bandit"]


def test_a_states_strike_or_bombing_is_from_the_air_and_an_unclaimed_bombing_is_planted(annotator: Annotator) -> None:
    strike = one(annotator, "Eight people were killed in an Israeli strike on a house in Nabatieh.")
    assert (strike.actors[0].country, strike.acled_sub_event_type) == ("IL", "Air/drone strike")
    bombing = one(annotator, "Nine people were killed and 22 others injured in a bombing at a coffeehouse in Damascus, Syria.")
    assert bombing.acled_sub_event_type == "Remote explosive/landmine/IED"
    assert (bombing.fatalities and bombing.fatalities.value, bombing.injured and bombing.injured.value) == (9, 22)
    assert "Syria" not in {p.text for p in bombing.recipients}  # where the coffeehouse is, not whom it hit


def test_the_killed_and_the_injured_of_one_strike_are_one_event(annotator: Annotator) -> None:
    e = one(annotator, "Three people are killed and 10 others are injured in an overnight Russian drone strike on Dnipro.")
    assert (e.acled_sub_event_type, e.actors[0].country) == ("Air/drone strike", "RU")
    assert (e.fatalities and e.fatalities.value, e.injured and e.injured.value) == (3, 10)


def test_whose_strike_it_is_and_what_it_follows_decide_a_labour_strike(annotator: Annotator) -> None:
    doctors = events(annotator, "The doctors' strike continued in Lahore for a third day.")
    assert [(e.type, e.acled_event_type) for e in doctors] == [("PROTEST", "Protests")]
    text = "A Ukrainian drone strike hit Novorossiysk. The mayor declared an emergency following the strikes."
    assert "PROTEST" not in {e.type for e in events(annotator, text)}
    for text in (
        "Over 3,000 teachers continued their strike on Monday.",  # "their": the teachers'
        "The students' union enacted a 48-hour strike against the bomb blast.",  # how long: a labour strike
        "The activist has been on a food strike since January 16.",
    ):
        assert [e.acled_event_type for e in events(annotator, text)][:1] == ["Protests"], text
    assert [e.type for e in events(annotator, "Israel continued its strikes on Gaza, killing 12 people.")] == ["ASSAULT"]


def test_a_country_that_addresses_a_place_is_no_recipient(annotator: Annotator) -> None:
    e = one(annotator, "The Royal Saudi Air Force struck the port of Mukalla, Yemen, targeting a ship.")
    assert "Yemen" not in {p.text for p in e.recipients}
    assert e.place is not None and e.place.name == "Mukalla"


def test_an_offensive_is_a_battle_whoever_launches_it(annotator: Annotator) -> None:
    found = events(annotator, "This is the deadliest attack since Puntland launched an offensive in December.")
    offensive = [(e.acled_event_type, e.acled_sub_event_type) for e in found if e.trigger == "offensive"]
    assert offensive == [("Battles", "Armed clash")]  # not "Riots / Mob violence" for want of an armed side


@pytest.mark.parametrize(
    ("text", "type_", "place"),
    [
        (  # a division in an organisation's name is a clue, not where
            "Students of the Odisha University of Agriculture Technology staged a demonstration in front of the State "
            "Assembly in Bhubaneswar on Monday.",
            "PROTEST",
            "Bhubaneswar",
        ),
        ("Maoists vandalized an office of the National Highways Authority of India at Kalamassery.", "PROTEST", "Kalamassery"),
        (  # the ends of a road are not where
            "Assailants set fire to a bus on the Dhaka-Bogra highway in Bogra town on Wednesday night.",
            "COERCE",
            "Bogra",
        ),
        (  # a possessor names the place that holds the event's place
            "At least 10 people were injured in a clash between Awami League supporters in Jamalpur's Sarishabari municipality.",
            "ASSAULT",
            "Sarishābāri",
        ),
    ],
)
def test_the_place_is_the_one_named_as_where(annotator: Annotator, text: str, type_: str, place: str) -> None:
    found = [e for e in events(annotator, text) if e.type == type_]
    assert found and found[0].place is not None and found[0].place.name == place, [(e.type, e.place) for e in found]


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Lawyers in Lucknow attacked an official outside the district court on Monday.", "Mob violence"),
        ("Supporters of a political party assaulted three shopkeepers at a bazar in Begusarai.", "Mob violence"),
        ("Fifteen people were injured as some persons attacked the house of a candidate in Rajshahi.", "Mob violence"),
        ("A group of youths attacked a police convoy near Karimabad in Pulwama district.", "Violent demonstration"),
    ],
)
def test_an_unarmed_crowd_that_attacks_riots(annotator: Annotator, text: str, sub_event_type: str) -> None:
    e = one(annotator, text)
    assert (e.acled_event_type, e.acled_sub_event_type) == ("Riots", sub_event_type)


@pytest.mark.parametrize(
    ("text", "acled"),
    [
        ("Gunmen attacked a village in Zamfara, killing 12 people.", ("Violence against civilians", "Attack")),
        ("Israeli settlers attacked Palestinian farmers near Nablus, injuring two.", ("Violence against civilians", "Attack")),
        ("Four men fired at a family outside a shop in Pattani, killing one.", ("Violence against civilians", "Attack")),
    ],
)
def test_armed_men_and_settlers_who_attack_are_no_crowd(annotator: Annotator, text: str, acled: tuple[str, str]) -> None:
    e = one(annotator, text)
    assert (e.acled_event_type, e.acled_sub_event_type) == acled


def test_a_clash_of_activists_with_police_is_a_riot_unless_an_armed_group_fights(annotator: Annotator) -> None:
    injured = one(annotator, "At least seven activists were injured in a clash with police in Rajshahi on Sunday.")
    assert (injured.acled_event_type, injured.acled_sub_event_type) == ("Riots", "Violent demonstration")
    both = one(annotator, "The protest turned violent after activists and cops clashed at the Esplanade crossing in Kolkata.")
    assert both.acled_event_type == "Riots"
    militants = one(annotator, "Militants clashed with police in Kupwara, and two activists were injured.")
    assert militants.acled_event_type == "Battles"


def test_blocking_is_a_protest_only_when_no_armed_side_blocks(annotator: Annotator) -> None:
    trains = one(annotator, "Gujjar community members blocked trains in Rajasthan, demanding job security.", "PROTEST")
    assert trains.acled_event_type == "Protests"
    road = [e for e in events(annotator, "Israeli forces blocked the road to Nablus.")]
    assert [(e.type, e.mode, e.acled_event_type) for e in road] == [("COERCE", "restrict", None)]
    burnt = one(annotator, "Blockaders set alight five vehicles in Dinajpur on Thursday.", "COERCE")
    assert burnt.acled_event_type == "Riots"


def test_a_vehicle_is_armed_only_when_the_text_says_whose(annotator: Annotator) -> None:
    car = one(annotator, "Unidentified militants opened fire at their vehicle in Karachi, injuring two men.")
    assert car.acled_event_type == "Violence against civilians"
    jeep = one(annotator, "Hamas fighters opened fire at an Israeli military vehicle in Beit Hanoun.")
    assert jeep.acled_event_type == "Battles"
