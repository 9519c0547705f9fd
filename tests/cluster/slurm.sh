#!/usr/bin/env bash
# slurm.sh CLI: a one-node Slurm cluster on the loopback address (munged, slurmctld and
# slurmd with configuration, keys and state in a temporary folder, started and stopped
# here), a 4-task job array of a sharded export (--shard auto) submitted with sbatch, and
# the result compared byte for byte with a single-machine export. Runs as root (slurmd
# starts job steps as their user); CI runs it so, and it fails with the reason otherwise.
set -euo pipefail
cli=$(readlink -f "$1")
tmp=$(mktemp -d /tmp/augstudio-slurm.XXXXXX)
chmod 700 "$tmp"
pids=()
cleanup() {
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
    for p in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "slurm: $*" >&2
    for log in "$tmp"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
    exit 1
}
[ "$(id -u)" -eq 0 ] || fail "needs root: slurmd runs each job step as its user"
for p in munged slurmctld slurmd sbatch sinfo; do
    command -v "$p" >/dev/null || [ -x "/usr/sbin/$p" ] || fail "$p is not installed (scripts/deps installs slurm-wlm and munge)"
done
PATH=$PATH:/usr/sbin

# munge: a generated key, its own socket; nothing in /etc is used or changed.
mkdir -p "$tmp/munge"
chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munged.log" \
    --seed-file="$tmp/munge/munge.seed" --force 2>>"$tmp/munged.log" \
    || fail "munged did not start"
for _ in $(seq 50); do [ -s "$tmp/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/munge/munged.pid")")

# Two free loopback ports for the daemons.
read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
mkdir -p "$tmp/state" "$tmp/spool"
cpus=$(nproc)
cat >"$tmp/slurm.conf" <<CONF
ClusterName=augstudio
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=augnode NodeAddr=127.0.0.1 NodeHostname=$(hostname) CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=augnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -i -f "$SLURM_CONF" >>"$tmp/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -N augnode -f "$SLURM_CONF" >>"$tmp/slurmd.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
    state=$(sinfo -h -n augnode -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || fail "a daemon exited (pid $p)"; done
    sleep 0.1
done
[ "$state" = idle ] || fail "the node did not become idle (state '$state')"

# The dataset, the pipeline, and the single-machine export to compare with.
mkdir -p "$tmp/data/in"
for i in $(seq 0 31); do
    c=$([ $((i % 3)) -eq 0 ] && echo complaint || echo praise)
    printf '%s\tthe room number %d was clean and the staff were kind\n' "$c" "$i"
done >"$tmp/data/in/reviews.tsv"
cat >"$tmp/data/p.json" <<'JSON'
{"version": 1, "modality": "text", "seed": 31, "steps": [
  {"transform": "text.random_swap", "p": 1.0}, {"transform": "text.char_noise", "p": 0.5}]}
JSON
"$cli" export --pipeline "$tmp/data/p.json" --input "$tmp/data/in/reviews.tsv" \
    --output "$tmp/data/single" --copies 2 --jobs 1 >/dev/null

# The array, from the script the CLI prints; sbatch --wait returns when every task ended.
"$cli" export --pipeline "$tmp/data/p.json" --input "$tmp/data/in/reviews.tsv" \
    --output "$tmp/data/array" --copies 2 --emit-sbatch 4 >"$tmp/data/job.sh"
(cd "$tmp/data" && timeout 300 sbatch --wait --quiet job.sh) \
    || fail "the job array failed: $(cat "$tmp"/data/augstudio-export-*.log 2>/dev/null)"
logs=$(ls "$tmp"/data/augstudio-export-*_*.log | wc -l)
[ "$logs" -eq 4 ] || fail "expected 4 task logs, found $logs"
grep -h "^exported" "$tmp"/data/augstudio-export-*.log | sed 's/^/task: /'

# Byte for byte, apart from summary.json's run time and output path.
strip_summary() {
    /usr/bin/python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); j.pop("time_s"); j.pop("output"); print(json.dumps(j, sort_keys=True))' "$1"
}
diff <(cd "$tmp/data/single" && find . -type f | sort) <(cd "$tmp/data/array" && find . -type f | sort) \
    || fail "the array wrote other files than the single export"
(cd "$tmp/data/single" && find . -type f ! -name summary.json) | while read -r f; do
    cmp -s "$tmp/data/single/$f" "$tmp/data/array/$f" || fail "$f differs"
done
[ "$(strip_summary "$tmp/data/single/summary.json")" = "$(strip_summary "$tmp/data/array/summary.json")" ] \
    || fail "summary.json differs"
echo "slurm: 4-task array of $(wc -l <"$tmp/data/single/manifest.jsonl") outputs equals the single export"
