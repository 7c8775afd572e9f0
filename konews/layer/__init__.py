"""The KLUE news layer: the 2,534 Wikitree news sentences of KLUE-NER v1.1 dev, re-annotated
in the KoNews schema and distributed standoff (annotations, ids, offsets and text hashes; the
text is hydrated at build time).

- ``chunks``: the annotators' working files (pre-annotation from KLUE, chunk markup, checks);
- ``standoff``: the committed gold (``annotation/klue/gold.jsonl``) and its hydration;
- ``sources``: where KLUE's text comes from (``--klue``, ``KONEWS_KLUE``, ../shared, the hub);
- ``errata``: every change the layer makes to KLUE's spans, with its reason.
"""
