-- One stream per patient. The stream row is the lock every append takes first,
-- so positions inside one stream are always taken in version order.
create table streams (
    stream_id        text primary key,
    version          bigint not null,
    last_recorded_at timestamptz not null,
    created_at       timestamptz not null default now()
);

create table events (
    position    bigint generated always as identity primary key,
    event_id    uuid not null unique,
    stream_id   text not null references streams (stream_id),
    version     bigint not null,
    type        text not null,
    data        jsonb not null,
    metadata    jsonb not null,
    recorded_at timestamptz not null,
    -- The writer's transaction id: global readers order by (tx_id, position) and stop at the
    -- oldest running transaction, so an event whose transaction commits late is never skipped.
    tx_id       xid8 not null default pg_current_xact_id(),
    -- The last guard of optimistic concurrency: a losing writer fails here, it never vanishes.
    constraint events_stream_version unique (stream_id, version)
);

create index events_tx_position on events (tx_id, position);
create index events_stream_recorded on events (stream_id, recorded_at);

-- Checkpoints of global-log readers (projections, the bus relay), committed with their own writes.
create table subscriptions (
    name          text primary key,
    last_tx       xid8 not null default '0'::xid8,
    last_position bigint not null default 0,
    updated_at    timestamptz not null default now()
);

-- Inline read models: written by the append, in its transaction.
create table inline_views (
    stream_id   text primary key,
    view_type   text not null,
    version     bigint not null,
    position    bigint not null,
    recorded_at timestamptz not null,
    state       jsonb not null
);

-- Appends events to one stream in one round trip.
-- p_expected is the version the caller decided on; any other current version is a conflict
-- (SQLSTATE CV409), raised before a sequence number is taken.
create function append_events(
    p_stream      text,
    p_expected    bigint,
    p_recorded_at timestamptz,
    p_ids         uuid[],
    p_types       text[],
    p_data        jsonb[],
    p_metadata    jsonb[],
    p_view_type   text,
    p_view        jsonb)
returns table (new_version bigint, first_position bigint, last_position bigint)
language plpgsql as $$
declare
    v_current bigint;
    v_count   int := coalesce(array_length(p_ids, 1), 0);
    v_first   bigint;
    v_last    bigint;
begin
    if v_count = 0 then
        raise exception 'append_events needs at least one event' using errcode = '22023';
    end if;

    if p_expected = 0 then
        insert into streams (stream_id, version, last_recorded_at)
        values (p_stream, 0, p_recorded_at)
        on conflict (stream_id) do nothing;
    end if;

    select s.version into v_current from streams s where s.stream_id = p_stream for update;
    if v_current is null or v_current <> p_expected then
        raise exception 'stream % is at version %, expected %', p_stream, coalesce(v_current, 0), p_expected
            using errcode = 'CV409';
    end if;

    with inserted as (
        insert into events (event_id, stream_id, version, type, data, metadata, recorded_at)
        select e.id, p_stream, p_expected + e.n, e.type, e.data, e.metadata, p_recorded_at
        from unnest(p_ids, p_types, p_data, p_metadata) with ordinality as e(id, type, data, metadata, n)
        order by e.n
        returning position
    )
    select min(position), max(position) into v_first, v_last from inserted;

    update streams set version = p_expected + v_count, last_recorded_at = p_recorded_at
    where stream_id = p_stream;

    if p_view_type is not null then
        insert into inline_views (stream_id, view_type, version, position, recorded_at, state)
        values (p_stream, p_view_type, p_expected + v_count, v_last, p_recorded_at, p_view)
        on conflict (stream_id) do update
            set version = excluded.version, position = excluded.position,
                recorded_at = excluded.recorded_at, state = excluded.state;
    end if;

    perform pg_notify('consent_events', p_stream || ':' || v_last);

    new_version := p_expected + v_count;
    first_position := v_first;
    last_position := v_last;
    return next;
end;
$$;
