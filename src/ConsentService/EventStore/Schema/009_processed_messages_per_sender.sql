-- A message_id is unique per sender (api.md): the same id from two hospitals is two messages, and one
-- hospital can never make another's command look already applied. Ids recorded before carry no sender.
alter table processed_messages add column sender text not null default '';
alter table processed_messages drop constraint processed_messages_pkey;
alter table processed_messages add primary key (sender, message_id);
