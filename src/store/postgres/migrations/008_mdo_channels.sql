-- MDO-PZ in Teams channels: the channel each kernteam linked, and the thread of each meeting in it.
CREATE TABLE mdo_channel_links (
  kernteam_id text PRIMARY KEY,
  channel_id  text NOT NULL,
  doc         jsonb NOT NULL
);
CREATE INDEX mdo_channel_links_channel ON mdo_channel_links (channel_id);

CREATE TABLE mdo_threads (
  meeting_id  text PRIMARY KEY,
  channel_id  text NOT NULL,
  activity_id text NOT NULL,
  UNIQUE (channel_id, activity_id)
);
