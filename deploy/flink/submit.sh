#!/usr/bin/env bash
# Submits the CRM Pulse job to a Flink session cluster, once: the compose file's one-shot
# submitter (README, "Running with docker compose"). It waits for the JobManager's REST API,
# leaves a CRM Pulse job that is already there alone, and otherwise runs the jar detached from the
# newest savepoint in the savepoint directory, or fresh when there is none. Arguments after the
# options go to the job (e.g. --config /opt/crm-pulse/pulse.yaml).
#
# Environment: FLINK_REST_HOST (jobmanager), FLINK_REST_PORT (8081), PULSE_JOB_JAR
# (/opt/crm-pulse/crm-pulse-job.jar), PULSE_SAVEPOINT_DIR (/flink/savepoints), PULSE_WAIT_SECONDS
# (300), and the job's own variables, which the flink client reads (README, "Configuration").
set -euo pipefail

rest_host=${FLINK_REST_HOST:-jobmanager}
rest_port=${FLINK_REST_PORT:-8081}
jar=${PULSE_JOB_JAR:-/opt/crm-pulse/crm-pulse-job.jar}
savepoints=${PULSE_SAVEPOINT_DIR:-/flink/savepoints}
wait_seconds=${PULSE_WAIT_SECONDS:-300}
job_name='CRM Pulse'

log() { echo "submit: $*" >&2; }

# GET of the REST API with bash alone: the Flink image has neither curl nor jq.
rest_get() {
    local response
    exec 3<>"/dev/tcp/$rest_host/$rest_port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$1" "$rest_host" >&3
    response=$(cat <&3)
    exec 3<&-
    [[ $response == "HTTP/1."?" 200"* ]] || return 1
    printf '%s' "${response#*$'\r\n\r\n'}"
}

# The states of the jobs named CRM Pulse, one a line, from /jobs/overview: each job's object
# starts with its "jid", and its name and state come before its nested "tasks".
job_states() {
    local overview
    overview=$(rest_get /jobs/overview) || return 1
    printf '%s' "$overview" | sed 's/{"jid"/\n&/g' | grep -F "\"name\":\"$job_name\"" |
        sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p' || true
}

[[ -f $jar ]] || { log "the job jar $jar is missing: build it with mvn -B package -DskipTests"; exit 2; }

log "waiting for the JobManager at $rest_host:$rest_port"
deadline=$((SECONDS + wait_seconds))
until rest_get /overview 2>/dev/null | grep -q '"taskmanagers":[1-9]'; do
    if ((SECONDS >= deadline)); then
        log "no JobManager with a TaskManager at $rest_host:$rest_port after ${wait_seconds}s"
        exit 1
    fi
    sleep 2
done

# A job that is not finished, cancelled or failed (running, restarting, being created) is the one
# to keep: a second copy would write the same tables and send the same alerts twice.
if job_states | grep -qvE '^(FINISHED|CANCELED|FAILED)$'; then
    log "a job named $job_name is already on the cluster: nothing to submit"
    exit 0
fi

resume=()
latest=$(ls -1td "$savepoints"/savepoint-*/ 2>/dev/null | while read -r dir; do
    [[ -f $dir/_metadata ]] && { echo "${dir%/}"; break; }
done || true)
if [[ -n $latest ]]; then
    log "resuming from the savepoint $latest"
    resume=(-s "file://$latest")
else
    log "no savepoint in $savepoints: starting fresh"
fi
exec flink run -m "$rest_host:$rest_port" -d "${resume[@]}" "$jar" "$@"
