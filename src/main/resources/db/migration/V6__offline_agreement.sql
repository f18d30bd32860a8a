-- When the LLM classified a batch, what the offline classifier said about the same text at that moment (before
-- it could learn from this batch): /api/stats and /metrics report how often the two agree. NULL for batches the
-- offline classifier decided itself.
ALTER TABLE classifications ADD COLUMN offline_category TEXT;
