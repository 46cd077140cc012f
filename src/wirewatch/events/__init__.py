"""Events: who did what to whom, where, when, how many killed — with the evidence.

``extract`` finds event mentions per sentence in a spaCy parse (a trigger lexicon in ``data/event_triggers.tsv``,
dependency rules for actors, recipients, places, dates and counts); ``merge`` joins the mentions of one real-world
event within an article and across the articles of a story.
"""
