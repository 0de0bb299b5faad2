#!/bin/sh
# A Slurm job array runs the shards of a project (doc/scale.md): a private
# single-node Slurm (slurmctld, slurmd and munged of Debian's slurm-wlm and
# munge, on this machine, with their own configuration, ports and state in
# the test's directory) runs `tercume sync --shard $SLURM_ARRAY_TASK_ID/4`
# as an array of four, and the result is byte for byte one -j 1 run.  Skips
# when Slurm is not installed, not run as root, or does not start within a
# minute (the reason is printed).
. "$top_srcdir/tests/common.sh"

skip() { echo "SKIP: $*"; exit 77; }
PATH=$PATH:/usr/sbin:/sbin
for p in slurmctld slurmd munged sbatch sinfo; do
	command -v "$p" >/dev/null 2>&1 || skip "$p missing (apt-get install slurm-wlm munge)"
done
[ "$(id -u)" = 0 ] || skip "a private Slurm's slurmd must run as root"

S=$T/slurm
mkdir -p "$S/state" "$S/spool" "$S/log"
stop_slurm() {
	for f in slurmd slurmctld munged; do
		[ -s "$S/$f.pid" ] && kill "$(cat "$S/$f.pid")" 2>/dev/null
	done
	sleep 1
}
trap 'stop_slurm; rm -rf "$T"' EXIT
dd if=/dev/urandom of="$S/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$S/munge.key"
chown munge: "$S/munge.key" 2>/dev/null
munged --force --socket="$S/munge.sock" --key-file="$S/munge.key" --pid-file="$S/munged.pid" \
	--log-file="$S/log/munged.log" --seed-file="$S/munge.seed" 2>"$S/log/munged.err" ||
	skip "munged does not start: $(cat "$S/log/munged.err")"
host=$(hostname -s)
port=$((20000 + $$ % 20000))
{
	echo "ClusterName=tercumetest"
	echo "SlurmctldHost=$host"
	echo "SlurmctldPort=$port"
	echo "SlurmdPort=$((port + 1))"
	echo "SlurmUser=root"
	echo "SlurmdUser=root"
	echo "AuthType=auth/munge"
	echo "AuthInfo=socket=$S/munge.sock"
	echo "CredType=cred/munge"
	echo "StateSaveLocation=$S/state"
	echo "SlurmdSpoolDir=$S/spool"
	echo "SlurmctldPidFile=$S/slurmctld.pid"
	echo "SlurmdPidFile=$S/slurmd.pid"
	echo "SlurmctldLogFile=$S/log/slurmctld.log"
	echo "SlurmdLogFile=$S/log/slurmd.log"
	echo "ProctrackType=proctrack/linuxproc"
	echo "TaskPlugin=task/none"
	echo "SelectType=select/cons_tres"
	echo "SelectTypeParameters=CR_Core"
	echo "JobAcctGatherType=jobacct_gather/none"
	echo "AccountingStorageType=accounting_storage/none"
	echo "MpiDefault=none"
	echo "ReturnToService=2"
	echo "NodeName=$host CPUs=$(nproc) State=UNKNOWN"
	echo "PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP"
} >"$S/slurm.conf"
SLURM_CONF=$S/slurm.conf
export SLURM_CONF
slurmctld -f "$SLURM_CONF" 2>"$S/log/ctld.err" || skip "slurmctld does not start: $(cat "$S/log/ctld.err")"
slurmd -f "$SLURM_CONF" 2>"$S/log/slurmd.err" || skip "slurmd does not start: $(cat "$S/log/slurmd.err")"
i=0
until sinfo -h -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; do
	i=$((i + 1))
	[ $i -le 60 ] || skip "the node did not come up in a minute: $(tail -n 3 "$S/log/slurmctld.log" "$S/log/slurmd.log" 2>/dev/null | tr '\n' ' ')"
	sleep 1
done
check "a private single-node Slurm is up" true

# the project: the bundled article's paragraphs as articles
P=$T/start
mkdir -p "$P/articles/a" "$P/articles/b"
awk -v dir="$P/articles" '
	NF { n++; f = sprintf("%s/%s/p%02d.en.txt", dir, n % 2 ? "a" : "b", n); print > f; close(f) }
' "$ARTICLE"
(cd "$P" && "$TERCUME" init -q -l ru,az 'articles/*/*.en.txt' &&
	printf '[lang "az"]\ncatalogue = xliff/{name}.{lang}.xlf\n' >>tercume.ini) || exit 1
cp -a "$P" "$T/one" && cp -a "$P" "$T/array"
(cd "$T/one" && "$TERCUME" sync -q -j 1 && "$TERCUME" build -q -j 1)

{
	echo '#!/bin/sh'
	echo '#SBATCH --job-name=tercume-sync'
	echo '#SBATCH --array=1-4'
	echo "#SBATCH --output=$T/slurm-%a.out"
	echo "#SBATCH --error=$T/slurm-%a.err"
	echo "cd '$T/array' &&"
	echo '"$TERCUME" sync -q --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT &&'
	echo '"$TERCUME" build -q --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT'
} >"$T/job.sh"
export TERCUME
expect_status 0 "sbatch --wait runs the array of four shards" timeout 300 sbatch --wait "$T/job.sh"
check "every task ran, without a message" sh -c "for k in 1 2 3 4; do test -e '$T/slurm-'\$k.err && ! test -s '$T/slurm-'\$k.err || exit 1; done"
check "the array's result is one -j 1 run, byte for byte" diff -r "$T/one" "$T/array"
finish
