"""Geocoding: a gazetteer compiled from installed GeoNames packages, toponym recognition and resolution."""

from wirewatch.geo.gazetteer import Candidate, Gazetteer
from wirewatch.geo.geocoder import Geocoder

__all__ = ["Candidate", "Gazetteer", "Geocoder"]
