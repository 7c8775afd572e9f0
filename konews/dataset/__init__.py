"""The Hugging Face dataset: features, rows, the build, the card and licence, standoff
builds and hydration."""
