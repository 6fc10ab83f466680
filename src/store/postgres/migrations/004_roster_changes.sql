-- What specialists change in chat on top of the rosters: absences with their replacement,
-- shift swaps (an approved one is a roster override) and hand-over notes.
CREATE TABLE absences (
  id        text PRIMARY KEY,
  person_id text NOT NULL,
  -- When the absence stops holding: its end, or when it was ended early.
  ends_at   timestamptz NOT NULL,
  doc       jsonb NOT NULL
);
CREATE INDEX absences_ends_at ON absences (ends_at);

CREATE TABLE roster_swaps (
  id       text PRIMARY KEY,
  version  integer NOT NULL,
  status   text NOT NULL,
  ends_at  timestamptz NOT NULL,
  doc      jsonb NOT NULL
);
CREATE INDEX roster_swaps_status_ends_at ON roster_swaps (status, ends_at);

CREATE TABLE handover_notes (
  roster_id   text NOT NULL,
  handover_at timestamptz NOT NULL,
  doc         jsonb NOT NULL,
  PRIMARY KEY (roster_id, handover_at)
);
