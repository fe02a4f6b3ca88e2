-- The access log chains batch by batch (architecture.md, "Integrity"). Each flushed batch is one
-- row here: hash = sha256(previous batch's hash || digest of its entries), the digest being
-- SHA-256 over the canonical bytes of its entries in id order (Auditing/AccessLogCanonical.cs).
-- Entries name their batch. A removed or changed entry changes its batch's digest; a removed batch
-- leaves a gap in the numbers. Entries logged before this script are put into batches by the
-- migrator's C# step right after it.
alter table access_log add column batch bigint;

create table access_log_batches (
    batch      bigint primary key,
    hash       bytea not null,
    entries    int not null,
    written_at timestamptz not null default now()
);

-- The chain's head: one row, locked by each batch's insert for the few milliseconds up to its commit,
-- so that batches chain one after the other even when several flushers (and replicas) write.
create table access_log_head (
    singleton boolean primary key default true check (singleton),
    batch     bigint not null,
    hash      bytea not null
);

insert into access_log_head (batch, hash)
values (0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
