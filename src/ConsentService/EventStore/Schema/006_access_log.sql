-- Every decision made for a real access (asked by a provider or a hospital system), for patients,
-- their representatives and auditors to read. Append-only; written in batches, one insert over arrays per batch.
create table access_log (
    id             bigint generated always as identity primary key,
    patient        text not null,
    logged_at      timestamptz not null,
    decided_for    timestamptz not null,       -- the instant the question was about ("at")
    provider       text not null,              -- the NIHDI number as asked
    document_type  text,
    decision       text not null,
    reasons        text[] not null,
    break_the_glass text,
    review_required boolean not null,
    requested_by   jsonb not null,
    position       bigint not null
);

create index access_log_patient_newest on access_log (patient, id desc);
create index access_log_review on access_log (logged_at) where review_required;
