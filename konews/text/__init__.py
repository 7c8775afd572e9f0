"""Text processing with no knowledge of the corpus: sentence segmentation, BIO tags <->
spans, the money normalizer."""
