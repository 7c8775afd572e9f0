"""The gold annotation as records: pass markup, inter-annotator agreement and statistics."""
