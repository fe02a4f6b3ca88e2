# Broker users of the demo hospital systems and of the authentic source (deaths). The broker checks
# each message's user_id against the connection's user, so the service can trust user_id to know who
# sent a command (RabbitMq:Users in appsettings.Development.json maps them to institutions).
create_demo_his_users() {
  local name="$1" port="$2" user
  for user in his-az-delta his-uz-gent authentic-source; do
    rabbit_ctl "$name" "$port" -q list_users 2>/dev/null | grep -q "^$user[[:space:]]" ||
      rabbit_ctl "$name" "$port" -q add_user "$user" "$user" >/dev/null
    # A sender may publish commands and read its reply queues, nothing else. The "management" tag lets
    # it use the HTTP API as well (rabbitmqadmin publish); its permissions stay these ones.
    rabbit_ctl "$name" "$port" -q set_permissions -p / "$user" '^amq\.gen.*|^his\..*' '^consent\.commands$|^amq\.gen.*|^his\..*' '^consent\.events$|^amq\.gen.*|^his\..*' >/dev/null
    rabbit_ctl "$name" "$port" -q set_user_tags "$user" management >/dev/null
  done
}
