"""Incremental story clustering."""

from __future__ import annotations

from wirewatch.dedup.stories import StoryClusterer

STRIKE_1 = "Suspected US airstrikes in Yemen killed at least four people near the Red Sea port of Hodeidah, the Houthis said."
STRIKE_2 = "US airstrikes on Houthi positions near Hodeidah port in Yemen killed four people overnight, Houthi media reported."
QUAKE = "A magnitude 6.1 earthquake struck eastern Turkey, damaging buildings in Malatya province and injuring dozens."


def test_two_reports_of_one_incident_join_one_story_and_another_incident_opens_its_own() -> None:
    clusterer = StoryClusterer()
    a = clusterer.add("a", "US strikes kill four near Hodeidah", [STRIKE_1], "2025-04-02")
    b = clusterer.add("b", "Airstrikes hit Hodeidah, four dead", [STRIKE_2], "2025-04-02")
    c = clusterer.add("c", "Earthquake in eastern Turkey", [QUAKE], "2025-04-02")
    assert a.new_story and not b.new_story and c.new_story
    assert a.story_id == b.story_id != c.story_id


def test_reports_weeks_apart_do_not_join_a_story_whose_window_has_passed() -> None:
    clusterer = StoryClusterer()
    a = clusterer.add("a", "US strikes kill four near Hodeidah", [STRIKE_1], "2025-04-02")
    b = clusterer.add("b", "Airstrikes hit Hodeidah, four dead", [STRIKE_2], "2025-06-20")
    assert a.story_id != b.story_id


def test_a_forced_story_is_joined_and_changes_are_handed_over_once() -> None:
    clusterer = StoryClusterer()
    a = clusterer.add("a", None, [STRIKE_1], None)
    q = clusterer.add("q", None, [QUAKE], None, story_id=a.story_id)
    assert q.story_id == a.story_id and q.similarity == 1.0
    touched, delta = clusterer.take_changes()
    assert [s.id for s in touched] == [a.story_id] and touched[0].size == 2 and delta
    assert clusterer.take_changes() == ([], {})


def test_story_ids_are_content_hashes_of_the_first_article() -> None:
    first = StoryClusterer().add("a", None, [STRIKE_1], None)
    again = StoryClusterer().add("a", None, [QUAKE], None)
    assert first.story_id == again.story_id and len(first.story_id) == 16
