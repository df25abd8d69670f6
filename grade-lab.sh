#!/usr/bin/env bash
#
# The grader: boots the kernel once per test in batch mode (conf/batch.sh),
# checks the serial console's lines, and prints a line per test, a score and,
# last, "N passed, N failed". Exit status 0 only when every test passes.
#
# usage: ./grade-lab.sh [-v] [-j N] [-l] [TEST|PATTERN]...
#   -v      print every test's log after its result line
#   -j N    run N tests at once (default: the number of CPUs)
#   -l      list the tests and exit
#   TEST    run only these tests: an exact name, a shell glob (`'mon-*'`)
#           or a prefix (`gdb` runs gdbinit, gdb-boot and gdb-traps)
#
# Logs go to $OBJDIR/grade/NAME.log (OBJDIR defaults to obj) and stay there.
# Run directly, the script first builds with `make -s build`; `make grade`
# builds before calling it.
#
# The tests are declared at the bottom of this file in a small language:
#
#   t NAME 'KERNEL ARGS'    start a test; the arguments go to conf/batch.sh
#                           as shell-quoted words: 'run=hello',
#                           "mon='showmappings 0xef000000 0xef003000'"
#     want 'ERE'            some line matches (grep -E syntax)
#     want_seq 'ERE'...     lines matching these appear in this order
#     never 'ERE'           no line matches
#     count N 'ERE'         exactly N lines match
#     mem MB                QEMU's memory (default 128)
#     cpus N                QEMU's CPUs (default $CPUS, else 1)
#     timeout S             time limit in seconds (default 30)
#     fails                 the run must end in a kernel panic
#     custom FUNC           run `FUNC LOGFILE` instead of the batch run
#     fs                    start the file server: without this line every
#                           test gets the kernel option `nofs` (labs 1-4)
#     fsimg none|corrupt    boot with no file system disk, or one whose
#                           super block is damaged
#     input 'TEXT'          type TEXT on the console (printf escapes, \r ends
#                           a line): the kernel runs without `batch`, so a
#                           breakpoint enters the monitor; end TEXT with
#                           `exit\r` (conf/batch.sh -i)
#
# Every test that is not custom also gets, without asking: the kernel option
# `audit`; batch status 0 (the system went idle); a "page audit: OK" line;
# equal "free pages: N (boot)" and "free pages: N (idle)" lines; no
# "kernel panic" line (with `fails`: status 2 and a "kernel panic" line
# instead of all of these); and never "page audit: N problems" or
# "kernel warning".
#
# A custom FUNC is called in the test's own subshell with the log's path.
# It writes the log, prints on stdout why it failed if it did, and returns
# 0 or 1. The test's want/never/count lines then check that log too.
# It can read TEST_NAME, TEST_INDEX, TEST_ARGS, TEST_MEM and TEST_TIMEOUT.

set -u
cd "$(dirname "$0")" || exit 2
# EPOCHREALTIME and `wait -n` need bash 5.
((BASH_VERSINFO[0] >= 5)) || { echo "grade-lab.sh: needs bash 5 or later" >&2; exit 2; }

OBJDIR=${OBJDIR:-obj}
GRADEDIR=$OBJDIR/grade
QEMU=${QEMU:-qemu-system-i386}
export OBJDIR QEMU

# Every QEMU this run starts carries this in its -name, so an interrupted
# run can find and stop exactly its own.
RUN_TAG=grade.$$

# The run's own directory, removed at the end. It holds a copy of the
# kernel image, so that a build, a `make qemu` or another grader in this
# checkout can neither change the image under the tests nor hold QEMU's
# lock on it, and the files of tests in progress, so that two graders do
# not mix theirs up. A finished test's log moves to $GRADEDIR/NAME.log.
RUNDIR=$GRADEDIR/run.$$

# ---------------------------------------------------------------------------
# The test language. A test is an index into the T_* arrays; its checks
# are entries of the C_* arrays (want_seq keeps its list in SEQ_RE).

T_NAME=() T_ARGS=() T_MEM=() T_TIMEOUT=() T_FAILS=() T_CUSTOM=() T_INPUT=()
T_FS=() T_FSIMG=() T_CPUS=()
C_TEST=() C_KIND=() C_RE=() C_N=()
SEQ_RE=()
cur=-1

die() {
	echo "grade-lab.sh: $*" >&2
	exit 2
}

# Where a declaration error is, for die(): the line of this file that
# called the outermost function.
where() {
	echo "line ${BASH_LINENO[${#BASH_LINENO[@]} - 2]}"
}

need_test() {
	((cur >= 0)) || die "$(where): '$1' before any 't NAME ...'"
}

# A regular expression bash cannot compile is an error now, not a failed
# test later.
check_re() {
	[[ "" =~ $1 ]]
	(($? != 2)) || die "$(where): bad regular expression: $1"
}

t() {
	local name=${1:-} i
	[[ $name =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] ||
		die "$(where): test name '$name' (use letters, digits, _ . -)"
	for i in "${T_NAME[@]}"; do
		[[ $i != "$name" ]] || die "$(where): test '$name' declared twice"
	done
	(($# <= 2)) || die "$(where): t NAME 'KERNEL ARGS': quote the arguments as one word"
	T_NAME+=("$name")
	T_ARGS+=("${2:-}")
	T_MEM+=(128)
	T_CPUS+=("")
	T_TIMEOUT+=(30)
	T_FAILS+=(0)
	T_CUSTOM+=("")
	T_INPUT+=("")
	T_FS+=(0)
	T_FSIMG+=("")
	cur=$((${#T_NAME[@]} - 1))
}

add_check() {	# KIND RE [N]
	C_TEST+=("$cur")
	C_KIND+=("$1")
	C_RE+=("$2")
	C_N+=("${3:-0}")
}

want() {
	need_test want
	(($# == 1)) || die "$(where): want takes one regular expression"
	check_re "$1"
	add_check want "$1"
}

never() {
	need_test never
	(($# == 1)) || die "$(where): never takes one regular expression"
	check_re "$1"
	add_check never "$1"
}

count() {
	need_test count
	(($# == 2)) && [[ $1 =~ ^[0-9]+$ ]] || die "$(where): usage: count N 'ERE'"
	check_re "$2"
	add_check count "$2" "$1"
}

# The C_RE of a want_seq is the index of its first expression in SEQ_RE,
# its C_N the number of expressions.
want_seq() {
	local re
	need_test want_seq
	(($# >= 1)) || die "$(where): want_seq takes regular expressions"
	for re; do
		check_re "$re"
	done
	add_check want_seq "${#SEQ_RE[@]}" $#
	SEQ_RE+=("$@")
}

mem() {
	need_test mem
	[[ ${1:-} =~ ^[1-9][0-9]*$ ]] || die "$(where): usage: mem MB"
	T_MEM[cur]=$1
}

# cpus N: QEMU's CPUs for this test (default: $CPUS, else 1).
cpus() {
	need_test cpus
	[[ ${1:-} =~ ^[1-8]$ ]] || die "$(where): usage: cpus N (1 to 8)"
	T_CPUS[cur]=$1
}

timeout() {
	need_test timeout
	[[ ${1:-} =~ ^[1-9][0-9]*$ ]] || die "$(where): usage: timeout SECONDS (1 or more)"
	T_TIMEOUT[cur]=$1
}

fails() {
	need_test fails
	T_FAILS[cur]=1
}

custom() {
	need_test custom
	[[ -n ${1:-} ]] || die "$(where): usage: custom FUNCTION"
	T_CUSTOM[cur]=$1
}

fs() {
	need_test fs
	T_FS[cur]=1
}

fsimg() {
	need_test fsimg
	[[ ${1:-} == none || ${1:-} == corrupt ]] || die "$(where): usage: fsimg none|corrupt"
	T_FSIMG[cur]=$1
}

input() {
	need_test input
	[[ -n ${1:-} ]] || die "$(where): usage: input 'TEXT'"
	T_INPUT[cur]=$1
}

# ---------------------------------------------------------------------------
# Running one test. Everything below runs in the test's own subshell, in
# parallel with the others; the result goes to $RUNDIR/NAME.result:
# "OK SECONDS" or "FAIL SECONDS", then one line per reason.

status_text() {
	case $1 in
	0) echo "0 (the system went idle)" ;;
	2) echo "2 (kernel panic)" ;;
	3) echo "3 (reset or triple fault)" ;;
	4) echo "4 (time-out after ${T_TIMEOUT[$2]}s)" ;;
	*) echo "$1 (QEMU failed; see the log)" ;;
	esac
}

# The kernel command line's words for test i, with `audit` in front of
# them (before any `--`, which starts the program's argv).
test_words() {
	local nofs=nofs
	((T_FS[$1])) && nofs=
	eval "WORDS=(audit $nofs ${T_ARGS[$1]})" ||
		{ echo "cannot split the kernel arguments: ${T_ARGS[$1]}"; return 1; }
}

# conf/batch.sh for test i. QEMU boots the run's copy of the image, with
# -snapshot (no lock on it) and this run's tag in its name.
batch() {
	local i=$1 opts=(-t "${T_TIMEOUT[$1]}") WORDS
	test_words "$i" || return 1
	[[ -z ${T_INPUT[$i]} ]] || opts+=(-i "${T_INPUT[$i]}")
	case ${T_FSIMG[$i]} in
	none) local -x FSIMG=none ;;
	corrupt) local -x FSIMG=$RUNDIR/fs/corrupt-fs.img ;;
	esac
	OBJDIR=$RUNDIR MEM=${T_MEM[$i]} CPUS=${T_CPUS[$i]:-${CPUS:-1}} \
	QEMUEXTRA="-snapshot -name $RUN_TAG.${T_NAME[$i]} ${QEMUEXTRA:-}" \
		sh conf/batch.sh "${opts[@]}" -- "${WORDS[@]}"
}

# Run test i in batch mode; sets STATUS.
run_batch() {
	batch "$1" > "$2" 2>&1
	STATUS=$?
}

# The checks every batch test gets without asking (see the top of this
# file), for test i whose run ended with STATUS; appends to WHY and to the
# test's checks.
auto_checks() {
	local i=$1 line boot="" idle=""

	C_TEST+=("$i" "$i") C_KIND+=(never never) C_N+=(0 0)
	C_RE+=("page audit: [0-9]+ problems" "kernel warning")
	if ((T_FAILS[i])); then
		((STATUS == 2)) ||
			WHY+=("batch status $(status_text "$STATUS" "$i"), expected 2 (kernel panic)")
		C_TEST+=("$i") C_KIND+=(want) C_RE+=("kernel panic") C_N+=(0)
		return
	fi
	C_TEST+=("$i") C_KIND+=(never) C_RE+=("kernel panic") C_N+=(0)
	if ((STATUS != 0)); then
		# Not idle, so no idle lines to look for.
		WHY+=("batch status $(status_text "$STATUS" "$i"), expected 0 (the system went idle)")
		return
	fi
	C_TEST+=("$i") C_KIND+=(want) C_RE+=("^page audit: OK") C_N+=(0)
	for line in "${LOG_LINES[@]}"; do
		if [[ $line =~ ^free\ pages:\ ([0-9]+)\ \(boot\) ]]; then
			boot=${BASH_REMATCH[1]}
		elif [[ $line =~ ^free\ pages:\ ([0-9]+)\ \(idle\) ]]; then
			idle=${BASH_REMATCH[1]}
		fi
	done
	[[ -n $boot ]] || WHY+=("no 'free pages: N (boot)' line")
	[[ -n $idle ]] || WHY+=("no 'free pages: N (idle)' line")
	if [[ -n $boot && -n $idle ]] && ((boot != idle)); then
		WHY+=("free pages: $boot (boot) but $idle (idle): $((boot - idle)) pages lost")
	fi
}

# Check the log of test i against its declarations; appends to WHY.
check_log() {
	local i=$1 log=$2 k j n re line at LOG_LINES=()
	mapfile -t LOG_LINES < "$log"
	LOG_LINES=("${LOG_LINES[@]%$'\r'}")

	[[ -n ${T_CUSTOM[$i]} ]] || auto_checks "$i"

	for k in "${!C_TEST[@]}"; do
		((C_TEST[k] == i)) || continue
		re=${C_RE[k]}
		case ${C_KIND[k]} in
		want)
			for line in "${LOG_LINES[@]}"; do
				[[ $line =~ $re ]] && continue 2
			done
			WHY+=("expected a line matching: $re")
			;;
		never)
			n=0
			for line in "${LOG_LINES[@]}"; do
				n=$((n + 1))
				if [[ $line =~ $re ]]; then
					WHY+=("seen though forbidden ('$re'), line $n: $line")
					break
				fi
			done
			;;
		count)
			n=0
			for line in "${LOG_LINES[@]}"; do
				[[ $line =~ $re ]] && n=$((n + 1))
			done
			((n == C_N[k])) ||
				WHY+=("expected exactly ${C_N[k]} lines matching '$re', saw $n")
			;;
		want_seq)
			j=$re n=0 at="the start"
			for line in "${LOG_LINES[@]}"; do
				n=$((n + 1))
				if [[ $line =~ ${SEQ_RE[j]} ]]; then
					at="line $n"
					j=$((j + 1))
					((j < re + C_N[k])) || continue 2
				fi
			done
			WHY+=("expected in order, after $at: ${SEQ_RE[j]}")
			;;
		esac
	done
}

run_one() {
	local i=$1 name=${T_NAME[$1]} log start end STATUS=0 WHY=() ok=OK r
	log=$RUNDIR/$name.log
	start=${EPOCHREALTIME/[.,]/}
	if [[ -n ${T_CUSTOM[$i]} ]]; then
		local out=$RUNDIR/$name.why
		TEST_NAME=$name TEST_INDEX=$i TEST_ARGS=${T_ARGS[$i]} \
		TEST_MEM=${T_MEM[$i]} TEST_TIMEOUT=${T_TIMEOUT[$i]} \
			"${T_CUSTOM[$i]}" "$log" > "$out" 2>&1
		r=$?
		if ((r != 0)); then
			mapfile -t WHY < "$out"
			((${#WHY[@]})) || WHY=("${T_CUSTOM[$i]} returned $r")
		fi
		rm -f "$out"
		[[ -f $log ]] || : > "$log"
	else
		run_batch "$i" "$log"
	fi
	end=${EPOCHREALTIME/[.,]/}
	check_log "$i" "$log"
	((${#WHY[@]} == 0)) || ok=FAIL
	{
		printf '%s %d.%d\n' $ok $(((end - start) / 1000000)) $(((end - start) / 100000 % 10))
		((${#WHY[@]} == 0)) || printf '%s\n' "${WHY[@]}"
	} > "$RUNDIR/$name.result.tmp"
	cp "$log" "$GRADEDIR/$name.log"
	mv "$RUNDIR/$name.result.tmp" "$RUNDIR/$name.result"
}

# ---------------------------------------------------------------------------
# Helpers for custom tests.

# Stop the processes that have an argument containing TAG (with -x: an
# argument equal to TAG): the QEMUs of this run, whose -name is
# RUN_TAG.TEST, and the `timeout` or `make` above them.
kill_tagged() {
	local f pid opt=-lzF
	[[ $1 != -x ]] || { opt=-lzxF; shift; }
	for f in $(grep $opt -- "$1" /proc/[0-9]*/cmdline 2>/dev/null); do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		[[ $pid == "$$" || $pid == "$BASHPID" ]] || kill "$pid" 2>/dev/null
	done
}

# The kernel command line of a test, as conf/batch.sh builds it.
kernel_cmdline() {
	local WORDS w cmd=batch
	test_words "$TEST_INDEX" || return 1
	for w in "${WORDS[@]}"; do
		case $w in
		*" "*) cmd="$cmd '$w'" ;;
		*) cmd="$cmd $w" ;;
		esac
	done
	printf '%s' "${cmd//,/,,}"
}

# Is something listening on TCP port $1 (IPv4 or IPv6)? Sets PORT_INODE
# to the listening socket's inode.
port_busy() {
	local hex f sl addr st x inode rest
	printf -v hex ':%04X' "$1"
	for f in /proc/net/tcp /proc/net/tcp6; do
		[[ -r $f ]] || continue
		while read -r sl addr x st x x x x x inode rest; do
			if [[ $addr == *"$hex" && $st == 0A ]]; then
				PORT_INODE=$inode
				return 0
			fi
		done < "$f"
	done
	return 1
}

# Boot the kernel with the test's arguments, stopped at the first
# instruction and waiting for GDB; the serial console goes to $1.
# Sets QEMU_PID and GDB_PORT. The port is derived from the user id and
# the test (two users, or two GDB tests, do not collide); when it is taken,
# another is tried.
qemu_gdb_start() {
	local serial=$1 cmd try n
	cmd=$(kernel_cmdline) || return 1
	for try in 0 1 2 3 4 5; do
		if ((try == 0)); then
			GDB_PORT=$((30000 + (UID % 1000) * 20 + TEST_INDEX % 20))
		else
			GDB_PORT=$((50000 + RANDOM % 10000))
		fi
		port_busy "$GDB_PORT" && continue
		$QEMU -drive file="$RUNDIR/kern/kernel.img",index=0,media=disk,format=raw,snapshot=on \
			-m "$TEST_MEM" -smp "${CPUS:-1}" -no-reboot \
			-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-nodefaults -vga none -display none -serial file:"$serial" -monitor none \
			-accel tcg ${QEMUEXTRA:-} -name "$RUN_TAG.$TEST_NAME" \
			-fw_cfg "name=opt/jos/cmdline,string=$cmd" \
			-S -gdb tcp::"$GDB_PORT" 2> "$serial.err" &
		QEMU_PID=$!
		# Wait until the port listens, and make sure it is this QEMU that
		# listens: another grader may have taken the port meanwhile.
		for ((n = 0; n < 200; n++)); do
			if port_busy "$GDB_PORT"; then
				[[ $(ls -l /proc/$QEMU_PID/fd 2>/dev/null) != *"socket:[$PORT_INODE]"* ]] || return 0
			fi
			kill -0 $QEMU_PID 2>/dev/null || break
			sleep 0.01
		done
		kill $QEMU_PID 2>/dev/null
		wait $QEMU_PID 2>/dev/null
	done
	echo "could not start QEMU with a GDB port:"
	cat "$serial.err"
	return 1
}

# Run `gdb -batch` with the GDB set-up `make gdb` uses (conf/gdbinit.tmpl,
# filled in as the Makefile does, but with the run's copy of the kernel)
# and then SCRIPT, against a kernel booted with the test's arguments. The
# log gets GDB's output, then the serial console. QEMU is stopped
# afterwards, whatever happened.
gdb_test() {
	local script=$1 log=$2 serial=$2.serial init=$2.gdbinit r
	qemu_gdb_start "$serial" || return 1
	sed -e "s/@GDBPORT@/$GDB_PORT/g" -e "s|@OBJDIR@/kern/|$RUNDIR/kern/|g" \
		-e "s|@OBJDIR@|$OBJDIR|g" conf/gdbinit.tmpl > "$init"
	command timeout -k 2 "$TEST_TIMEOUT" ${GDB:-gdb} -batch -nx \
		-ex 'set tcp connect-timeout 5' -x "$init" -x "$script" > "$log" 2>&1 < /dev/null
	r=$?
	kill $QEMU_PID 2>/dev/null
	wait $QEMU_PID 2>/dev/null
	{
		echo "--- serial console ---"
		cat "$serial" "$serial.err" 2>/dev/null
	} >> "$log"
	rm -f "$serial" "$serial.err" "$init"
	case $r in
	0) return 0 ;;
	124|137) echo "GDB did not finish within ${TEST_TIMEOUT}s"; return 1 ;;
	*) echo "GDB exited with status $r"; return 1 ;;
	esac
}

# `make qemu-nox` as a user runs it: wait for the monitor's prompt, type
# each command of TYPED, each time after the next prompt, then Ctrl-a x.
# The log is the terminal's output.
TYPED=(help kerninfo backtrace)
qemu_nox() {
	local log=$1 fifo=$1.in pid cmd want=1 text rest deadline r
	deadline=$((${EPOCHREALTIME/[.,]/} + TEST_TIMEOUT * 1000000))
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	: > "$log"
	make -s qemu-nox QEMUEXTRA="-snapshot -name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" \
		< "$fifo" > "$log" 2>&1 &
	pid=$!
	exec 3> "$fifo"
	rm -f "$fifo"
	for cmd in "${TYPED[@]}" $'\001x'; do
		# Wait for prompt number `want`.
		while :; do
			text=""
			IFS= read -r -d "" text < "$log"
			rest=${text//K> /}
			(((${#text} - ${#rest}) / 3 >= want)) && break
			if ! kill -0 $pid 2>/dev/null; then
				echo "make qemu-nox ended before prompt $want (K> ), saying:"
				tail -n 3 "$log" | sed 's/^/  /'
				exec 3>&-
				return 1
			fi
			if ((${EPOCHREALTIME/[.,]/} > deadline)); then
				echo "no prompt $want (K> ) within ${TEST_TIMEOUT}s"
				exec 3>&-
				kill_tagged -x "$RUN_TAG.$TEST_NAME"
				return 1
			fi
			sleep 0.02
		done
		if [[ $cmd == $'\001x' ]]; then
			printf '%s' "$cmd" >&3
		else
			printf '%s\r' "$cmd" >&3
		fi
		want=$((want + 1))
	done
	exec 3>&-
	# Ctrl-a x ends QEMU, and make with it.
	while kill -0 $pid 2>/dev/null; do
		if ((${EPOCHREALTIME/[.,]/} > deadline)); then
			echo "QEMU did not stop at Ctrl-a x"
			kill_tagged -x "$RUN_TAG.$TEST_NAME"
			break
		fi
		sleep 0.02
	done
	wait $pid
}

# `make gdbinit`: the file `make gdb` gives GDB, copied to the log.
make_gdbinit() {
	make -s gdbinit > "$1" 2>&1 && cat "$OBJDIR/gdbinit" >> "$1"
}

gdb_boot() {
	gdb_test conf/gdbtest-boot.gdb "$1"
}

gdb_traps() {
	gdb_test conf/gdbtest-traps.gdb "$1"
}

# Two boots on one private copy of the disk, writes kept: user/fspersist
# writes, then checks after the "reboot" that its files reached the disk.
fs_reboot() {
	local log=$1 img=$RUNDIR/fs/$TEST_NAME.img step r=0
	cp "$RUNDIR/fs/clean-fs.img" "$img" || return 1
	: > "$log"
	for step in write check; do
		echo "--- boot: fspersist $step ---" >> "$log"
		OBJDIR=$RUNDIR FSIMG=$img FSSNAPSHOT=off MEM=$TEST_MEM \
		QEMUEXTRA="-name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" \
			sh conf/batch.sh -t "$TEST_TIMEOUT" -- audit run=fspersist -- $step >> "$log" 2>&1 ||
			{ echo "boot '$step': batch status $?, expected 0"; r=1; }
	done
	rm -f "$img"
	return $r
}

# A batch run without the automatic checks, for runs that must not go
# idle (e.g. the monitor's `exit`): passes when the batch status is 0.
batch_plain() {
	local r
	batch "$TEST_INDEX" > "$1" 2>&1
	r=$?
	((r == 0)) || echo "batch status $r, expected 0"
	return $r
}

# ---------------------------------------------------------------------------
# The driver.

# The usage lines of the comment at the top.
usage() {
	sed -n '/^# usage:/,/^#$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# On ^C or a kill: stop the test subshells and every QEMU this run started
# (their -name holds RUN_TAG; `timeout` runs them in a process group of
# their own, out of reach of the terminal's ^C).
interrupted() {
	trap - INT TERM
	kill $(jobs -p) 2>/dev/null
	kill_tagged "$RUN_TAG."
	echo "*** interrupted" >&2
	exit 130
}

# Print the results of the selected tests that have finished, in order,
# from SEL[printed] on.
print_ready() {
	local i name r res status secs
	while ((printed < ${#SEL[@]})); do
		i=${SEL[printed]}
		name=${T_NAME[$i]}
		res=$RUNDIR/$name.result
		[[ -f $res ]] || return
		mapfile -t r < "$res"
		read -r status secs <<< "${r[0]}"
		echo "$name: $status (${secs}s)"
		if [[ $status == OK ]]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			printf '    %s\n' "${r[@]:1}"
			echo "    log: $GRADEDIR/$name.log"
		fi
		if ((verbose)); then
			sed 's/^/    | /' "$RUNDIR/$name.log"
		fi
		printed=$((printed + 1))
	done
}

main() {
	local jobs verbose=0 list=0 pat i matched running next printed=0 passed=0 failed=0
	local start end
	jobs=$(nproc 2>/dev/null || echo 2)
	while (($#)); do
		case $1 in
		-v) verbose=1 ;;
		-l) list=1 ;;
		-j) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; jobs=$2; shift ;;
		-j*) [[ ${1#-j} =~ ^[1-9][0-9]*$ ]] || usage; jobs=${1#-j} ;;
		-h|--help) usage ;;
		--) shift; break ;;
		-*) usage ;;
		*) break ;;
		esac
		shift
	done

	# The tests to run: all, or those matching a name, glob or prefix.
	SEL=()
	if (($# == 0)); then
		SEL=("${!T_NAME[@]}")
	else
		local -A chosen=()
		for pat; do
			matched=0
			for i in "${!T_NAME[@]}"; do
				if [[ ${T_NAME[$i]} == "$pat" ]]; then
					chosen[$i]=1 matched=1
				fi
			done
			if ((!matched)); then
				for i in "${!T_NAME[@]}"; do
					if [[ ${T_NAME[$i]} == $pat || ${T_NAME[$i]} == "$pat"* ]]; then
						chosen[$i]=1 matched=1
					fi
				done
			fi
			((matched)) || die "no test matches '$pat' (./grade-lab.sh -l lists them)"
		done
		for i in "${!T_NAME[@]}"; do
			[[ -z ${chosen[$i]:-} ]] || SEL+=("$i")
		done
	fi
	if ((list)); then
		for i in "${SEL[@]}"; do
			echo "${T_NAME[$i]}"
		done
		exit 0
	fi

	# `make grade` has built already; run by hand, build first.
	if [[ -z ${MAKELEVEL:-} ]]; then
		make -s build || die "the build failed"
	fi
	[[ -f $OBJDIR/kern/kernel.img ]] || die "no $OBJDIR/kern/kernel.img: build first"

	mkdir -p "$GRADEDIR" "$RUNDIR/kern" "$RUNDIR/fs" || exit 2
	trap 'rm -rf "$RUNDIR"' EXIT
	trap interrupted INT TERM
	# The image and its symbols, as one build left them (builds hold the lock).
	flock "$OBJDIR/.build-lock" cp "$OBJDIR/kern/kernel.img" "$OBJDIR/kern/kernel" "$RUNDIR/kern/" ||
		die "cannot copy the kernel to $RUNDIR"
	flock "$OBJDIR/.build-lock" cp "$OBJDIR/fs/clean-fs.img" "$RUNDIR/fs/" ||
		die "cannot copy the file system image to $RUNDIR"
	# The same with its super block's magic number overwritten.
	cp "$RUNDIR/fs/clean-fs.img" "$RUNDIR/fs/corrupt-fs.img" &&
		printf 'BAD!' | dd of="$RUNDIR/fs/corrupt-fs.img" bs=1 seek=4096 conv=notrunc status=none ||
		die "cannot make a damaged file system image"

	# Long tests (those given a longer time limit) start first, so that
	# they do not run alone at the end; results still print in order.
	local order=()
	mapfile -t order < <(for i in "${SEL[@]}"; do echo "${T_TIMEOUT[$i]} $i"; done |
		sort -s -k1,1nr | cut -d' ' -f2)

	start=${EPOCHREALTIME/[.,]/}
	running=0 next=0
	while ((next < ${#order[@]} || running > 0)); do
		while ((running < jobs && next < ${#order[@]})); do
			run_one "${order[next]}" &
			next=$((next + 1)) running=$((running + 1))
		done
		wait -n
		running=$((running - 1))
		print_ready
	done
	wait
	print_ready
	end=${EPOCHREALTIME/[.,]/}

	echo "Score: $passed/${#SEL[@]}  ($(((end - start) / 1000000)).$(((end - start) / 100000 % 10))s with -j $jobs)"
	echo "$passed passed, $failed failed"
	((failed == 0))
}

# ---------------------------------------------------------------------------
# The tests. Regular expressions are grep -E's; anchor them (^...$) where a
# monitor command's echo ("K> ...") or the kernel command line could match.

# Boot: the banner, every self-check, the memory the kernel found.
t boot ''
	want '^6828 decimal is 15254 octal!$'
	want '^kernel command line: batch audit'
	want '^Physical memory: 131072K available'
	want_seq '^check_page_free_list\(\) succeeded!$' \
		'^check_page_alloc\(\) succeeded!$' \
		'^check_page\(\) succeeded!$' \
		'^check_kern_pgdir\(\) succeeded!$' \
		'^check_page_installed_pgdir\(\) succeeded!$' \
		'^free pages: [0-9]+ \(boot\)$'

t mem-32 "mon=meminfo"
	mem 32
	want '^Physical memory: 32768K available'
	want '^pages: 8192 total, '
	want '^check_page_installed_pgdir\(\) succeeded!$'

t mem-256 "mon=meminfo"
	mem 256
	want '^Physical memory: 262144K available'
	want '^pages: 65536 total, '
	want '^check_page_installed_pgdir\(\) succeeded!$'

# More than KERNBASE can map: the kernel uses 256 MiB and says so.
t mem-512 "mon=meminfo"
	mem 512
	want '^Physical memory: 524288K available'
	want '^Physical memory: .*262144K'
	want '^pages: 65536 total, '

# cprintf: every conversion, width, padding and %e.
t formats "mon=formats"
	want_seq '^K> formats$' \
		'^6828 decimal is 15254 octal!$' \
		'^He110 World$' \
		'^x=3 y=-4$' \
		'^\[   42\] \[42   \] \[00042\]$' \
		'^\[    beef\] \[beef    \|\] \[0000beef\]$' \
		'^\[     right\] \[left      \] \[tru\]$' \
		'^4000000000 -17 ok %$' \
		'^-123456789 3000000000 abcdef$' \
		'^-1234567890123 18446744073709551615 123456789abc$' \
		'^0xf0100000 0x0$' \
		'^out of memory \| bad environment \| env is not recving$'

# test_backtrace 5 recurses from 5 down to 0, then backtraces: a frame for
# mon_backtrace, six for test_backtrace (first argument 0 to 5), then
# mon_test_backtrace, runcmd and i386_init. Each frame is two lines.
t backtrace "mon='test_backtrace 5'"
	want_seq '^entering test_backtrace 5$' '^entering test_backtrace 4$' \
		'^entering test_backtrace 3$' '^entering test_backtrace 2$' \
		'^entering test_backtrace 1$' '^entering test_backtrace 0$' \
		'^Stack backtrace:$' \
		'^leaving test_backtrace 0$' '^leaving test_backtrace 1$' \
		'^leaving test_backtrace 2$' '^leaving test_backtrace 3$' \
		'^leaving test_backtrace 4$' '^leaving test_backtrace 5$'
	count 10 '^ +ebp '
	count 10 '^  ebp [0-9a-f]{8}  eip [0-9a-f]{8}  args [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8}$'
	count 10 '^         [a-z]+/[a-z_]+\.[cS]:[0-9]+: [A-Za-z_][A-Za-z0-9_]*\+[0-9]+$'
	count 6 '^         kern/monitor\.c:[0-9]+: test_backtrace\+[0-9]+$'
	want_seq '^  ebp .*  args 00000000 00000000 00000000 ' \
		'^  ebp .*  args 00000000 ' '^  ebp .*  args 00000001 ' \
		'^  ebp .*  args 00000002 ' '^  ebp .*  args 00000003 ' \
		'^  ebp .*  args 00000004 ' '^  ebp .*  args 00000005 '
	want_seq '^         kern/monitor\.c:[0-9]+: test_backtrace\+' \
		'^         kern/monitor\.c:[0-9]+: mon_test_backtrace\+' \
		'^         kern/monitor\.c:[0-9]+: runcmd\+' \
		'^         kern/init\.c:[0-9]+: i386_init\+'

t backtrace-cmd "mon=backtrace"
	want_seq '^K> backtrace$' '^Stack backtrace:$' \
		'^  ebp [0-9a-f]{8}  eip f01[0-9a-f]{5}  args( [0-9a-f]{8}){5}$' \
		'^         kern/monitor\.c:[0-9]+: runcmd\+[0-9]+$' \
		'^         kern/init\.c:[0-9]+: i386_init\+[0-9]+$'

# The monitor's commands.
t mon-help "mon=help"
	want '^help .*- '
	want '^kerninfo .*- '
	want '^backtrace .*- '
	want '^showmappings .*- '
	want '^setperm .*- '
	want '^dumpmem .*- '
	want '^meminfo .*- '
	want '^continue .*- '
	want '^stepi .*- '

# Addresses are 0xf01xxxxx virtual, 0x001xxxxx physical: the same digits.
t mon-kerninfo "mon=kerninfo"
	want_seq '^Special kernel symbols:$' \
		'^  _start +00100000 \(phys\)$' \
		'^  entry +f0100000 \(virt\) +00100000 \(phys\)$' \
		'^  etext +f01([0-9a-f]{5}) \(virt\) +001\1 \(phys\)$' \
		'^  edata +f01([0-9a-f]{5}) \(virt\) +001\1 \(phys\)$' \
		'^  end +f01([0-9a-f]{5}) \(virt\) +001\1 \(phys\)$' \
		'^Kernel executable memory footprint: [1-9][0-9]*KB$'

# UPAGES is read-only for users, the bottom is unmapped, KERNBASE uses
# 4 MiB pages, and the kernel stack has an unmapped guard below it.
t mon-showmappings "mon='showmappings 0xef000000 0xef003000'
		mon='showmappings 0x0 0x1000'
		mon='showmappings 0xf0000000 0xf0001000'
		mon='showmappings 0xefff6000 0xefff8000'
		mon=showmappings"
	count 4 '^ef00[0-9a-f]000 -> '
	count 4 '^ef00[0-3]000 -> [0-9a-f]{8}  P\|U(\|A)?$'
	want_seq '^K> showmappings 0x0 0x1000$' \
		'^00000000 -> unmapped$' '^00001000 -> unmapped$'
	want_seq '^K> showmappings 0xf0000000 0xf0001000$' \
		'^f0000000 -> 00000000  P\|W(\|A|\|D)*\|PS(\|G)?$' \
		'^f0001000 -> 00001000  P\|W(\|A|\|D)*\|PS(\|G)?$'
	want_seq '^K> showmappings 0xefff6000 0xefff8000$' \
		'^efff6000 -> unmapped$' '^efff7000 -> unmapped$' \
		'^efff8000 -> [0-9a-f]{8}  P\|W(\|A)?(\|D)?$'
	want_seq '^K> showmappings$' '^usage: showmappings'

t mon-setperm "mon='setperm 0xef000000 W|U'
		mon='showmappings 0xef000000 0xef000000'
		mon='setperm 0xef001000 0x1'
		mon='showmappings 0xef001000 0xef001000'
		mon='setperm 0x0 W'
		mon='setperm 0xef002000 X'"
	want_seq "^K> setperm 0xef000000 W\|U$" \
		'^ef000000 -> [0-9a-f]{8}  P\|W\|U$' \
		'^K> showmappings 0xef000000 0xef000000$' \
		'^ef000000 -> [0-9a-f]{8}  P\|W\|U$'
	want_seq '^K> setperm 0xef001000 0x1$' \
		'^ef001000 -> [0-9a-f]{8}  P$' \
		'^K> showmappings 0xef001000 0xef001000$' \
		'^ef001000 -> [0-9a-f]{8}  P$'
	want_seq '^K> setperm 0x0 W$' 'not mapped'
	want_seq '^K> setperm 0xef002000 X$' '^usage: setperm'

# The BIOS reset vector (ljmp $0xf000,$0xe05b, then SeaBIOS's date) seen
# physically and through KERNBASE; an unmapped page; past the end of RAM.
t mon-dumpmem "mon='dumpmem -p 0xffff0 16'
		mon='dumpmem 0xf00ffff0 16'
		mon='dumpmem 0x0 16'
		mon='dumpmem -p 0x10000000 16'
		mon='dumpmem 0xf0100000 0x21'"
	want '^000ffff0: ea 5b e0 00 f0 30 36 2f  32 33 2f 39 39 .*\|\.\[\.\.\.06/23/99'
	want '^f00ffff0: ea 5b e0 00 f0 30 36 2f  32 33 2f 39 39 .*\|\.\[\.\.\.06/23/99'
	want_seq '^K> dumpmem 0x0 16$' '^00000000: unmapped$'
	want_seq '^K> dumpmem -p 0x10000000 16$' '^10000000: beyond physical memory$'
	want_seq '^K> dumpmem 0xf0100000 0x21$' \
		'^f0100000:( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \|.{16}\|$' \
		'^f0100010:( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \|.{16}\|$' \
		'^f0100020:( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \|.{16}\|$'
	count 3 '^f01000[0-9a-f]0: '

t mon-meminfo "mon=meminfo"
	want '^pages: 32768 total, [0-9]+ free, [0-9]+ used \(131072K total, [0-9]+K free\)$'

t mon-ps-audit "mon=ps mon=audit"
	want_seq '^K> ps$' '^env +parent +status'
	want_seq '^K> audit$' '^page audit: OK'

# Mistakes get a message, and the monitor carries on.
t mon-errors "mon='bogus 1 2' mon=continue mon=stepi mon=meminfo"
	want_seq "^K> bogus 1 2$" "^Unknown command 'bogus'"
	want_seq '^K> continue$' '^No environment to resume'
	want_seq '^K> stepi$' '^No environment to resume'
	want_seq '^K> meminfo$' '^pages: '

# `exit` leaves QEMU at once: no idle line, so no automatic checks.
t mon-exit "mon=exit mon=meminfo"
	custom batch_plain
	want '^K> exit$'
	never '^K> meminfo$'
	never 'free pages'
	never 'kernel panic'

# The interactive console: `make qemu-nox`, commands typed at the prompt
# (TYPED), then Ctrl-a x.
t qemu-nox ''
	custom qemu_nox
	want '^\*\*\* Now running the kernel on the serial console. To quit: Ctrl-a x$'
	want_seq 'K> help' '^kerninfo .*- ' \
		'K> kerninfo' '^Special kernel symbols:$' \
		'K> backtrace' '^Stack backtrace:$' '^  ebp [0-9a-f]{8}  eip ' \
		'K> '
	want 'QEMU: Terminated'
	never 'kernel panic'

# The first user program.
t hello 'run=hello'
	want_seq '^\[00000000\] new env 00001000$' \
		'^hello, world$' \
		'^i am environment 00001000$' \
		'^\[00001000\] exiting gracefully$' \
		'^\[00001000\] free env 00001000$' \
		'^No runnable environments in the system!$'

# GDB: the set-up `make gdb` uses, then a real gdb -batch
# (conf/gdbtest-*.gdb) against QEMU's GDB stub.
t gdbinit ''
	custom make_gdbinit
	want '^set architecture i386$'
	want '^target remote localhost:[0-9]+$'
	want '^symbol-file obj/kern/kernel$'
	want_seq '^define user$' 'add-symbol-file obj/user/\$arg0' '^end$'

t gdb-boot ''
	custom gdb_boot
	want '^(Thread [0-9]+ hit )?Breakpoint 1, i386_init \(\) at kern/init\.c:[0-9]+'
	want_seq '^== bt at i386_init$' '^#0 +i386_init \(\) at kern/init\.c:[0-9]+$'
	want_seq '^== bt at env_init$' '^#0 +env_init \(\) at kern/env\.c:[0-9]+$' \
		'^#1 +0x[0-9a-f]+ in i386_init \(\) at kern/init\.c:[0-9]+$'
	want '^npages=32768$'
	want '^check_page_installed_pgdir\(\) succeeded!$'
	never 'kernel panic'

t gdb-traps 'run=hello'
	custom gdb_traps
	want '^(Thread [0-9]+ hit )?Breakpoint 1, umain \(argc=1, argv=0xeebf[0-9a-f]{4}\) at user/hello\.c:[0-9]+'
	want_seq '^== in umain$' '^#0 +umain \(' '^#1 +0x[0-9a-f]+ in libmain \('
	want '^umain in section \.text of .*obj/user/hello$'
	want '^cs=0x1b$'
	want_seq '^(Thread [0-9]+ hit )?Breakpoint 2, syscall \(num=0, ' \
		'^#0 +syscall \(num=0, .*at kern/syscall\.c:[0-9]+$' \
		'trap_dispatch .*at kern/trap\.c:[0-9]+$'
	want '^num=0 eax=0 edx=0x(008[0-9a-f]{5}|eebf[0-9a-f]{4})$'
	want '^0x[0-9a-f]+:[[:space:]]+"hello, world\\n"$'
	never 'kernel panic'


# User-program tests (issues 4 and 5), in grade-lab.sh's test language.
# Every test also gets, from the grader: `audit`, status 0, equal free page
# counts, "page audit: OK", no kernel panic.

# --- Issue 4: traps, system calls, user memory checks ----------------------

# An unmapped pointer to sys_cputs.
t buggyhello 'run=buggyhello'
	want_seq '^buggyhello: printing from address 0x1$' \
		'^\[00001000\] user_mem_check assertion failure for va 00000001$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

# A valid pointer with a length running past the end of mapped memory.
t buggyhello2 'run=buggyhello2'
	want_seq '^buggyhello2: printing 16 MiB from 008[0-9a-f]{5}$' \
		'^\[00001000\] user_mem_check assertion failure for va 00[89a-f][0-9a-f]{5}$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

# A kernel address to sys_cputs.
t evilhello 'run=evilhello'
	want_seq '^evilhello: printing kernel address f010000c$' \
		'^\[00001000\] user_mem_check assertion failure for va f010000c$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

t divzero 'run=divzero'
	want_seq '^divzero: dividing 1 by 0$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x00000000 Divide error$' \
		'^\[00001000\] free env 00001000$'
	never 'the fault was missed'

# int $14 from user mode: General Protection (the gate is DPL 0), not a
# page fault.
t softint 'run=softint'
	want_seq '^softint: int \$14$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000d General Protection$' \
		'^\[00001000\] free env 00001000$'
	never 'Page Fault'
	never 'user fault'
	never 'still alive'

# Selector 0x28 (the TSS) into %ds.
t badsegment 'run=badsegment'
	want_seq '^badsegment: loading selector 0x28 into %ds$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000d General Protection$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

t faultread 'run=faultread'
	want_seq '^faultread: reading address 0$' \
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5}$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000004 \[user, read, not-present\]$' \
		'^\[00001000\] free env 00001000$'
	never 'from address 0!'

t faultwrite 'run=faultwrite'
	want_seq '^faultwrite: writing address 0$' \
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5}$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000006 \[user, write, not-present\]$' \
		'^\[00001000\] free env 00001000$'
	never 'wrote address 0!'

t faultreadkernel 'run=faultreadkernel'
	want_seq '^faultreadkernel: reading address f0100000$' \
		'^\[00001000\] user fault va f0100000 ip 008[0-9a-f]{5}$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000005 \[user, read, protection\]$' \
		'^\[00001000\] free env 00001000$'
	never 'from the kernel!'

t faultwritekernel 'run=faultwritekernel'
	want_seq '^faultwritekernel: writing address f0100000$' \
		'^\[00001000\] user fault va f0100000 ip 008[0-9a-f]{5}$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000007 \[user, write, protection\]$' \
		'^\[00001000\] free env 00001000$'
	never 'into the kernel!'

# int3 in batch mode: the trap frame, then the environment is destroyed.
t breakpoint 'run=breakpoint'
	want_seq '^breakpoint: int3$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x00000003 Breakpoint$' \
		'^\[00001000\] free env 00001000$'
	never '^breakpoint: continued'

# With someone at the console, int3 enters the monitor with the frame, and
# `continue` resumes the program right after the int3.
t breakpoint-continue 'run=breakpoint'
	input 'continue\rexit\r'
	want_seq '^breakpoint: int3$' \
		'^Welcome to the JOS kernel monitor!$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x00000003 Breakpoint$' \
		'^K> continue$' \
		'^breakpoint: continued after int3$' \
		'^\[00001000\] exiting gracefully$'

# `stepi` runs one instruction under the trap flag and shows the next eip.
t breakpoint-stepi 'run=breakpoint'
	input 'stepi\rstepi\rstepi\rcontinue\rexit\r'
	want_seq '^  trap 0x00000003 Breakpoint$' \
		'^K> stepi$' '^=> 008[0-9a-f]{5}$' \
		'^K> stepi$' '^=> 008[0-9a-f]{5}$' \
		'^K> stepi$' '^=> 008[0-9a-f]{5}$' \
		'^K> continue$' \
		'^breakpoint: continued after int3$'
	count 3 '^=> 008[0-9a-f]{5}$'

# trace=syscall: every system call, its arguments and its result.
t trace-syscall 'run=hello trace=syscall'
	want '^\[00001000\] sys_getenvid\(\) = 4096$'
	want_seq '^hello, world$' \
		'^\[00001000\] sys_cputs\(0x[0-9a-f]+, 0xd\) = 0$' \
		'^\[00001000\] exiting gracefully$' \
		'^\[00001000\] sys_env_destroy\(0x0\) = 0$'

# trace=trap: every trap but the system calls.
t trace-trap 'run=faultread trace=trap'
	want_seq '^\[00001000\] trap 0x0e Page Fault eip 008[0-9a-f]{5}$' \
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5}$'
	never 'sys_'

# A program that does not exist, and malformed ELF images: refused, with
# the reason, and nothing allocated.
t no-such-program 'run=nosuch'
	want "^env_create: there is no user program 'nosuch' \(no user/nosuch\.c\)$"
	never 'new env'

t elfcheck 'mon=elfcheck'
	want 'refusing a malformed ELF image: not an ELF file$'
	want 'refusing a malformed ELF image: not a 32-bit x86 executable$'
	want 'refusing a malformed ELF image: program headers outside the file$'
	want 'refusing a malformed ELF image: segment outside the file$'
	want 'refusing a malformed ELF image: segment above UTOP$'
	want 'refusing a malformed ELF image: segment larger in the file than in memory$'
	want 'refusing a malformed ELF image: entry point above UTOP$'
	want 'refusing a malformed ELF image: segment below UMMAPMIN$'
	want '^elfcheck: 9 of 9 malformed images refused$'
	never 'was not refused'

# 4 MiB of bss reads as zero and is writable; just past it is unmapped.
t testbss 'run=testbss'
	want_seq '^testbss: checking 1048576 words of bss$' \
		'^testbss: bss reads as zero$' \
		'^testbss: bss is writable, ok$' \
		'^testbss: reading past the end of the bss$' \
		'^\[00001000\] user fault va 00[0-9a-f]{6} ip 008[0-9a-f]{5}$' \
		'^  err  0x00000004 \[user, read, not-present\]$' \
		'^\[00001000\] free env 00001000$'
	never 'user panic'
	never 'past the end!'

# Numbers outside the table return -E_INVAL (-3), and the program goes on.
t badsyscall 'run=badsyscall'
	want_seq '^badsyscall: syscall 12345 returned -3$' \
		'^badsyscall: syscall -1 returned -3$' \
		'^badsyscall: all returned -E_INVAL, ok$' \
		'^\[00001000\] exiting gracefully$'
	count 4 '^badsyscall: syscall -?[0-9]+ returned -3$'
	never 'user panic'

# Every number 0..NSYSCALLS+5 with 9 patterns of garbage, each in a child.
t syscallgarbage 'run=syscallgarbage'
	timeout 60
	want '^syscallgarbage: [0-9]+ calls with garbage arguments, kernel alive$'
	count 54 '^syscallgarbage: call [0-9]+ \(out of range\) pattern [0-8] returned'
	count 54 '^syscallgarbage: call [0-9]+ \(out of range\) pattern [0-8] returned -3$'
	want '^\[00001000\] exiting gracefully$'
	never 'user panic'

# --- Issue 5: fork, COW, stack growth, user fault handlers, IPC -------------

# Eager copy from sys_exofork/sys_page_alloc/sys_page_map.
t dumbfork 'run=dumbfork'
	want '^\[00001000\] new env 00001001$'
	want '^dumbfork: copied [0-9]+ pages into 00001001$'
	want_seq '^0: I am the parent!$' '^9: I am the parent!$' \
		'^dumbfork: parent 00001000 done after 10 turns$'
	want_seq '^0: I am the child!$' '^19: I am the child!$' \
		'^dumbfork: child 00001001 done after 20 turns$'
	count 10 '^[0-9]+: I am the parent!$'
	count 20 '^[0-9]+: I am the child!$'
	want '^\[00001000\] exiting gracefully$'
	want '^\[00001001\] exiting gracefully$'
	never 'user panic'

# The handler allocates the page; at cafebffe its own write faults again.
# A forked child's first fault runs on its copy-on-write exception stack.
t faultalloc 'run=faultalloc'
	want_seq '^faultalloc: fault at deadbeef, allocating deadb000$' \
		'^faultalloc: this string was written by the handler at deadbeef$' \
		'^faultalloc: deadbeef: handler ran once, ok$' \
		'^faultalloc: fault at cafebffe, allocating cafeb000$' \
		'^faultalloc: fault at cafec000, allocating cafec000$' \
		'^faultalloc: this string was written by the handler at cafebffe$' \
		'^faultalloc: cafebffe: handler ran twice, ok$'
	want_seq '^faultalloc: fault at beefcafe, allocating beefc000$' \
		'^faultalloc: beefcafe: handler ran once, ok$' \
		"^faultalloc: child's handler works, ok$"
	count 4 '^faultalloc: fault at '
	never 'user panic'

t faultdie 'run=faultdie'
	want_seq '^faultdie: writing to deadbeef$' \
		'^faultdie: fault at va deadbeef, err 6 \[write, not-present\], exiting$' \
		'^\[00001000\] exiting gracefully$' \
		'^\[00001000\] free env 00001000$'
	never 'the handler returned'

# Every register in the UTrapframe, and all registers and eflags after
# resuming, exactly as before the fault.
t faultregs 'run=faultregs'
	want_seq '^faultregs: registers in the UTrapframe, ok$' \
		'^faultregs: registers after resuming, ok$' \
		'^faultregs: the faulting write took effect, ok$' \
		'^faultregs: all registers preserved, ok$'
	never '^faultregs: .* is [0-9a-f]{8}, expected [0-9a-f]{8}$'
	never 'user panic'

t faultbadhandler 'run=faultbadhandler'
	want_seq '^faultbadhandler: upcall at deadbeef, writing address 0$' \
		'^\[00001000\] user_mem_check assertion failure for va deadbeef$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

t faultevilhandler 'run=faultevilhandler'
	want_seq '^faultevilhandler: upcall at f0100020, writing address 0$' \
		'^\[00001000\] user_mem_check assertion failure for va f0100020$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

t faultnostack 'run=faultnostack'
	want_seq '^faultnostack: upcall set, no exception stack, writing address 0$' \
		'^\[00001000\] user_mem_check assertion failure for va eebfffcc$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

# Nested faults until the one-page exception stack overflows.
t faultstackoverflow 'run=faultstackoverflow'
	want_seq '^faultstackoverflow: writing address 0$' \
		'^faultstackoverflow: depth 48, frame at eebff[0-9a-f]{3}$' \
		'^\[00001000\] user_mem_check assertion failure for va eebfe[0-9a-f]{3}$' \
		'^\[00001000\] free env 00001000$'
	never 'still alive'

# The same, but the handler's own big frame is what crosses the bottom of
# the exception stack (a fault with esp in the empty page below it).
t faultstackoverflow-big 'run=faultstackoverflow -- big'
	want_seq '^faultstackoverflow: depth 1, frame at eebfffcc, locals at eebff[0-9a-f]{3}$' \
		'^\[00001000\] user_mem_check assertion failure for va eebfe[0-9a-f]{3}$' \
		'^\[00001000\] free env 00001000$'
	count 1 '^faultstackoverflow: depth [0-9]+, frame at eebfffcc'
	never 'still alive'

# 1 + 2 + 4 + 8 environments, each printing its path.
t forktree 'run=forktree'
	count 15 "^forktree: [0-9a-f]{8} is node '[LR]{0,3}' at depth [0-3]$"
	want "^forktree: 00001000 is node '' at depth 0$"
	want "^forktree: [0-9a-f]{8} is node 'L' at depth 1$"
	want "^forktree: [0-9a-f]{8} is node 'R' at depth 1$"
	want "^forktree: [0-9a-f]{8} is node 'LL' at depth 2$"
	want "^forktree: [0-9a-f]{8} is node 'LR' at depth 2$"
	want "^forktree: [0-9a-f]{8} is node 'RL' at depth 2$"
	want "^forktree: [0-9a-f]{8} is node 'RR' at depth 2$"
	want "^forktree: [0-9a-f]{8} is node 'LLL' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'LLR' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'LRL' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'LRR' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'RLL' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'RLR' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'RRL' at depth 3$"
	want "^forktree: [0-9a-f]{8} is node 'RRR' at depth 3$"
	count 15 '^\[[0-9a-f]{8}\] exiting gracefully$'
	never 'user panic'

# A child spinning without system calls (and trying to clear IF with popfl)
# is preempted by the timer, then destroyed.
t spin 'run=spin'
	want '^spin: child 00001001 starts spinning'
	want_seq '^spin: forking a child that spins forever$' \
		'^\[00001000\] new env 00001001$' \
		'^spin: parent back from sys_yield 7$' \
		'^spin: the timer preempted the child, ok; destroying it$' \
		'^\[00001000\] destroying 00001001$' \
		'^\[0000100[01]\] free env 00001001$' \
		'^spin: the child is gone, ok$' \
		'^\[00001000\] exiting gracefully$'
	never 'user panic'

# Three environments taking turns with sys_yield.
t yield 'run=yield'
	count 3 '^Hello, I am environment 0000100[0-2]\.$'
	count 15 '^Back in environment 0000100[0-2], iteration [0-4]\.$'
	count 5 '^Back in environment 00001000, iteration [0-4]\.$'
	count 5 '^Back in environment 00001001, iteration [0-4]\.$'
	count 5 '^Back in environment 00001002, iteration [0-4]\.$'
	want_seq '^Back in environment 00001001, iteration 0\.$' \
		'^Back in environment 00001001, iteration 1\.$' \
		'^Back in environment 00001001, iteration 2\.$' \
		'^Back in environment 00001001, iteration 3\.$' \
		'^Back in environment 00001001, iteration 4\.$' \
		'^All done in environment 00001001\.$'
	count 3 '^All done in environment 0000100[0-2]\.$'
	count 3 '^\[0000100[0-2]\] exiting gracefully$'

# IPC ping-pong: each line is printed before the next value is sent.
t pingpong 'run=pingpong'
	want_seq '^pingpong: 00001000 sends 0 to 00001001$' \
		'^pingpong: 00001001 got 0 from 00001000$' \
		'^pingpong: 00001000 got 1 from 00001001$' \
		'^pingpong: 00001001 got 2 from 00001000$' \
		'^pingpong: 00001000 got 3 from 00001001$' \
		'^pingpong: 00001001 got 4 from 00001000$' \
		'^pingpong: 00001000 got 5 from 00001001$' \
		'^pingpong: 00001001 got 6 from 00001000$' \
		'^pingpong: 00001000 got 7 from 00001001$' \
		'^pingpong: 00001001 got 8 from 00001000$' \
		'^pingpong: 00001000 got 9 from 00001001$' \
		'^pingpong: 00001001 got 10 from 00001000$'
	count 11 '^pingpong: [0-9a-f]{8} got [0-9]+ from [0-9a-f]{8}$'
	count 2 '^pingpong: 0000100[01] done$'
	never 'user panic'

# The sieve: a generator and 100 filters, one per prime up to 541.
t primes 'run=primes'
	timeout 60
	count 100 '^primes: prime [0-9]+ is [0-9]+$'
	want '^primes: prime 1 is 2$'
	want '^primes: prime 2 is 3$'
	want '^primes: prime 25 is 97$'
	want '^primes: prime 26 is 101$'
	want '^primes: prime 100 is 541$'
	want '^primes: generator sent 2\.\.541$'
	want '^primes: the last filter found 100 primes up to 541$'
	count 101 '^\[[0-9a-f]{8}\] exiting gracefully$'
	never 'user panic'

# A page through IPC each way; the first is shared, so the reply shows.
t sendpage 'run=sendpage'
	want '^sendpage: child got value 1 and a page \(perm 7\): "hello from the parent, through a shared page"$'
	want '^sendpage: parent sees the child.s reply: "the child read it", ok$'
	want '^sendpage: parent got value 2 and a page \(perm 5\): "and here is a page from the child"$'
	want '^sendpage: both pages went through, ok$'
	never 'user panic'

# Copy-on-write seen through uvpt[] and pages[].
t cowcheck 'run=cowcheck'
	want '^cowcheck: parent: data page is PTE_COW, not PTE_W, still at pa [0-9a-f]{8}, ok$'
	want '^cowcheck: child: data page is PTE_COW, not PTE_W, still at pa [0-9a-f]{8}, ok$'
	want '^cowcheck: parent: the data page has 2 references, ok$'
	want '^cowcheck: parent: mapping a PTE_COW page writable copied it first, ok$'
	want '^cowcheck: child: text page shared read-only at pa [0-9a-f]{8}, ok$'
	want '^cowcheck: child: PTE_SHARE page shared writable at pa [0-9a-f]{8}, ok$'
	want '^cowcheck: child: after its write the data page is writable at new pa [0-9a-f]{8}, ok$'
	want '^cowcheck: child: the untouched page is still at pa [0-9a-f]{8}, ok$'
	want '^cowcheck: child: the page the parent remapped is untouched here, ok$'
	want "^cowcheck: parent: still reads \"the parent's value\" at pa [0-9a-f]{8}, 1 reference, ok$"
	want '^cowcheck: parent: the untouched page is still at pa [0-9a-f]{8}, ok$'
	want '^cowcheck: parent: sees the child.s write in the PTE_SHARE page, ok$'
	want '^cowcheck: parent: its own write made the page writable (in place|with a copy)$'
	want '^cowcheck: all checks passed$'
	never 'user panic'

# About 900 KiB of stack, then fork with both sides on the grown stack.
t stackgrow 'run=stackgrow'
	want '^stackgrow: mapping a not-yet-grown stack page grew it, ok$'
	want '^stackgrow: the guard page below it cannot be mapped, ok$'
	want '^stackgrow: 900 frames, deepest at eeb[0-9a-f]{5}: 9[0-9][0-9] KiB of stack$'
	want '^stackgrow: parent: all 900 frames intact after fork, ok$'
	want '^stackgrow: child: all 900 frames intact after fork, ok$'
	want '^stackgrow: parent: its own writes to the grown stack read back, ok$'
	want '^stackgrow: child: its own writes to the grown stack read back, ok$'
	want '^stackgrow: parent: returned through all 900 frames, ok$'
	want '^stackgrow: child: returned through all 900 frames, ok$'
	never 'user panic'

# Past 1 MiB: the guard page kills the recursing env; its sibling goes on.
t stackoverflow 'run=stackoverflow'
	want_seq '^stackoverflow: recursing with 1 KiB frames$' \
		'^stackoverflow: depth 768, ' \
		'^\[00001000\] user fault va eeafd[0-9a-f]{3} ip 008[0-9a-f]{5}$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000006 \[user, write, not-present\]$' \
		'^\[00001000\] free env 00001000$' \
		'^stackoverflow: 00001000 is gone and 00001001 still runs, ok$' \
		'^\[00001001\] exiting gracefully$'
	never 'the recursion returned'

# Fork until NENV runs out; every child exits once told.
t forkbomb 'run=forkbomb'
	timeout 60
	want_seq '^forkbomb: fork failed with out of environments after 1023 children$' \
		'^forkbomb: told every child to exit$'
	count 1024 '^\[[0-9a-f]{8}\] exiting gracefully$'
	never 'user panic'

# Fork until memory runs out (the parent holds nearly all of it first).
t forkbomb-mem 'run=forkbomb -- mem'
	mem 32
	timeout 60
	want '^forkbomb: took [0-9]+ pages, giving 256 back$'
	# fork fails, or the parent's own next copy-on-write fault finds no
	# page left and it dies: then its children exit by themselves.
	want '^forkbomb: fork failed with out of memory after [0-9]+ children$|^\[00001000\] out of memory for the page fault at va [0-9a-f]{8}$'
	never 'user panic'

# sfork: parent and child share their data but not their stacks or
# thisenv, as JOS's pingpongs expects.
t sforkpingpong 'run=sforkpingpong'
	want_seq '^00001001 got 0 from 00001000 \(thisenv is 00001001\)$' \
		'^00001000 got 1 from 00001001 \(thisenv is 00001000\)$' \
		'^00001000 got 9 from 00001001 \(thisenv is 00001000\)$' \
		'^00001001 got 10 from 00001000 \(thisenv is 00001001\)$'
	count 2 '^sforkpingpong: 0000100[01] done after 5 turns$'
	never 'user panic'

# A JOS lab 4 user-level fork: with cow=user its own handler copies the
# pages; by default the kernel resolves copy-on-write first (SPEC 6).
t ufork-user 'run=ufork cow=user'
	want '^ufork: child sees 2, its handler fixed [1-9][0-9]* faults$'
	want '^ufork: parent sees 3, its handler fixed [1-9][0-9]* faults$'
	never 'user panic'

t ufork-kernel 'run=ufork'
	want '^ufork: child sees 2, its handler fixed 0 faults$'
	want '^ufork: parent sees 3, its handler fixed 0 faults$'
	never 'user panic'

# Regression: an environment in virtual-8086 mode (which QEMU lets user
# code enter) finds no code below UMMAPMIN and dies at its first
# instruction; the timer still preempts the next spinning environment.
t regress_vm86irq 'run=regress_vm86irq'
	want '^\[[0-9a-f]{8}\] trap 14 in virtual-8086 mode at 0100:0000: not supported$'
	never 'FAILED'
	want '^regress_vm86irq: ok$'
	timeout 15

# --- Issue 7: hostile user programs ---------------------------------------

# Grade tests for hostile user programs (issue 7): the system-call fuzzer,
# a fault storm, memory and environment exhaustion, and one regression
# test per kernel bug found. In the DSL of grade-lab.sh; every test also
# gets `audit`, batch status 0, equal free-pages lines, no kernel panic
# and no audit problem without asking.

# The fuzzer, fixed seed: about 10 s under TCG on an idle machine.
t fuzz 'run=fuzz -- 42 200000'
	want '^fuzz: seed 42 count 200000$'
	want '^fuzz: done, ([2-9][0-9]{5}|[0-9]{7,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'
	timeout 180

# The fuzzer with memory for a few thousand pages: workers hoard pages
# until the kernel runs out, and every call, fork, copy-on-write fault and
# stack growth must then fail cleanly.
t fuzz-lowmem 'run=fuzz -- 7 40000'
	mem 16
	want '^fuzz: seed 7 count 40000$'
	want '^fuzz: done, ([4-9][0-9]{4}|[0-9]{6,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'
	timeout 180

# 300 environments, each dying of its own kind of exception.
t faultstorm 'run=faultstorm'
	want '^faultstorm: 300 environments, [0-9]+ kinds of fault'
	want '^faultstorm: 300 started, [0-9]+ died of their fault, [0-9]+ survived \(0 should not have\), 0 hung, 0 forks failed$'
	want '^faultstorm: ok$'
	want '^  trap 0x00000000 Divide error$'
	want '^  trap 0x00000003 Breakpoint$'
	want '^  trap 0x00000006 Invalid Opcode$'
	want '^  trap 0x0000000d General Protection$'
	want '^  trap 0x0000000e Page Fault$'
	want '^  trap 0x00000005 BOUND Range Exceeded$'
	want '^  trap 0x00000001 Debug$'
	want '^\[[0-9a-f]{8}\] user fault va [0-9a-f]{8} ip [0-9a-f]{8}$'
	count 301 '^\[[0-9a-f]{8}\] free env [0-9a-f]{8}$'
	timeout 60

# Allocate until -E_NO_MEM, free, again: the same count, four rounds.
# With 32 MiB, so that four rounds of exhausting memory take a second.
t memexhaust 'run=memexhaust'
	mem 32
	want_seq '^memexhaust: first round: [1-9][0-9]* pages$' \
		'^memexhaust: second round: [1-9][0-9]* pages$' \
		'^memexhaust: third round, two children died for lack of memory: [1-9][0-9]* pages$' \
		'^memexhaust: fourth round: [1-9][0-9]* pages$' \
		'^memexhaust: ok$'
	count 2 '^\[[0-9a-f]{8}\] user fault va [0-9a-f]{8} ip [0-9a-f]{8}$'
	never 'FAILED'
	timeout 60

# Fork until -E_NO_FREE_ENV, all exit; exofork until -E_NO_FREE_ENV, all
# destroyed; then forking works again.
t envexhaust 'run=envexhaust'
	want_seq '^envexhaust: fork: 1023 children, then -E_NO_FREE_ENV$' \
		'^envexhaust: all 1023 children gone$' \
		'^envexhaust: exofork: 1023 children, then -E_NO_FREE_ENV$' \
		'^envexhaust: the last child runs$' \
		'^envexhaust: ok$'
	never 'FAILED'
	timeout 60

# Regression: an x87 exception left pending by one environment must not
# kill another (the kernel must give each environment its own FPU state).
t regress_fpu_fault 'run=regress_fpu_fault'
	want '^regress_fpu_fault: ok$'
	never 'FAILED'
	never 'x87 FPU Floating-Point Error'

# Regression: x87 registers survive a context switch.
t regress_fpu_regs 'run=regress_fpu_regs'
	want '^regress_fpu_regs: parent ok$'
	want '^regress_fpu_regs: child ok$'
	never 'FAILED'

# Regression: an environment taken out of sys_ipc_recv by
# sys_env_set_status is no longer receiving; a send to it must fail, not
# zero its %eax and map a page into it.
t regress_ipc_stale 'run=regress_ipc_stale'
	want '^regress_ipc_stale: send ok$'
	want '^regress_ipc_stale: child ok$'
	never 'FAILED'

# Regression: user code that enters virtual-8086 mode (QEMU's TCG lets an
# iret at ring 3 set EFLAGS.VM) and faults there must die: no panic ("page
# fault in kernel mode" when the vm86 %cs has RPL 0), no trap frame built
# 16 bytes low, over the Env before it in envs[] (%cs with RPL 3), and no
# system call from vm86 mode returning through a misaligned frame.
t regress_vm86 'run=regress_vm86'
	want '^regress_vm86: cs 3: the child died, its neighbour intact$'
	want '^regress_vm86: cs 0: the child died$'
	want '^regress_vm86: IOPL 3, no code below UMMAPMIN: the child died$'
	want '^regress_vm86: ok$'
	never 'FAILED'
	timeout 30

# --- Issue 6: the benchmark, as a smoke test (never timed) ---------------

t bench 'run=bench -- short'
	fs
	want '^bench: tsc_overhead [0-9]+$'
	want '^bench: null_syscall [0-9]+$'
	want '^bench: sink64 [0-9]+$'
	want '^bench: yield_alone [0-9]+$'
	want '^bench: yield_switch [0-9]+$'
	want '^bench: ipc_value [0-9]+$'
	want '^bench: ipc_page [0-9]+$'
	want '^bench: fork_cow_0 [0-9]+$'
	want '^bench: fork_cow_16 [0-9]+$'
	want '^bench: fork_cow_256 [0-9]+$'
	want '^bench: fork_eager_0 [0-9]+$'
	want '^bench: fork_eager_16 [0-9]+$'
	want '^bench: fork_eager_256 [0-9]+$'
	want '^bench: fork_ratio_256 [0-9]+\.[0-9]$'
	want '^bench: cow_fault [0-9]+$'
	want '^bench: stack_fault [0-9]+$'
	want '^bench: upcall_fault [0-9]+$'
	want '^bench: file_rw_256k [0-9]+$'
	want '^bench: done$'
	never 'blocked forever'
	never 'user panic'
	timeout 10

# --- Issue 10: holes a hostile program found --------------------------------

# No page below UMMAPMIN: every call that maps refuses it with -E_INVAL.
t regress_ummapmin 'run=regress_ummapmin'
	want_seq '^regress_ummapmin: sys_page_alloc at 00000000: invalid parameter$' \
		'^regress_ummapmin: sys_page_alloc in a child at 00000000: invalid parameter$' \
		'^regress_ummapmin: sys_page_map at 00000000: invalid parameter$' \
		'^regress_ummapmin: sys_page_map to a child at 00000000: invalid parameter$' \
		'^regress_ummapmin: sys_ipc_recv at 00000000: invalid parameter$' \
		'^regress_ummapmin: sys_page_unmap at 00000000: 0$'
	want '^regress_ummapmin: sys_page_alloc at 0010f000: invalid parameter$'
	want '^regress_ummapmin: sys_page_alloc at 00110000: 0$'
	want '^regress_ummapmin: sys_page_map at 00111000: 0$'
	want '^regress_ummapmin: ok$'
	never 'FAILED'

# One iret into vm86 mode with interrupts off must not hang the machine:
# the child cannot map its `jmp .`, dies at its first instruction, and
# the parent runs again (a hang would be a time-out).
t regress_vm86cli 'run=regress_vm86cli'
	want '^\[[0-9a-f]{8}\] trap 14 in virtual-8086 mode at 0100:0000: not supported$'
	want '^regress_vm86cli: the child died in vm86 mode, the parent runs again$'
	never 'FAILED'
	never 'did not enter vm86'
	timeout 15

# Out of memory is -E_NO_MEM, or a line that says so, never -E_INVAL or a
# bad-pointer line.
t regress_nomem 'run=regress_nomem'
	mem 16
	want '^regress_nomem: memory exhausted \([1-9][0-9]* pages\)$'
	want '^regress_nomem: sys_page_map of a copy-on-write page, writable: out of memory$'
	want '^regress_nomem: sys_page_map of a stack page not grown: out of memory$'
	want '^regress_nomem: sys_ipc_try_send of a copy-on-write page, writable: out of memory$'
	want '^regress_nomem: sys_ipc_try_send of a stack page not grown: out of memory$'
	want '^regress_nomem: sys_page_map of nothing \(still\): invalid parameter$'
	want '^\[[0-9a-f]{8}\] out of memory for the page at va eebff[0-9a-f]{3}$'
	want '^\[[0-9a-f]{8}\] out of memory for the page at va eeafe000$'
	want '^regress_nomem: ok$'
	never 'user_mem_check assertion failure'
	never 'FAILED'

# Ids wrap (here every second use of a slot, with envgens=2): the new
# holder of a dead parent's id gets no rights over its orphan.
t regress_envid 'run=regress_envid envgens=2'
	want_seq '^regress_envid: parent [0-9a-f]{8} gone, its child [0-9a-f]{8} has parent 00000000$' \
		'^regress_envid: [0-9a-f]{8} is back after 0000200[0-9a-f]$' \
		'^regress_envid: sys_page_alloc in the orphan: bad environment$' \
		'^regress_envid: sys_env_set_status of the orphan: bad environment$' \
		'^regress_envid: sys_env_destroy of the orphan: bad environment$' \
		'^regress_envid: the orphan [0-9a-f]{8} lives$' \
		'^regress_envid: done$'
	never 'FAILED'

# The kernel command line is read whole (up to 16 KiB and 256 words): an
# option and run= past the old cut (1,023 bytes, 32 words), 120 arguments
# and one of 3,000 bytes all arrive.
t cmdline-long '$(printf "quiet %.0s" {1..100}) timing run=regress_cmdline -- $(seq 1 120) $(printf "x%.0s" {1..3000}) end'
	want '^timing: kernel entry to first user instruction: [0-9]+ cycles$'
	want '^regress_cmdline: argc 123, 3270 bytes, the longest 3000$'
	want "^regress_cmdline: first '1', last 'end'$"
	never 'FAILED'

# Beyond the limits, or malformed, it is refused with a panic that says
# why, never cut; with `input` too (the kernel then does not wait at the
# monitor, whose `exit` would be status 0).
t cmdline-too-long 'run=hello -- $(printf "x%.0s" {1..17000})'
	fails
	want '^kernel panic at kern/cmdline\.c:[0-9]+: kernel command line refused: 170[0-9]{2} bytes, more than the 16384 the kernel takes$'
	never 'new env'

t cmdline-too-many-words 'run=hello -- $(seq 1 300)'
	fails
	want '^kernel panic at kern/cmdline\.c:[0-9]+: kernel command line refused: more than 256 words$'
	never 'new env'

t cmdline-open-quote "run=hello \"mon='kerninfo\""
	input 'exit\r'
	fails
	want "^kernel command line: audit (nofs )?run=hello mon='kerninfo$"
	want '^kernel panic at kern/cmdline\.c:[0-9]+: kernel command line refused: a quote is left open in word [34]: mon=kerninfo$'
	never 'new env'

# conf/batch.sh with no kernel words at all: QEMU gets no command line
# (it refuses an empty one) and the kernel runs hello.
batch_no_words() {
	OBJDIR=$RUNDIR MEM=$TEST_MEM QEMUEXTRA="-snapshot -name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" \
		sh conf/batch.sh -t "$TEST_TIMEOUT" -i 'exit\r' -- > "$1" 2>&1
	local r=$?
	((r == 0)) || { echo "batch status $r, expected 0"; return 1; }
}
t batch-no-words ''
	custom batch_no_words
	want '^hello, world$'
	want '^K> exit'
	never '^kernel command line'
	never 'QEMU exited'

# dumpmem up to the last byte of the address space stops there; it used
# to wrap around and print nothing.
t mon-dumpmem-top "mon='dumpmem 0xfffffff0 64' mon='dumpmem 0xffffffe0 0x20'"
	mem 256
	want_seq '^K> dumpmem 0xfffffff0 64$' \
		'^fffffff0:( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \|.{16}\|$' \
		'^\(the address space ends at ffffffff\)$' \
		'^K> dumpmem 0xffffffe0 0x20$' \
		'^ffffffe0:( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \|.{16}\|$' \
		'^fffffff0:( [0-9a-f]{2}){8} ( [0-9a-f]{2}){8}  \|.{16}\|$' \
		'^free pages'
	count 1 '^\(the address space ends at ffffffff\)$'
	never '^00000000:'
# --- Issue 12: the file system (lab 5) --------------------------------------

# The descriptor layer alone: bad numbers, dup, running out, close_all.
t fdlayer 'run=fdlayer nofs'
	want '^read\(-1\): -3$'
	want '^dup\(0, 5\): 5$'
	want '^offset shared: 42$'
	want '^fd_alloc when full: -10$'
	want '^open when full: -10$'
	want '^close\(9\): -3$'
	want '^pageref after close_all: 0$'
	want '^open without a file server: -2$'
	want '^fd layer is good$'
	never 'user panic'

# --- Issue 12: processes (exit status, wait, console input, exec) --------

# Every way to end, as wait() reports it; wait() refusing itself, 0 and ids
# that name nobody.
t exitstatus 'run=exitstatus'
	want_seq '^exitstatus: exit\(\) -> 0$' \
		'^exitstatus: exit\(7\) -> 7$' \
		'^exitstatus: page fault -> 0x10e \(killed 1, trap 14\)$' \
		'^exitstatus: destroyed -> 0x200$' \
		'^exitstatus: already gone -> 7$' \
		'^exitstatus: wait\(self\) -> invalid parameter$' \
		'^exitstatus: wait\(0\) -> invalid parameter$' \
		'^exitstatus: wait\(bogus\) -> bad environment$' \
		'^exitstatus: wait\(-1\) -> bad environment$' \
		'^\[00001000\] exiting gracefully$'
	never 'blocked forever'

# Console input: the reader sleeps in the kernel until each key comes.
t console-read 'run=readline1'
	input 'hello\rworld\r\rexit\r'
	want_seq "^got 'hello'$" "^got 'world'$" '^readline1: done$' \
		'^No runnable environments in the system!$'

# In batch mode nobody types: a reader alone is idle, and freed.
t console-read-batch 'run=readline1'
	want '\[00001000\] blocked forever \(waiting for console input\): freeing it$'
	never '^got'
# The file server's start-up checks, then JOS lab 5's testfile: the
# protocol by hand, then open/read/write, and a file with indirect blocks.
t testfile 'run=testfile'
	fs
	want_seq '^\[00000000\] new env 00001000$' '^\[00000000\] new env 00001001$'
	want_seq '^FS is running$' '^FS can do I/O$' '^block cache is good$' \
		'^superblock is good$' '^bitmap is good$' '^alloc_block is good$' \
		'^file_open is good$' '^file_get_block is good$' '^file_flush is good$' \
		'^file_truncate is good$' '^file rewrite is good$'
	want_seq '^serve_open is good$' '^file_stat is good$' '^file_read is good$' \
		'^file_close is good$' '^stale fileid is good$' '^file_write is good$' \
		'^file_read after file_write is good$' '^open is good$' '^large file is good$'
	never 'user panic'

# No disk at index 1, or one without a file system: a line saying so, and
# the rest runs; opening a file is an error, not a hang.
t fs-nodisk 'run=fdlayer'
	fs
	fsimg none
	want '^fs: no disk 1 \(QEMU -drive index=1\): no file system$'
	want '^open without a file server: -2$'
	want '^fd layer is good$'
	never 'user panic'

t fs-corrupt 'run=fdlayer'
	fs
	fsimg corrupt
	want '^fs: no file system on disk 1 \(magic 21444142, want 4a0530ae\)$'
	want '^fs: the file system on disk 1 is unusable; files are unavailable$'
	want '^fd layer is good$'
	never 'superblock is good'
	never 'user panic'

# Bad input to the file system: bad and missing paths, directories misused,
# wrong modes, too many open files (E_MAX_OPEN), and a full disk, filled
# twice: the same bytes must fit both times (no block lost).
t fsbad 'run=fsbad'
	fs
	want '^open missing file: file or block not found$'
	want '^open through a file: invalid path$'
	want '^open a name too long: invalid path$'
	want '^open a path too long: invalid path$'
	want '^open a directory for writing: invalid parameter$'
	want '^create over an existing file: file already exists$'
	want '^remove a directory not empty: invalid parameter$'
	want '^write to a read-only file: invalid parameter$'
	want '^open with every descriptor in use: too many files are open$'
	count 2 '^write to a full disk: no free space on disk$'
	want '^disk full after ([0-9]+) bytes, then after \1 bytes$'
	want '^fsbad is good$'
	never 'user panic'

# Only the file server may touch I/O ports (JOS lab 5's faultio).
t faultio 'run=faultio'
	fs
	want_seq '^faultio: selecting disk 1$' '^  trap 0x0000000d General Protection$' \
		'^\[00001001\] free env 00001001$'
	never 'did not fault'
	never 'I/O privilege level'

# The file server dies in the middle of a request (out of memory for a
# block, since the client holds all the rest): the request fails with
# -E_BAD_ENV (sys_ipc_recv_from), later ones too, and nothing hangs.
t fskill 'run=fskill'
	fs
	mem 16
	want_seq '^fskill: holding all free memory$' \
		'^\[00001000\] user panic in fs at fs/bc\.c:[0-9]+: block cache: no memory for block [0-9]+: out of memory$' \
		'^\[00001000\] free env 00001000$' \
		'^fskill: read while the file server died: bad environment$' \
		'^fskill: open after it died: bad environment$' \
		'^fskill: done$'

# Four environments at once, each with its own file, and all appending
# through one descriptor inherited by fork (one shared offset).
t fsconc 'run=fsconc'
	fs
	count 4 '^fsconc: child [0-3] ok$'
	want '^fsconc: shared file has 200 bytes, want 200$'
	want '^fsconc: done$'
	never 'user panic'

# Raw requests no library would send (no page, a read-only page, unknown
# types, forged ids, bad sizes and offsets, a mode changed behind the
# server's back, a path with no end): each refused, the server goes on.
t fshostile 'run=fshostile'
	fs
	want '^fshostile: read-only request page: invalid parameter$'
	want '^fshostile: request type 999: invalid parameter$'
	want '^fshostile: read of a forged file id: invalid parameter$'
	want '^fshostile: read at a negative offset: invalid parameter$'
	want '^fshostile: write of 4 GiB from one page: 4088$'
	want '^fshostile: write after changing fd_omode: invalid parameter$'
	want '^fshostile: path without an end: invalid path$'
	want '^fshostile: the file server is still serving$'
	never 'user panic'

# Nested directories and their listings, holes, truncating then growing
# (no old bytes come back), O_TRUNC, the largest file, rm of directories.
t fsfiles 'run=fsfiles'
	fs
	want '^fsfiles: listing /a: b/ f$'
	want '^fsfiles: the hole reads as zeros$'
	want '^fsfiles: bytes 100\.\.4999 read as zeros$'
	want '^fsfiles: a byte more is refused$'
	want '^fsfiles: sync$'
	want '^fsfiles: rm /a once empty$'
	want '^fsfiles: done$'
	never 'user panic'

# What a program writes reaches the disk: a second boot on the same disk
# (not in snapshot mode) finds the file, the directory and the removal.
t fs-reboot ''
	custom fs_reboot
	want_seq '^--- boot: fspersist write ---$' '^superblock is good$' \
		'^fspersist: wrote /pdir/data, removed /lorem$' \
		'^--- boot: fspersist check ---$' '^superblock is good$' '^bitmap is good$' \
		'^fspersist: /pdir/data survived the reboot, /lorem is still gone$'
	count 2 '^page audit: OK'
	never 'user panic'
	never 'fs: self-checks skipped'

# Several CPUs (SPEC section 10). The scheduler under load at 4 CPUs: an
# environment never runs on two at once, and the children ran on at
# least three of them.
t stresssched 'run=stresssched'
	cpus 4
	count 20 '^\[[0-9a-f]{8}\] stresssched on CPU [0-3]$'
	want '^stresssched: 20 children counted right on [34] CPU\(s\)$'
	never 'ran on two CPUs at once'
	never 'user panic'
	timeout 60

# Copy-on-write pages written, forked and killed across 4 CPUs.
t cowrace 'run=cowrace'
	cpus 4
	count 6 '^cowrace: worker [0-5] done, [0-9]+ children$'
	want '^cowrace: 6 workers, nobody saw another.s write$'
	never 'user panic'
	timeout 60

t cowrace-1cpu 'run=cowrace'
	want '^cowrace: 6 workers, nobody saw another.s write$'
	never 'user panic'
	timeout 60

# IPC between environments on different CPUs.
t pingpong-smp 'run=pingpong'
	cpus 4
	want_seq '^pingpong: 00001000 sends 0 to 00001001$' \
		'^pingpong: 00001001 got 0 from 00001000$' \
		'^pingpong: 00001000 got 1 from 00001001$' \
		'^pingpong: 00001001 got 8 from 00001000$' \
		'^pingpong: 00001000 got 9 from 00001001$'
	never 'user panic'

t primes-smp 'run=primes'
	cpus 4
	timeout 60
	count 100 '^primes: prime [0-9]+ is [0-9]+$'
	want '^primes: prime 100 is 541$'
	want '^primes: the last filter found 100 primes up to 541$'
	never 'user panic'

t forkbomb-smp 'run=forkbomb'
	cpus 4
	timeout 90
	want_seq '^forkbomb: fork failed with out of environments after 1023 children$' \
		'^forkbomb: told every child to exit$'
	count 1024 '^\[[0-9a-f]{8}\] exiting gracefully$'
	never 'user panic'

t fuzz-smp 'run=fuzz -- 42 200000'
	cpus 4
	want '^fuzz: seed 42 count 200000$'
	want '^fuzz: done, ([2-9][0-9]{5}|[0-9]{7,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'
	timeout 180

t memexhaust-smp 'run=memexhaust'
	cpus 4
	mem 32
	want_seq '^memexhaust: first round: [1-9][0-9]* pages$' \
		'^memexhaust: second round: [1-9][0-9]* pages$' \
		'^memexhaust: third round, two children died for lack of memory: [1-9][0-9]* pages$' \
		'^memexhaust: fourth round: [1-9][0-9]* pages$' \
		'^memexhaust: ok$'
	never 'FAILED'
	timeout 60

t envexhaust-smp 'run=envexhaust'
	cpus 4
	want_seq '^envexhaust: fork: 1023 children, then -E_NO_FREE_ENV$' \
		'^envexhaust: all 1023 children gone$' \
		'^envexhaust: exofork: 1023 children, then -E_NO_FREE_ENV$' \
		'^envexhaust: the last child runs$' \
		'^envexhaust: ok$'
	never 'FAILED'
	timeout 60

# The file server and its clients on 4 CPUs.
t fsconc-smp 'run=fsconc'
	cpus 4
	fs
	count 4 '^fsconc: child [0-3] ok$'
	want '^fsconc: shared file has 200 bytes, want 200$'
	want '^fsconc: done$'
	never 'user panic'

# Boot with each number of CPUs: every one says it started.
t smp-boot8 'run=hello'
	cpus 8
	want '^SMP: CPU 0 found 8 CPU\(s\)$'
	want_seq '^SMP: CPU 1 starting$' '^SMP: CPU 7 starting$' '^hello, world$'

main "$@"
