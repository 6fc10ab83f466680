-- The first schema: one table per aggregate. Typed columns hold what is queried (ids, refs,
-- state, dates, region); `doc` holds the aggregate as the application writes it.

CREATE TABLE consults (
  id           text PRIMARY KEY,
  ref          text NOT NULL UNIQUE,
  requester_id text NOT NULL,
  form_id      text NOT NULL,
  status       text NOT NULL,
  is_open      boolean NOT NULL,
  version      integer NOT NULL,
  created_at   timestamptz NOT NULL,
  closed_at    timestamptz,
  purged_at    timestamptz,
  doc          jsonb NOT NULL
);
-- A resubmitted form finds the open consult it made; once closed, the form may be used again.
CREATE UNIQUE INDEX consults_open_form ON consults (requester_id, form_id) WHERE is_open;
CREATE INDEX consults_open ON consults (created_at) WHERE is_open;
CREATE INDEX consults_created_at ON consults (created_at);
CREATE INDEX consults_to_purge ON consults (closed_at) WHERE purged_at IS NULL AND closed_at IS NOT NULL;

-- occurred_at: when the contact took place (contact log schema version 3); figures select on it.
CREATE TABLE contacts (
  id          text PRIMARY KEY,
  region_id   text NOT NULL,
  occurred_at timestamptz NOT NULL,
  doc         jsonb NOT NULL
);
CREATE INDEX contacts_region_occurred_at ON contacts (region_id, occurred_at);
CREATE INDEX contacts_occurred_at ON contacts (occurred_at);

CREATE TABLE acps (
  patient_ref text PRIMARY KEY,
  imported_at timestamptz NOT NULL,
  doc         jsonb NOT NULL
);

CREATE TABLE deaths (
  patient_ref text PRIMARY KEY,
  region_id   text NOT NULL,
  doc         jsonb NOT NULL
);
CREATE INDEX deaths_region ON deaths (region_id);

CREATE TABLE mdo_series (
  id  text PRIMARY KEY,
  doc jsonb NOT NULL
);

CREATE TABLE mdo_meetings (
  id        text PRIMARY KEY,
  ref       text NOT NULL UNIQUE,
  version   integer NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at   timestamptz NOT NULL,
  doc       jsonb NOT NULL
);
CREATE INDEX mdo_meetings_ends_at ON mdo_meetings (ends_at);

CREATE TABLE imported_rosters (
  roster_id   text PRIMARY KEY,
  imported_at timestamptz NOT NULL,
  revision    bigint NOT NULL,
  doc         jsonb NOT NULL
);

CREATE TABLE channel_addresses (
  person_id text PRIMARY KEY,
  doc       jsonb NOT NULL
);

CREATE TABLE card_handles (
  object_id text NOT NULL,
  person_id text NOT NULL,
  handle    text NOT NULL,
  PRIMARY KEY (object_id, person_id)
);
