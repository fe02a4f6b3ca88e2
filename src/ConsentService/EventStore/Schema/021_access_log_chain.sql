-- The access log chains batch by batch (architecture.md, "Integrity"). Each flushed batch is one
-- row of access_log_batches: hash = sha256(previous hash of its lane || digest of its entries), the
-- digest being SHA-256 over the canonical bytes of its entries in id order
-- (Auditing/AccessLogCanonical.cs); entries name their batch. A removed or changed entry changes
-- its batch's digest; a removed batch leaves a gap in its lane's numbers.
--
-- Why lanes: one chain for the whole log would make every flusher of every replica wait for the
-- previous batch's commit before chaining its own, and the log is the decisions' hot path. Each
-- flusher instead holds a lane of its own (a session advisory lock on its dedicated connection) and
-- chains onto that lane's head only. Lanes outlive flushers: a lane whose holder is gone is taken
-- over by the next flusher that claims one. Entries logged before this script are chained in lane 0
-- by the migrator's C# step right after it.
alter table access_log add column batch bigint;

create table access_log_lanes (
    lane int primary key,
    seq  bigint not null default 0,
    hash bytea not null default '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
);

create table access_log_batches (
    id         bigint generated always as identity primary key,
    lane       int not null references access_log_lanes (lane),
    seq        bigint not null,
    hash       bytea not null,
    entries    int not null,
    written_at timestamptz not null default now(),
    constraint access_log_batches_lane_seq unique (lane, seq)
);

insert into access_log_lanes (lane) values (0);

-- A lane for the calling session's flusher: the lowest one no live session holds, or a new one.
-- Exclusivity only spares flushers from waiting on each other: the lane row's lock keeps a lane's
-- chain consistent even if two sessions ever wrote to it.
create function claim_access_log_lane() returns int
language plpgsql as $$
declare
    v_lane int;
begin
    for v_lane in select lane from access_log_lanes where lane > 0 order by lane loop
        if pg_try_advisory_lock(1094929479, v_lane) then
            return v_lane;
        end if;
    end loop;
    loop
        select coalesce(max(lane), 0) + 1 into v_lane from access_log_lanes;
        if pg_try_advisory_lock(1094929479, v_lane) then
            insert into access_log_lanes (lane) values (v_lane) on conflict (lane) do nothing;
            return v_lane;
        end if;
    end loop;
end;
$$;
