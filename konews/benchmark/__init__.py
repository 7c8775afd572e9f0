"""``konews benchmark``: run a model over a config's sentences, score it, make a leaderboard row.

- ``sentences``: the sentences and their gold, read with ``datasets.load_dataset``;
- ``labels``: a token classifier's tag names -> KoNews labels and scheme;
- ``align``: token tags and LLM entity strings -> character spans;
- ``hf``: Hugging Face token classifiers (the ``models`` extra);
- ``prompt``, ``cache``, ``endpoint``: LLMs behind OpenAI-compatible endpoints;
- ``run``: spans -> prediction rows, the evaluate report, the row, the output folder;
- ``leaderboard``: ``baselines/community.jsonl`` and ``COMMUNITY.md``;
- ``tiny``: a tiny random model for the tests, the speed script and the README.
"""
