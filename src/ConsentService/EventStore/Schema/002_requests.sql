-- Idempotency-Key answers, written in the transaction of the request's events.
create table idempotent_requests (
    principal    text not null,
    key          text not null,
    request_hash text not null,
    status_code  int not null,
    headers      jsonb not null,
    body         text,
    created_at   timestamptz not null default now(),
    primary key (principal, key)
);

-- Bus messages already applied, by message_id, written in the transaction of their events.
create table processed_messages (
    message_id   text primary key,
    processed_at timestamptz not null default now()
);
