"""The names the pipeline activities are registered under (histories record them; workflows call methods)."""

from __future__ import annotations

INGEST = "pipeline.ingest"
BUILD_FEATURES = "pipeline.build_features"
CHAMPIONS = "pipeline.champions"
PREDICT = "pipeline.predict"
FIND_EDGES = "pipeline.find_edges"
QUOTE = "pipeline.quote"
ISSUE = "pipeline.issue"

ALL = (INGEST, BUILD_FEATURES, CHAMPIONS, PREDICT, FIND_EDGES, QUOTE, ISSUE)
