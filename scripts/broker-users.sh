# Broker users of the demo hospital systems and of the authentic source (deaths). The broker checks
# each message's user_id against the connection's user, so the service can trust user_id to know who
# sent a command (RabbitMq:Users in appsettings.Development.json maps them to institutions).
#
# What each sender may do on the broker (the same rules an operator sets for a real hospital):
# - publish commands to consent.commands;
# - create, bind and read only queues of its own namespace his.<user>.* (where its replies go, and
#   where it may follow events), and server-named amq.gen-* queues;
# - bind to consent.events only with the exact routing keys of events that are not exclusions:
#   exclusions are the patient's secret (topic permissions; wildcards such as # or patient.* are refused).
readonly PUBLIC_EVENT_KEYS='^patient\.(consent-given|consent-revoked|patient-deceased|therapeutic-relation-added|therapeutic-relation-renewed|therapeutic-relation-ended)$'

create_demo_his_users() {
  local name="$1" port="$2" user own
  for user in his-az-delta his-uz-gent authentic-source; do
    rabbit_ctl "$name" "$port" -q list_users 2>/dev/null | grep -q "^$user[[:space:]]" ||
      rabbit_ctl "$name" "$port" -q add_user "$user" "$user" >/dev/null
    own="^his\\.${user//./\\.}\\..*"
    rabbit_ctl "$name" "$port" -q set_permissions -p / "$user" \
      "$own|^amq\\.gen.*" "^consent\\.commands\$|$own|^amq\\.gen.*" "^consent\\.events\$|$own|^amq\\.gen.*" >/dev/null
    rabbit_ctl "$name" "$port" -q set_topic_permissions -p / "$user" consent.events '^$' "$PUBLIC_EVENT_KEYS" >/dev/null
    # The "management" tag lets it use the HTTP API as well (rabbitmqadmin publish); its permissions stay these.
    rabbit_ctl "$name" "$port" -q set_user_tags "$user" management >/dev/null
  done
}
