"""KoNews: an annotated Korean news dataset and benchmark (entities, money, events)."""

__version__ = "0.1.0"
