-- Every decision writes an access-log row, so each index is paid for on the hot path. Readers only
-- ever ask for one patient's entries, newest first: one primary key on (patient, id) serves that,
-- and the separate identity key and patient index go.
alter table access_log drop constraint access_log_pkey;
drop index access_log_patient_newest;
alter table access_log add primary key (patient, id);
