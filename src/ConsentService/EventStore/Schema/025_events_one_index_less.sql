-- Every read of one stream, "as recorded at" an instant included, filters its few events through the
-- unique (stream_id, version) index: events_stream_recorded served no query, and every append paid for
-- keeping it (one of five index inserts per event).
drop index if exists events_stream_recorded;
