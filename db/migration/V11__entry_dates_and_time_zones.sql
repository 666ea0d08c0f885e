-- The moment an entry is about (issue 16), apart from when it was written (created_at) and last changed
-- (updated_at): it starts as created_at and the user may move it back, or up to a day ahead. Lists, the calendar and
-- "on this day" read it.
-- Existing rows take their created_at in one UPDATE, which rewrites the table once under the migration's lock
-- (about a minute for 5,000,000 notes on 2 cores); the default serves rows written by other tools. An imported note
-- dated before 1900 (a zero time some tools write) is dated 1900-01-01, the earliest an entry may be.
ALTER TABLE note ADD COLUMN entry_date timestamptz;
UPDATE note SET entry_date = greatest(created_at, '1900-01-01 00:00:00+00');
ALTER TABLE note
    ALTER COLUMN entry_date SET NOT NULL,
    ALTER COLUMN entry_date SET DEFAULT now(),
    ADD CONSTRAINT note_entry_date_from_1900 CHECK (entry_date >= '1900-01-01 00:00:00+00');

-- Newest first by the entry's date, ties broken by id, for one user: pages with a (date, id) cursor, a month of the
-- calendar and one day of each earlier year. It replaces the (user_id, id) index, which served the id order only.
CREATE INDEX note_user_entry_date_idx ON note (user_id, entry_date DESC, id DESC);
DROP INDEX note_user_id_id_idx;

-- The user's IANA time zone, set from the Mini App; null until then (the service's default applies). The service
-- checks that both Java and PostgreSQL know the name before keeping it.
ALTER TABLE telegram_user
    ADD COLUMN time_zone text CONSTRAINT telegram_user_time_zone_name CHECK (time_zone ~ '^[A-Za-z0-9_+./-]{1,64}$');
