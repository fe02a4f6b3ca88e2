# Broker users of the demo hospital systems. The broker checks each message's user_id against the
# connection's user, so the service can trust user_id to know which hospital sent a command.
create_demo_his_users() {
  local name="$1" port="$2" user
  for user in his-az-delta his-uz-gent; do
    rabbit_ctl "$name" "$port" -q list_users 2>/dev/null | grep -q "^$user" && continue
    rabbit_ctl "$name" "$port" -q add_user "$user" "$user" >/dev/null
    # A hospital may publish commands and read its reply queues, nothing else.
    rabbit_ctl "$name" "$port" -q set_permissions -p / "$user" '^amq\.gen.*|^his\..*' '^consent\.commands$|^amq\.gen.*|^his\..*' '^consent\.events$|^amq\.gen.*|^his\..*' >/dev/null
  done
}
