-- The statistics of one region read only that region's consults: by sub-region, then request time.
CREATE INDEX consults_sub_region_created ON consults ((doc->'request'->>'subRegionId'), created_at);
