"""Label Studio: the labeling config, tasks/exports <-> records, export checks, the
server supervisor, the REST client and the annotator workflow."""
