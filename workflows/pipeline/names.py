"""Names of the pipeline's activities: the workflow calls them by name, the activity class registers them."""

from __future__ import annotations

INGEST = "pipeline.ingest"
BUILD_FEATURES = "pipeline.build_features"
CHAMPIONS = "pipeline.champions"
PREDICT = "pipeline.predict"
FIND_EDGES = "pipeline.find_edges"
QUOTE = "pipeline.quote"
ISSUE = "pipeline.issue"

ALL = (INGEST, BUILD_FEATURES, CHAMPIONS, PREDICT, FIND_EDGES, QUOTE, ISSUE)
