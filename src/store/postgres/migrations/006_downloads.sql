-- Exports waiting for the one person they were made for, so a link made by one instance is
-- served by another. Taken (deleted) when fetched; removed by the sweep once expired.
CREATE TABLE downloads (
  file_id      text PRIMARY KEY,
  owner_id     text NOT NULL,
  name         text NOT NULL,
  content_type text NOT NULL,
  expires_at   timestamptz NOT NULL,
  data         bytea NOT NULL
);
CREATE INDEX downloads_expires_at ON downloads (expires_at);
