"""The corpus: news pages cleaned into documents, their sources and provenance, splits,
the KLUE-NER reader and synthetic documents."""
