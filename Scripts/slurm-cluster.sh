#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for hporun's Slurm tests and for trying
# `--launcher slurm` by hand: munged, slurmctld and one slurmd, from Debian's packages,
# with no systemd and no cgroups. Everything lives in one state directory; each daemon is
# tracked by its pid file, and its log is kept there.
#
#   Scripts/slurm-cluster.sh install   apt-get the packages if they are missing
#   Scripts/slurm-cluster.sh up        start what is not running; wait until the node is idle
#   Scripts/slurm-cluster.sh down      stop the daemons (the state directory stays)
#   Scripts/slurm-cluster.sh status    say what runs; exit 0 only if the cluster is usable
#   Scripts/slurm-cluster.sh env       print the line to source: export SLURM_CONF=...
#
# Every command is idempotent. The state directory is $HPORUN_SLURM_STATE, by default
# /tmp/hporun-slurm: the Slurm tests look for its slurm.conf there.
set -euo pipefail

STATE=${HPORUN_SLURM_STATE:-/tmp/hporun-slurm}
CONF="$STATE/slurm.conf"
MUNGE_SOCKET="$STATE/munge/munge.socket.2"
export SLURM_CONF="$CONF"

log() { printf 'slurm-cluster: %s\n' "$*" >&2; }

alive() {  # alive PIDFILE: the daemon named by the file (munged.pid: munged) runs with that pid
    local pid name
    [[ -s "$1" ]] || return 1
    pid=$(cat "$1")
    name=$(basename "$1" .pid)
    # A pid file left by a machine's earlier life may name a pid now used by another program.
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]]
}

install_packages() {
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
        && command -v munged >/dev/null; then
        return 0
    fi
    log "installing slurmctld slurmd slurm-client munge (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # A registry that hiccups once should not fail a CI run: three tries.
    for try in 1 2 3; do
        if apt-get update -qq && apt-get install -y -qq --no-install-recommends \
            slurmctld slurmd slurm-client munge >/dev/null; then
            return 0
        fi
        log "apt-get failed (try $try of 3)"
        sleep 5
    done
    return 1
}

write_config() {
    mkdir -p "$STATE/munge" "$STATE/ctld" "$STATE/spool"
    # munged checks that no parent of its socket is writable by others without the sticky
    # bit, and every parent must be world-executable so that job users reach the socket.
    chmod 0755 "$STATE" "$STATE/munge"
    if [[ ! -s "$STATE/munge/munge.key" ]]; then
        dd if=/dev/urandom of="$STATE/munge/munge.key" bs=1024 count=1 status=none
        chmod 0400 "$STATE/munge/munge.key"
    fi
    local cpus
    cpus=$(nproc)
    # batch_sched_delay=0: the default of 3 s makes queued jobs start only every 3 s.
    # OverSubscribe=FORCE:10 lets many small test jobs share the cores. KillWait=2: scancel's
    # SIGKILL comes 2 s after its SIGTERM (default 30 s).
    cat >"$CONF.tmp" <<EOF
# Written by Scripts/slurm-cluster.sh: a one-node test cluster.
ClusterName=hporun-test
SlurmctldHost=localhost
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
KillWait=2
MinJobAge=300
ReturnToService=2
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:10
EOF
    mv -f "$CONF.tmp" "$CONF"
}

node_idle() {
    sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'
}

up() {
    install_packages
    write_config
    if ! alive "$STATE/munged.pid"; then
        log "starting munged"
        munged --force --key-file="$STATE/munge/munge.key" --socket="$MUNGE_SOCKET" \
            --pid-file="$STATE/munged.pid" --log-file="$STATE/munged.log" --seed-file="$STATE/munge/seed"
    fi
    if ! alive "$STATE/slurmctld.pid"; then
        log "starting slurmctld"
        slurmctld -f "$CONF"
    fi
    if ! alive "$STATE/slurmd.pid"; then
        log "starting slurmd"
        slurmd -f "$CONF" -N localhost
    fi
    local waited=0
    until node_idle; do
        for daemon in munged slurmctld slurmd; do
            if ! alive "$STATE/$daemon.pid" && [[ $waited -gt 2 ]]; then
                log "$daemon is not running; its log: $STATE/$daemon.log"
                tail -n 20 "$STATE/$daemon.log" >&2 || true
                exit 1
            fi
        done
        if [[ $waited -ge 60 ]]; then
            log "the node did not become idle in 60 s; sinfo says:"
            sinfo -N >&2 || true
            exit 1
        fi
        # A node that was down (an earlier slurmd died) comes back once slurmd runs again.
        scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
        sleep 1
        waited=$((waited + 1))
    done
    log "up: $(sinfo -h -N -o '%N %T %c CPUs') (export SLURM_CONF=$CONF)"
}

down() {
    if [[ -s "$CONF" ]] && alive "$STATE/slurmctld.pid"; then
        scancel --quiet --user="$(id -un)" 2>/dev/null || true
    fi
    for daemon in slurmd slurmctld munged; do
        if alive "$STATE/$daemon.pid"; then
            local pid
            pid=$(cat "$STATE/$daemon.pid")
            log "stopping $daemon (pid $pid)"
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$STATE/$daemon.pid"
    done
}

status() {
    local usable=0
    for daemon in munged slurmctld slurmd; do
        if alive "$STATE/$daemon.pid"; then
            echo "$daemon: running (pid $(cat "$STATE/$daemon.pid"))"
        else
            echo "$daemon: not running"
            usable=1
        fi
    done
    if [[ $usable -eq 0 ]] && node_idle; then
        echo "node: $(sinfo -h -N -o '%N %T')"
    else
        echo "node: not usable"
        usable=1
    fi
    return $usable
}

case "${1:-}" in
    install) install_packages ;;
    up) up ;;
    down) down ;;
    status) status ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    *)
        echo "usage: $0 install|up|down|status|env" >&2
        exit 2
        ;;
esac
