#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, for `mre repro --executor slurm` and its tests:
#   build/slurm-local.sh start    install Debian's packages when missing, write the config, start munged,
#                                 slurmctld and slurmd, and wait until `sinfo` shows the node idle
#   build/slurm-local.sh stop     stop the daemons this script started (by their pid files)
#   build/slurm-local.sh status   say whether the cluster is up (exit 0) or not (exit 1)
# Needs root (the daemons run as root: SlurmUser=root) and apt-get when the packages are missing (Debian 12 ships
# Slurm 22.05). Every daemon listens and talks on 127.0.0.1 only. The configuration is /etc/slurm/slurm.conf, which
# Slurm's commands read by default; the script refuses to overwrite one it did not write (a real cluster's).
# Exit codes: 0 done, 1 failed, 3 cannot run here (not root, no apt-get): callers such as tests skip on 3.
set -euo pipefail

marker="# written by build/slurm-local.sh"
conf=/etc/slurm/slurm.conf
state=/var/spool/slurm-local
logs=/var/log/slurm-local
run=/run/slurm-local
munge_pid=/run/munge/munged.pid
host="$(hostname -s)"

say() { echo "slurm-local: $*" >&2; }
cannot() { say "$*"; exit 3; }

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return
  fi
  command -v apt-get >/dev/null || cannot "slurmctld, slurmd, sbatch or munged is missing and there is no apt-get to install them."
  say "installing slurmctld slurmd slurm-client munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q slurmctld slurmd slurm-client munge >/dev/null; then
    apt-get update -q >/dev/null
    apt-get install -y -q slurmctld slurmd slurm-client munge >/dev/null || cannot "apt-get could not install the Slurm packages."
  fi
}

write_config() {
  if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
    say "$conf exists and was not written by this script (a real cluster's?); leaving it alone."
    exit 1
  fi
  local cpus mem_mb
  cpus="$(nproc)"
  # Leave 512 MiB to the system; slurmd refuses a node that claims more memory than it has.
  mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  mkdir -p /etc/slurm "$state/ctld" "$state/d" "$logs" "$run"
  cat > "$conf.tmp" <<EOF
$marker: a single-node cluster on 127.0.0.1 (build/slurm-local.sh stop; rm this file to forget it)
ClusterName=mre-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldAddr=127.0.0.1
SlurmctldPort=6817
SlurmdPort=6818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=100000
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
MinJobAge=600
DefMemPerCPU=$(( mem_mb / cpus ))
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$conf.tmp" "$conf"
}

start_munge() {
  if running "$munge_pid"; then
    return
  fi
  mkdir -p /run/munge
  chown munge:munge /run/munge
  chmod 0755 /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  runuser -u munge -- /usr/sbin/munged --origin=127.0.0.1
}

start() {
  [ "$(id -u)" -eq 0 ] || cannot "needs root (the daemons run as root); run it as root or use a real cluster."
  if status >/dev/null 2>&1; then
    say "already up: $(sinfo --noheader --format='%N %t %c CPUs %m MB' 2>/dev/null)"
    return
  fi
  install_packages
  write_config
  start_munge
  running "$run/slurmctld.pid" || slurmctld
  running "$run/slurmd.pid" || slurmd
  # The node registers within seconds; a restart after an unclean stop may leave it down: resume it.
  for _ in $(seq 1 60); do
    local node_state
    node_state="$(sinfo --noheader --nodes="$host" --format=%t 2>/dev/null | head -n 1 || true)"
    case "$node_state" in
      idle|mix|alloc) say "up: $(sinfo --noheader --format='%N %t %c CPUs %m MB, partition %P')"; return ;;
      down*|drain*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 1
  done
  say "the node did not become idle within 60 s; see $logs/slurmctld.log and $logs/slurmd.log"
  exit 1
}

stop() {
  local pid_file
  for pid_file in "$run/slurmd.pid" "$run/slurmctld.pid"; do
    if running "$pid_file"; then
      kill "$(cat "$pid_file")"
      for _ in $(seq 1 30); do running "$pid_file" || break; sleep 0.5; done
    fi
    rm -f "$pid_file"
  done
  if running "$munge_pid"; then
    kill "$(cat "$munge_pid")"
  fi
  say "stopped"
}

status() {
  running "$run/slurmctld.pid" && running "$run/slurmd.pid" || { say "down"; return 1; }
  local node_state
  node_state="$(sinfo --noheader --nodes="$host" --format=%t 2>/dev/null | head -n 1 || true)"
  case "$node_state" in
    idle|mix|alloc) say "up: node $host $node_state"; return 0 ;;
    *) say "daemons running, node $host ${node_state:-unknown}"; return 1 ;;
  esac
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
