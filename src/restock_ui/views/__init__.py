"""View-models taken out of the pages: the frames, choices and sentences a page shows,
worked out from what the core returns (no drawing here; the pages draw)."""
