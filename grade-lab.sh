#!/usr/bin/env bash
#
# The grader: boots the kernel once per test in batch mode (conf/batch.sh),
# checks the serial console's lines, and prints each test's result the
# moment it is known, then a summary in the order of the tests: the score
# of each lab in points and, last, "N passed, N failed". Exit status 0 only
# when every test passes.
#
# usage: ./grade-lab.sh [-v] [-j N] [-l] [--lab N] [TEST|PATTERN]...
#   -v        print every test's log after its result line
#   -j N      run N tests at once (default: the number of CPUs)
#   -l        list the tests (lab, points, time limit, name) and exit
#   --lab N   only the tests of lab N (`make grade LAB=N`)
#   TEST      run only these tests: an exact name, a shell glob (`'mon-*'`)
#             or a prefix (`gdb` runs gdbinit, gdb-boot and gdb-traps);
#             `make grade T='hello faultread'`
#
# Logs go to $OBJDIR/grade/NAME.log (OBJDIR defaults to obj) and stay there;
# each is cut at 4 MiB (a test whose output passes that fails). Results are
# coloured when the output is a terminal (NO_COLOR=1: never). Run directly,
# the script first builds with `make -s build`; `make grade` builds first.
#
# A test stops as soon as its verdict is certain: the kernel ends a batch
# run itself at a panic, a triple fault or when the system goes idle, and
# the grader stops QEMU at the first line a `never` forbids (an audit
# problem, a kernel warning, a panic, or the test's own), or when the log
# passes its limit. Otherwise the time limit ends it.
#
# The tests are declared at the bottom of this file in a small language:
#
#   lab N 'TITLE'           the tests after this line belong to lab N
#   t NAME 'KERNEL ARGS'    start a test; the arguments go to conf/batch.sh
#                           as shell-quoted words: 'run=hello',
#                           "mon='showmappings 0xef000000 0xef003000'"
#     points N              what the test is worth (default 1)
#     want 'ERE'            some line matches (grep -E syntax)
#     want_seq 'ERE'...     lines matching these appear in this order
#     never 'ERE'           no line matches (the run stops at the first)
#     count N 'ERE'         exactly N lines match
#     mem MB                QEMU's memory (default 128)
#     cpus N                QEMU's CPUs (default $CPUS, else 1)
#     also_cpus N...        run the test again at each of these CPU counts,
#                           with the same checks and twice the time limit,
#                           as NAME@N (`make grade T=pingpong@4`)
#     timeout S             time limit in seconds (default 10); set it to a
#                           few times what the test needs on a loaded machine
#     swap MB               a swap disk of MB MiB and the kernel option
#                           `swap` (conf/batch.sh SWAP=MB)
#     fails                 the run must end in a kernel panic
#     custom FUNC           run `FUNC LOGFILE` instead of the batch run
#     fs                    start the file server: without this line every
#                           test gets the kernel option `nofs` (labs 1-4)
#     fsimg none|corrupt    boot with no file system disk, or one whose
#                           super block is damaged
#     input 'TEXT'          type TEXT on the console (printf escapes in
#                           octal, \r ends a line, \033 is Esc): the kernel
#                           runs without `batch`, so a breakpoint enters the
#                           monitor; end TEXT with `exit\r`
#                           (conf/batch.sh -i)
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
#
# The language, running a test and the driver are in conf/grade-engine.sh;
# the helpers for custom tests, and the tests, are below.

set -u
cd "$(dirname "$0")" || exit 2
# `wait -n -p` needs bash 5.1.
((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) ||
	{ echo "grade-lab.sh: needs bash 5.1 or later" >&2; exit 2; }
# Byte-wise matching: logs may hold any byte.
export LC_ALL=C

OBJDIR=${OBJDIR:-obj}
GRADEDIR=$OBJDIR/grade
QEMU=${QEMU:-qemu-system-i386}
export OBJDIR QEMU

# Limits: a test's default time, the largest log kept, and how many lines
# of the log and reasons a failure shows.
DEFAULT_TIMEOUT=10
LOG_CAP=$((4 * 1024 * 1024))
CONTEXT_LINES=6
MAX_REASONS=6
# Tests allowed this many seconds or more start before the others.
LONG_TEST=60

# Every QEMU this run starts carries this in its -name, so an interrupted
# run can find and stop exactly its own.
RUN_TAG=grade.$$

# The run's own directory, removed at the end. It holds a copy of the
# kernel image, so that a build, a `make qemu` or another grader in this
# checkout can neither change the image under the tests nor hold QEMU's
# lock on it, and the files of tests in progress, so that two graders do
# not mix theirs up. A finished test's log moves to $GRADEDIR/NAME.log.
RUNDIR=$GRADEDIR/run.$$

# The test language, running a test, and the driver.
. conf/grade-engine.sh

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
			-accel "$(accel)" ${QEMUEXTRA:-} -name "$RUN_TAG.$TEST_NAME" \
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

# `make qemu-nox` as a user runs it: wait for each prompt of TYPED (the
# shell's `$ ` or the monitor's `K> `), type the command that follows it,
# and at the end Ctrl-a x. A prompt is awaited by its number of
# occurrences in the terminal's output so far. The log is that output.
TYPED=('$ ' ls '$ ' 'cat motd | num' '$ ' 'echo hi > f; cat f' '$ ' exit
	'K> ' help 'K> ' kerninfo 'K> ' backtrace 'K> ' $'\001x')
qemu_nox() {
	local log=$1 fifo=$1.in pid cmd prompt i text rest deadline r
	local -A want=()
	deadline=$((${EPOCHREALTIME/[.,]/} + TEST_TIMEOUT * 1000000))
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	: > "$log"
	make -s qemu-nox QEMUEXTRA="-snapshot -name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" \
		< "$fifo" > "$log" 2>&1 &
	pid=$!
	exec 3> "$fifo"
	rm -f "$fifo"
	for ((i = 0; i < ${#TYPED[@]}; i += 2)); do
		prompt=${TYPED[i]} cmd=${TYPED[i + 1]}
		want[$prompt]=$((${want[$prompt]:-0} + 1))
		# Wait for occurrence number want[prompt] of the prompt.
		while :; do
			text=""
			IFS= read -r -d "" text < "$log"
			rest=${text//"$prompt"/}
			(((${#text} - ${#rest}) / ${#prompt} >= ${want[$prompt]})) && break
			if ! kill -0 $pid 2>/dev/null; then
				echo "make qemu-nox ended before prompt ${want[$prompt]} ($prompt), saying:"
				tail -n 3 "$log" | sed 's/^/  /'
				exec 3>&-
				return 1
			fi
			if ((${EPOCHREALTIME/[.,]/} > deadline)); then
				echo "no prompt ${want[$prompt]} ($prompt) within ${TEST_TIMEOUT}s"
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

gdb_realmode() {
	gdb_test conf/gdbtest-real.gdb "$1"
}

# `make gdb` with no QEMU waiting: conf/gdb.sh (what make gdb runs) must
# fail within seconds, naming the port and `make qemu-gdb`.
gdb_noqemu() {
	local log=$1 port start r secs
	for ((port = 40000 + UID % 1000 * 7 + TEST_INDEX; ; port++)); do
		port_busy "$port" || break
	done
	start=${EPOCHREALTIME/[.,]/}
	OBJDIR=$RUNDIR command timeout 20 sh conf/gdb.sh "$port" > "$log" 2>&1 < /dev/null
	r=$?
	secs=$(((${EPOCHREALTIME/[.,]/} - start) / 1000000))
	echo "== port $port status $r after ${secs}s" >> "$log"
	((r != 0)) || { echo "conf/gdb.sh succeeded with nothing on port $port"; return 1; }
	((secs <= 5)) || { echo "conf/gdb.sh took ${secs}s to fail"; return 1; }
	grep -q "port $port" "$log" || { echo "the message does not name port $port"; return 1; }
}

# What make refuses, each with a message and a failure: a program with no
# user/NAME.c, TIMEOUT=0, MEM=1; and what works: V=1 (which shows the
# commands), print-VAR (and xv6's print-qemu), help.
make_refusals() {
	local log=$1 r
	: > "$log"
	run_make() {
		echo "== make $*" >> "$log"
		make -s --no-print-directory "$@" >> "$log" 2>&1 < /dev/null
		r=$?
		echo "== status $r" >> "$log"
	}
	run_make run-nosuch-batch
	((r != 0)) || echo "make run-nosuch-batch succeeded"
	run_make run-hello-batch TIMEOUT=0
	((r != 0)) || echo "make run-hello-batch TIMEOUT=0 succeeded"
	run_make run-hello-batch MEM=1
	((r != 0)) || echo "make run-hello-batch MEM=1 succeeded"
	run_make V=1 print-GDBPORT
	((r == 0)) || echo "make V=1 print-GDBPORT failed"
	run_make print-qemu
	((r == 0)) || echo "make print-qemu failed"
	run_make help
	((r == 0)) || echo "make help failed"
}

# `make qemu-nox` ended by the monitor's `exit`: make's status is 0. The
# command is typed once the prompt shows (QEMU reads the terminal then).
qemu_nox_exit() {
	local log=$1 fifo=$1.in pid r deadline
	deadline=$((${EPOCHREALTIME/[.,]/} + TEST_TIMEOUT * 1000000))
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	make -s --no-print-directory qemu-nox KARGS=nofs \
		QEMUEXTRA="-snapshot -name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" < "$fifo" > "$log" 2>&1 &
	pid=$!
	exec 3> "$fifo"
	rm -f "$fifo"
	until grep -q 'K> ' "$log"; do
		if ! kill -0 $pid 2>/dev/null || ((${EPOCHREALTIME/[.,]/} > deadline)); then
			echo "no monitor prompt (K> ) within ${TEST_TIMEOUT}s"
			exec 3>&-
			kill_tagged -x "$RUN_TAG.$TEST_NAME"
			return 1
		fi
		sleep 0.05
	done
	printf 'exit\r' >&3
	while kill -0 $pid 2>/dev/null && ((${EPOCHREALTIME/[.,]/} < deadline)); do
		sleep 0.05
	done
	kill_tagged -x "$RUN_TAG.$TEST_NAME"
	exec 3>&-
	wait $pid
	r=$?
	echo "== make status $r" >> "$log"
	((r == 0)) || { echo "make qemu-nox ended with status $r after the monitor's exit, expected 0"; return 1; }
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

# The check every batch test gets, for custom ones: as many free pages
# when idle as after boot, in log $1.
same_free_pages() {
	local boot idle
	boot=$(grep -aoE -m1 '^free pages: [0-9]+ \(boot\)' "$1" | tr -dc 0-9)
	idle=$(grep -aoE '^free pages: [0-9]+ \(idle\)' "$1" | tail -n 1 | tr -dc 0-9)
	[[ -n $boot && $boot == "$idle" ]] ||
		{ echo "free pages: '$boot' (boot) but '$idle' (idle)"; return 1; }
}

# faultread's fault line, and whether its offset is the ip minus umain's
# address in obj/user/faultread.
fault_offset() {
	local log=$1 line ip off base r
	batch "$TEST_INDEX" > "$log" 2>&1
	r=$?
	((r == 0)) || { echo "batch status $r, expected 0"; return 1; }
	line=$(grep -E -m1 '^\[[0-9a-f]{8}\] user fault ' "$log") ||
		{ echo "no user fault line"; return 1; }
	[[ $line =~ ip\ ([0-9a-f]{8})\ \(umain\+0x([0-9a-f]+)\)$ ]] ||
		{ echo "no (umain+0x...) in: $line"; return 1; }
	ip=${BASH_REMATCH[1]} off=${BASH_REMATCH[2]}
	base=$(nm "$OBJDIR/user/faultread" | awk '$3 == "umain" { print $1 }')
	[[ -n $base ]] || { echo "no umain in $OBJDIR/user/faultread"; return 1; }
	((16#$ip - 16#$base == 16#$off)) ||
		{ echo "ip $ip - umain $base is not 0x$off"; return 1; }
	same_free_pages "$log"
}

# A disk whose /faultread holds faultwrite's code: spawn and exec still
# name the program faultread, but its code is not the kernel's faultread.
fault_foreign_disk() {
	local log=$1 img=$RUNDIR/fs/$TEST_NAME.img r
	cp "$RUNDIR/fs/clean-fs.img" "$img" &&
		"$OBJDIR/fs/mkfs" -u "$img" "faultread=$OBJDIR/user/faultwrite.strip" > /dev/null ||
		{ echo "cannot make the disk"; return 1; }
	FSIMG=$img batch "$TEST_INDEX" > "$log" 2>&1
	r=$?
	rm -f "$img"
	((r == 0)) || { echo "batch status $r, expected 0"; return 1; }
	same_free_pages "$log"
}

# ---------------------------------------------------------------------------
# The tests. Regular expressions are grep -E's; anchor them (^...$) where a
# monitor command's echo ("K> ...") or the kernel command line could match.

# ===========================================================================
lab 1 'boot, the monitor, the console, GDB'

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
		'^  etext +f0([0-9a-f]{6}) \(virt\) +00\1 \(phys\)$' \
		'^  edata +f0([0-9a-f]{6}) \(virt\) +00\1 \(phys\)$' \
		'^  end +f0([0-9a-f]{6}) \(virt\) +00\1 \(phys\)$' \
		'^Kernel executable memory footprint: [1-9][0-9]*KB$'

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

# The line editor, typed on the serial console: backspace; the cursor
# moved left to insert; Ctrl-U; up twice, then up three times and down
# once (history); Home then Delete. kerninfo runs once, meminfo twice,
# help three times, and nothing else.
t mon-lineedit ''
	input 'kerninfx\177o\rmminfo\033[D\033[D\033[D\033[D\033[De\rgarbage\025help\r\033[A\033[A\r\033[A\033[A\033[A\033[B\rxhelp\033[H\033[3~\rexit\r'
	count 1 '^Special kernel symbols:$'
	count 2 '^pages: [0-9]+ total, '
	count 3 '^kerninfo - Display information about the kernel$'
	never 'Unknown command'

# Ctrl-C stops a long listing (64 MiB of dumpmem, all of showmappings),
# and the monitor reads the next command.
t mon-ctrl-c ''
	input 'dumpmem -p 0x0 0x4000000\r\003meminfo\rshowmappings 0x0 0xffffffff\r\003exit\r'
	want_seq '^K> dumpmem -p 0x0 0x4000000$' '^\^C: stopped$' \
		'^K> meminfo$' '^pages: [0-9]+ total, ' \
		'^K> showmappings 0x0 0xffffffff$' '^\^C: stopped$' '^K> exit$'
	never '^00100000:'
	never '^00400000 -> '

# make qemu-nox ended by the monitor's exit is a success for make.
t qemu-nox-exit ''
	timeout 20
	custom qemu_nox_exit
	want '^K> exit$'
	want '^== make status 0$'

# What make refuses, clearly; and V=1.
t make-refusals ''
	custom make_refusals
	timeout 30
	want_seq '^== make run-nosuch-batch$' "^\*\*\* no user program 'nosuch'" '^== status [1-9]'
	want_seq '^== make run-hello-batch TIMEOUT=0$' "time limit '0': give 1 or more seconds" '^== status [1-9]'
	want_seq '^== make run-hello-batch MEM=1$' 'MEM=1: too small' '^== status [1-9]'
	want_seq '^== make V=1 print-GDBPORT$' '^[0-9]+$' '^== status 0$'
	want_seq '^== make print-qemu$' 'qemu' '^== status 0$'
	want_seq '^== make help$' '^make grade +' '^== status 0$'

# The interactive console: `make qemu-nox` boots to the shell; commands
# typed at its prompt, `exit`, then the monitor's, then Ctrl-a x (TYPED).
t qemu-nox ''
	timeout 15
	custom qemu_nox
	want '^\*\*\* Now running the kernel on the serial console\. To quit: Ctrl-a x'
	want_seq '^\$ ls$' '^motd$' '^\$ cat motd \| num$' \
		'^    1 This is /motd, the message of the day\.$' \
		'^\$ echo hi > f; cat f$' '^hi$' '^\$ exit$' \
		'^init: sh exited with status 0$' \
		'K> help' '^kerninfo .*- ' \
		'K> kerninfo' '^Special kernel symbols:$' \
		'K> backtrace' '^Stack backtrace:$' '^  ebp [0-9a-f]{8}  eip ' \
		'K> '
	want 'QEMU: Terminated'
	never 'kernel panic'

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
	want_seq '^== bt at i386_init$' '^npages=0$' '^== bt at env_init$' '^npages=32768$'
	want '^check_page_installed_pgdir\(\) succeeded!$'
	never 'kernel panic'

# Real mode: the first instruction and the boot sector as 16-bit code, at
# cs:ip; the boot sector's symbols and lines; 32-bit again in bootmain.
t gdb-realmode ''
	custom gdb_realmode
	want_seq '^== first instruction$' '^\[f000:fff0\] +0xffff0:[[:space:]]+ljmp +\$0xf000,\$0xe05b$' \
		'target architecture is set to "i8086"'
	want_seq '^== boot sector$' '0x7c00 <start>:[[:space:]]+cli' \
		'<start\+2>:[[:space:]]+xor +%ax,%ax' '^cs:ip=0000:7c0[0-9a-f]$'
	want '^(Thread [0-9]+ hit )?Breakpoint 1, start \(\) at boot/boot\.S:[0-9]+'
	want_seq '^(Thread [0-9]+ hit )?Breakpoint 2, bootmain \(\) at boot/main\.c:[0-9]+' '^== bootmain$' \
		'target architecture is set to "i386"' '^[0-9]+[[:space:]]'

# make gdb with nothing listening fails at once and says what to run.
t gdb-noqemu ''
	custom gdb_noqemu
	want 'make qemu-gdb'

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
# (it refuses an empty one) and the kernel runs its default program, init,
# which starts sh: the first `exit` is for sh, the second for the monitor.
batch_no_words() {
	OBJDIR=$RUNDIR MEM=$TEST_MEM QEMUEXTRA="-snapshot -name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" \
		sh conf/batch.sh -t "$TEST_TIMEOUT" -i 'exit\rexit\r' -- > "$1" 2>&1
	local r=$?
	((r == 0)) || { echo "batch status $r, expected 0"; return 1; }
}
t batch-no-words ''
	custom batch_no_words
	want_seq '^init: starting sh$' '^\$ exit$' '^K> exit'
	never '^kernel command line'
	never 'QEMU exited'

# ===========================================================================
lab 2 'memory: pages, mappings, sizes'

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
	timeout 20
	mem 512
	want '^Physical memory: 524288K available'
	want '^Physical memory: .*262144K'
	want '^pages: 65536 total, '

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

# ===========================================================================
lab 3 'environments, traps, system calls'

# The first user program.
t hello 'run=hello'
	want_seq '^\[00000000\] new env 00001000$' \
		'^hello, world$' \
		'^i am environment 00001000$' \
		'^\[00001000\] exiting gracefully$' \
		'^\[00001000\] free env 00001000$' \
		'^No runnable environments in the system!$'

t gdb-traps 'run=hello'
	custom gdb_traps
	want '^(Thread [0-9]+ hit )?Breakpoint 1, umain \(argc=1, argv=0xeebf[0-9a-f]{4}\) at user/hello\.c:[0-9]+'
	want_seq '^== in umain$' '^#0 +umain \(' '^#1 +0x[0-9a-f]+ in libmain \('
	want '^umain in section \.text of .*obj/user/hello$'
	want '^cs=0x1b$'
	want_seq '^(Thread [0-9]+ hit )?Breakpoint 2, syscall \(num=0, ' \
		'^#0 +syscall \(num=0, .*at kern/syscall\.c:[0-9]+$' \
		'^#1 +0x[0-9a-f]+ in sysenter_entry(_smp)? \(\) at kern/trapentry\.S:[0-9]+$'
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
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000004 \[user, read, not-present\]$' \
		'^\[00001000\] free env 00001000$'
	never 'from address 0!'

t faultwrite 'run=faultwrite'
	want_seq '^faultwrite: writing address 0$' \
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000006 \[user, write, not-present\]$' \
		'^\[00001000\] free env 00001000$'
	never 'wrote address 0!'

t faultreadkernel 'run=faultreadkernel'
	want_seq '^faultreadkernel: reading address f0100000$' \
		'^\[00001000\] user fault va f0100000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000005 \[user, read, protection\]$' \
		'^\[00001000\] free env 00001000$'
	never 'from the kernel!'

t faultwritekernel 'run=faultwritekernel'
	want_seq '^faultwritekernel: writing address f0100000$' \
		'^\[00001000\] user fault va f0100000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
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

# trace=syscall: every system call, its arguments and its result, and
# which way it came (the library's default: sysenter).
t trace-syscall 'run=hello trace=syscall'
	want '^\[00001000\] sys_getenvid\(\) = 4096 \(sysenter\)$'
	want_seq '^hello, world$' \
		'^\[00001000\] sys_cputs\(0x[0-9a-f]+, 0xd\) = 0 \(sysenter\)$' \
		'^\[00001000\] exiting gracefully$' \
		'^\[00001000\] sys_env_destroy\(0x0\) = 0 \(sysenter\)$'

# trace=trap: every trap but the system calls.
t trace-trap 'run=faultread trace=trap'
	want_seq '^\[00001000\] trap 0x0e Page Fault eip 008[0-9a-f]{5}$' \
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$'
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
		'^\[00001000\] user fault va 00[0-9a-f]{6} ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
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
	timeout 20
	want '^syscallgarbage: [0-9]+ calls with garbage arguments, kernel alive$'
	count 54 '^syscallgarbage: call [0-9]+ \(out of range\) pattern [0-8] returned'
	count 54 '^syscallgarbage: call [0-9]+ \(out of range\) pattern [0-8] returned -3$'
	want '^\[00001000\] exiting gracefully$'
	never 'user panic'

# ===========================================================================
lab 4 'fork, IPC, scheduling, hostile programs'

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
# With several CPUs the child may be running on another when destroyed:
# that CPU frees it, as the child ("[00001001] free env 00001001").
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
	also_cpus 4
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
	also_cpus 4
	timeout 20
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
		'^\[00001000\] user fault va eeafd[0-9a-f]{3} ip 008[0-9a-f]{5} \(recurse\+0x[0-9a-f]+\)$' \
		'^TRAP frame at 0x[0-9a-f]{8} from CPU 0$' \
		'^  trap 0x0000000e Page Fault$' \
		'^  err  0x00000006 \[user, write, not-present\]$' \
		'^\[00001000\] free env 00001000$' \
		'^stackoverflow: 00001000 is gone and 00001001 still runs, ok$' \
		'^\[00001001\] exiting gracefully$'
	never 'the recursion returned'

# Fork until NENV runs out; every child exits once told.
t forkbomb 'run=forkbomb'
	also_cpus 4
	timeout 15
	want_seq '^forkbomb: fork failed with out of environments after 1023 children$' \
		'^forkbomb: told every child to exit$'
	count 1024 '^\[[0-9a-f]{8}\] exiting gracefully$'
	never 'user panic'

# Fork until memory runs out (the parent holds nearly all of it first).
t forkbomb-mem 'run=forkbomb -- mem'
	mem 32
	timeout 20
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

# The fuzzer, fixed seed: about 5 s under TCG on an idle machine, 15 s
# at 4 CPUs (the workers contend for the kernel lock).
t fuzz 'run=fuzz -- 42 100000'
	also_cpus 4
	want '^fuzz: seed 42 count 100000$'
	want '^fuzz: done, ([1-9][0-9]{5}|[0-9]{7,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'
	timeout 30

# The fuzzer with memory for a few thousand pages: workers hoard pages
# until the kernel runs out, and every call, fork, copy-on-write fault and
# stack growth must then fail cleanly.
t fuzz-lowmem 'run=fuzz -- 7 40000'
	mem 16
	want '^fuzz: seed 7 count 40000$'
	want '^fuzz: done, ([4-9][0-9]{4}|[0-9]{6,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'
	timeout 20

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
	want '^\[[0-9a-f]{8}\] user fault va [0-9a-f]{8} ip [0-9a-f]{8}( \([A-Za-z_.][A-Za-z0-9_.]*\+0x[0-9a-f]+\))?$'
	count 301 '^\[[0-9a-f]{8}\] free env [0-9a-f]{8}$'
	timeout 20

# Allocate until -E_NO_MEM, free, again: the same count, four rounds.
# With 32 MiB, so that four rounds of exhausting memory take a second.
t memexhaust 'run=memexhaust'
	also_cpus 4
	mem 32
	want_seq '^memexhaust: first round: [1-9][0-9]* pages$' \
		'^memexhaust: second round: [1-9][0-9]* pages$' \
		'^memexhaust: third round, two children died for lack of memory: [1-9][0-9]* pages$' \
		'^memexhaust: fourth round: [1-9][0-9]* pages$' \
		'^memexhaust: ok$'
	count 2 '^\[[0-9a-f]{8}\] user fault va [0-9a-f]{8} ip [0-9a-f]{8}( \([A-Za-z_.][A-Za-z0-9_.]*\+0x[0-9a-f]+\))?$'
	never 'FAILED'
	timeout 20

# Fork until -E_NO_FREE_ENV, all exit; exofork until -E_NO_FREE_ENV, all
# destroyed; then forking works again.
t envexhaust 'run=envexhaust'
	also_cpus 4
	want_seq '^envexhaust: fork: 1023 children, then -E_NO_FREE_ENV$' \
		'^envexhaust: all 1023 children gone$' \
		'^envexhaust: exofork: 1023 children, then -E_NO_FREE_ENV$' \
		'^envexhaust: the last child runs$' \
		'^envexhaust: ok$'
	never 'FAILED'
	timeout 20

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

# ===========================================================================
lab 5 'the file system'

# --- Issue 6: the benchmark, as a smoke test (never timed) ---------------

t bench 'run=bench -- short'
	fs
	want '^bench: tsc_overhead [0-9]+$'
	want '^bench: null_syscall [0-9]+$'
	want '^bench: null_syscall_int [0-9]+$'
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
	want '^bench: spawn_wait [0-9]+$'
	want '^bench: exec [0-9]+$'
	want '^bench: pipe_1m [0-9]+$'
	want '^bench: done$'
	never 'blocked forever'
	never 'user panic'
	timeout 10

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
	also_cpus 4
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

# --- Issue 12: descriptors, pipes, spawn and exec (lab 5 library) ---------

# JOS lab 5's spawn test: /hello from the disk, a child of the program.
t spawnhello 'run=spawnhello'
	fs
	want_seq '^i am parent environment 00001001$' '^hello, world$' \
		'^i am environment 00001002$' '^No runnable environments in the system!$'

# A spawned child gets no I/O privilege either.
t spawnfaultio 'run=spawnfaultio'
	fs
	want_seq '^i am parent environment 00001001$' '^faultio: selecting disk 1$' \
		'^TRAP frame at ' '^  trap 0x0000000d General Protection$' \
		'^\[00001002\] free env 00001002$'
	never 'did not fault'

# Flags as JOS's programs read them: -ab is two, values joined (-m7) or
# next (-n 5), the first operand ends them (a later -- stays), and the
# flags leave argv.
t argstest 'run=argstest -- -ab -n 5 -m7 - x -- -c'
	fs
	want_seq '^argstest: flag -a$' '^argstest: flag -b$' "^argstest: flag -n value '5'$" \
		"^argstest: flag -m value '7'$" \
		"^argstest: 5 left: 'argstest' '-' 'x' '--' '-c'$"
	never 'user panic'

t argstest-dashdash 'run=argstest -- -a -- -b -n'
	fs
	want_seq '^argstest: flag -a$' "^argstest: 3 left: 'argstest' '-b' '-n'$"
	never 'flag -b'

# JOS lab 5's icode: read /motd, spawn /init with arguments; init runs
# sh, whose prompt waits for input nobody types (batch: idle).
t icode 'run=icode'
	fs
	want_seq '^icode: read /motd$' '^This is /motd, the message of the day\.$' \
		'^icode: spawn /init$' '^icode: exiting$'
	want_seq '^init: running$' '^init: data seems okay$' '^init: bss seems okay$' \
		"^init: args: 'init' 'initarg1' 'initarg2'$" '^init: running sh$' '^\$ '
	never 'user panic'

t testpteshare 'run=testpteshare'
	fs
	want_seq '^fork handles PTE_SHARE right$' '^spawn handles PTE_SHARE right$'
	never 'PTE_SHARE wrong'

t testfdsharing 'run=testfdsharing'
	fs
	want_seq '^read in child succeeded$' '^read in parent succeeded$'
	never 'user panic'

# The console as 0, 1 and 2 for a program the kernel starts, inherited by
# spawn; none under nofs (labs 3-4 see what they always saw).
t stdfds 'run=stdfds'
	fs
	want_seq '^stdfds: first program: 0, 1 and 2 are the console \(printf\)$' \
		'^stdfds: first program: fprintf to descriptor 2$' \
		'^stdfds: spawned child: 0, 1 and 2 are the console \(printf\)$' \
		'^stdfds: spawned child: fprintf to descriptor 2$'
	never 'user panic'

# Typing into a pipeline: the console reads as a device, Enter (\r on the
# serial line) as \n, ^D as the end of the input.
t console-pipe ''
	fs
	input 'cat | num\rhello\rworld\r\004echo after\rexit\rexit\r'
	want_seq '^\$ cat \| num$' '^    1 hello$' '^    2 world$' '^\$ echo after$' '^after$'
	never 'user panic'

t stdfds-nofs 'run=stdfds'
	want '^stdfds: first program: no descriptor 0$'
	want '^\[00000000\] new env 00001000$'

# End of file for the reader once the writer closes; the writer, asleep
# on a full pipe, gets an error once the reader closes.
t testpipe 'run=testpipe'
	fs
	want_seq '^pipe read closed properly$' '^wrote 2048 bytes, then: broken pipe$' \
		'^pipe write closed properly$' '^pipe tests passed$'
	never 'user panic'

# The two races of JOS lab 5 (dup/close order, pipeisclosed's two counts).
t testpiperace 'run=testpiperace'
	also_cpus 4
	fs
	timeout 30
	want_seq '^testing for dup race\.\.\.$' '^child done with loop$' "^race didn't happen$"
	never 'RACE: pipe appears closed'
	never 'child detected race'

# The parent spins until the timer takes the CPU (JOS's design): seconds.
t testpiperace2 'run=testpiperace2'
	also_cpus 4
	fs
	timeout 60
	want_seq '^testing for pipeisclosed race\.\.\.$' '^child done with loop$' "^race didn't happen$"
	never 'RACE: pipe appears closed'

# A third race: spawn copying a pipe end's descriptor page before the
# pipe's data page would make the pipe look closed to a reader meanwhile.
t spawnpiperace 'run=spawnpiperace'
	also_cpus 4
	fs
	timeout 30
	want_seq '^testing for spawn race\.\.\.$' "^spawn race didn't happen in 600 spawns$"
	never 'RACE: pipe appears closed'

# The sieve: an environment per prime up to 1100 (184 of them), a pipe
# between neighbours; every one exits at the end of its input.
t primespipe 'run=primespipe'
	fs
	timeout 20
	want_seq '^2$' '^3$' '^5$' '^7$' '^11$' '^13$' '^541$' '^997$' '^1009$' '^1097$' \
		'^primespipe: done$'
	count 184 '^[0-9]+$'
	never '^(1|4|6|8|9|10|12|15|25|49|1001|1099)$'
	never 'panic'

# exec in place: same envid and descriptors, fresh bss, new arguments; the
# parent's wait sees the new program's status; failures return.
t exectest 'run=exectest'
	fs
	want_seq '^exectest: exec of a missing file: file or block not found; still running$' \
		'^exectest: exec of a non-ELF file: file is not a valid executable; still running$' \
		"^exectest: new image, args 'exectest' 'after', bss 0$" \
		'^exectest: exec keeps envid 00001002$' \
		'^exectest: exec keeps descriptors \(file at offset 8, pipe bytes\)$' \
		'^exectest: wait sees the new program.s exit status 42$' \
		'^exectest: done$'
	never 'user panic'

# Ends that die instead of closing, while the other end sleeps; bad
# descriptors and arguments; 200000 bytes in odd pieces; and a reader
# nobody can wake, which the idle system frees.
t pipebad 'run=pipebad'
	fs
	want_seq '^pipebad: the sleeping writer wrote 2048 bytes, then: broken pipe$' \
		"^pipebad: writer's exit once the reader died: 0$" \
		'^pipebad: write after the reader died: broken pipe$' \
		"^pipebad: reader's exit once the writer died \(end of file\): 0$" \
		'^pipebad: read after the writer died: 0$' \
		"^pipebad: reader's exit when the writer went as readers came: 0$"
	want '^pipebad: read\(-1\): invalid parameter$'
	want '^pipebad: write\(MAXFD\): invalid parameter$'
	want '^pipebad: pipeisclosed\(99\): invalid parameter$'
	want '^pipebad: read from the write end: invalid parameter$'
	want '^pipebad: write to the read end: invalid parameter$'
	want '^pipebad: pipe_wait on an unmapped word: invalid parameter$'
	want '^pipebad: pipe_wait on an unaligned word: invalid parameter$'
	want '^pipebad: pipe_wait on a kernel address: invalid parameter$'
	want '^pipebad: pipe_wait with an unmapped descriptor: invalid parameter$'
	want '^pipebad: pipe_wait with a stale word returns: 0$'
	want '^pipebad: pipe_wake on an unmapped page: invalid parameter$'
	want '^pipebad: read from a closed descriptor: invalid parameter$'
	want '^pipebad: 200000 bytes in odd-sized pieces arrived intact$'
	want_seq '^pipebad: reading a pipe only we can write$' \
		'^\[00001001\] blocked forever \(waiting on a pipe\): freeing it$'
	never 'user panic'

# spawn of what is not a program: each an error, nothing left behind.
t spawnbad 'run=spawnbad'
	fs
	want '^spawnbad: spawn a missing file: file or block not found$'
	want '^spawnbad: spawn a text file: file is not a valid executable$'
	want '^spawnbad: spawn a directory: file is not a valid executable$'
	want '^spawnbad: spawn a truncated program: file is not a valid executable$'
	want '^spawnbad: spawn a program with bad headers: file is not a valid executable$'
	want '^spawnbad: spawn with arguments longer than a page: invalid parameter$'
	want_seq '^hello, world$' '^spawnbad: spawn /hello with no arguments, its exit status: 0$' \
		'^spawnbad: done$'
	never 'user panic'

# --- Issue 12: the shell and its programs ------------------------------
# Typed input (`input`) goes to an interactive sh, which echoes it after
# its `$ ` prompt; sh's `exit` ends the session (init ends with it), the
# system goes idle and the monitor reads the last `exit`.

# The default boot with a disk: init (its checks and lines, as JOS's), then
# sh at its prompt running a command.
t sh-boot ''
	fs
	input 'echo hi\rexit\rexit\r'
	want_seq '^init: running$' '^init: data seems okay$' '^init: bss seems okay$' \
		"^init: args: 'init'$" '^init: running sh$' '^init: starting sh$' \
		'^\$ echo hi$' '^hi$' '^\$ exit$' '^init: sh exited with status 0$' \
		'^No runnable environments in the system!$'
	never 'user panic'

# A shell killed (here exec'd into a faulting program) is replaced by a new
# one, which reads the rest of the input.
t init-restart 'run=init'
	fs
	input 'exec faultread\recho back\rexit 4\rexit\r'
	want_seq '^\$ exec faultread$' \
		'^init: sh \[[0-9a-f]{8}\] was killed by trap 14; restarting it$' \
		'^init: starting sh$' '^\$ echo back$' '^back$' \
		'^init: sh exited with status 4$'
	count 2 '^init: starting sh$'
	never 'user panic'

# A shell that keeps dying is not restarted for ever: the 16th death in a
# row ends init, and the idle system's monitor reads the last `exit`.
t init-giveup 'run=init'
	fs
	input 'exec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexec faultread\rexit\r'
	count 16 '^init: starting sh$'
	count 15 'was killed by trap 14; restarting it$'
	want_seq 'was killed by trap 14; killed 16 times in a row, giving up$' \
		'^No runnable environments in the system!$' '^K> exit$'
	never 'user panic'

# Pipelines of two to six stages, with the data checked at the end.
t sh-pipeline 'run=sh'
	also_cpus 4
	fs
	input 'cat /lorem | cat | num | cat | cat | wc\recho a  b | cat | wc -w\rcat /motd | num | cat\rexit\rexit\r'
	want_seq '^      7      76     488$' '^      2$' \
		'^    1 This is /motd, the message of the day\.$' '^    2 $' \
		'^    3 Welcome to the JOS kernel, now with a file system!$'
	never 'user panic'

# <, > (truncating) and >> (appending, and creating).
t sh-redirect 'run=sh'
	fs
	input 'echo one > /f\recho two >> /f\recho three >>/g\rcat < /f\rnum < /f > /h\rcat /h /g\recho over > /f\rcat /f\rexit\rexit\r'
	want_seq '^\$ cat < /f$' '^one$' '^two$' '^\$ num < /f > /h$' \
		'^\$ cat /h /g$' '^    1 one$' '^    2 two$' '^three$' \
		'^\$ cat /f$' '^over$'
	never 'user panic'

# ; runs in turn, & starts without waiting (wait waits), # comments, quotes.
# What a comment must not run prints "dd" and "ee": the console's echo of
# the typed line, cut anywhere by the file server's first lines, can start
# a line with any tail of what was typed, but never with those.
t sh-lists 'run=sh'
	fs
	input "echo a; echo b # c; echo d'd'\r# echo e'e'\recho bg > /bg & wait; cat /bg\recho 'x  y' \"\$? z\" w\\\\ v a#b\r;\rexit\rexit\r"
	want_seq '^a$' '^b$' "^\\$ # echo e'e'\$" '^bg$' '^x  y 0 z w v a#b$' \
		'^sh: syntax error: a missing command$'
	never '^dd$'
	never '^ee$'
	never 'user panic'

# $? after true, false, exit n of a nested shell, a missing program (127),
# a file that is no program (126), a killed one (128 + trap), exit n. The
# last: a pipeline's last stage ends at once, and the first stage's forks
# reuse its envs[] slot before sh waits for it; its status still comes.
t sh-status 'run=sh'
	fs
	input 'false\recho $?\rtrue; echo "[$?]"\rsh /nosuch; echo $?\rnosuch a b\recho $?\r/motd\recho $?\rfaultread\recho $?\recho "true; true; true; true" > /m; echo exit 7 > /e\rsh /m | sh /e; echo "last stage $?"\rexit 6\rexit\r'
	want_seq '^1$' '^\[0\]$' '^sh: /nosuch: file or block not found$' '^127$' \
		'^sh: nosuch: not found$' '^127$' \
		'^sh: /motd: file is not a valid executable$' '^126$' \
		'^sh: faultread: killed by trap 14 \(page fault\)$' '^142$' \
		'^last stage 7$'
	never 'user panic'

# Scripts: sh FILE, sh < FILE (a script's commands share its input), -x;
# exec with only a redirection keeps it for the rest of the script.
t sh-script 'run=sh'
	fs
	input "echo 'echo in script; false' > /s\rsh /s; echo \$?\rsh < /s\rsh -x /s\recho 'cat; echo after cat' > /c\recho 'echo from stdin' >> /c\rsh < /c\recho 'exec > /o; echo into o' > /x\rsh /x; cat /o\rexit\rexit\r"
	want_seq '^in script$' '^1$' '^in script$' '^# echo in script; false$' \
		'^in script$' '^echo from stdin$' '^after cat$' '^\$ sh /x; cat /o$' '^into o$'
	never 'user panic'

# The programs: ls (-l, -d, -F, directories), cat, echo -n, wc, num,
# lsfd, mkdir, rm, touch, true and false.
t sh-programs 'run=sh'
	fs
	input 'mkdir /d /d/e\rtouch /d/t /d/t\recho -n 12345 > /d/f\rls -F /d\rls -l /d\rls -d /d\rls /d/e\rwc /d/f /motd\rrm /d/t /d/e\rls /d\rrm /d\rmkdir /d\rlsfd -1 < /motd\rtrue; echo $?; false; echo $?\rexit\rexit\r'
	want_seq '^\$ ls -F /d$' '^/d/e/$' '^/d/t$' '^/d/f$' \
		'^\$ ls -l /d$' '^          0 d /d/e$' '^          0 - /d/t$' '^          5 - /d/f$' \
		'^\$ ls -d /d$' '^/d$' '^\$ ls /d/e$' '^\$ wc /d/f /motd$' \
		'^      0       1       5 /d/f$' '^      4      18      92 /motd$' \
		'^      4      19      97 total$' \
		'^\$ ls /d$' '^/d/f$' '^rm: /d: invalid parameter$' \
		'^mkdir: /d: file already exists$' \
		'^fd 0: name motd isdir 0 size 92 dev file$' '^fd 1: name <cons> isdir 0 size 0 dev cons$' \
		'^0$' '^1$'
	never 'user panic'

# JOS's testshell: a script of every shell feature, output against a key.
t testshell 'run=testshell'
	fs
	want_seq '^running sh -x < testshell.sh \| cat$' '^shell ran correctly$'
	never 'incorrect output'
	never 'user panic'

# ===========================================================================
lab 6 'sysenter beside int $0x30'

# sysenter/sysexit beside int $0x30 (issue 15): the library's calls go by
# sysenter where their arguments fit, the rest by int $0x30; both reach
# the same dispatcher, and everything that holds for one holds for the
# other (user/syspath, the fuzzer on each way, GDB and the monitor).

gdb_sysenter() {
	gdb_test conf/gdbtest-sysenter.gdb "$1"
}

# One build with SYSCALL=int (the library uses int $0x30 for every call),
# in its own directory; a few programs run on it. Everything else in the
# test is as a batch test's, checked by hand here (custom).
syscall_int_build() {
	local log=$1 dir=$OBJDIR/syscall-int run st
	local runs=('run=hello trace=syscall' 'run=forktree' 'run=faultregs' 'run=syspath -- regs int'
		'run=syspath -- regs sysenter')
	make -s OBJDIR="$dir" SYSCALL=int build > "$log" 2>&1 ||
		{ echo "make SYSCALL=int failed"; return 1; }
	for run in "${runs[@]}"; do
		echo "--- $run ---" >> "$log"
		# $run is split into its words on purpose.
		OBJDIR=$dir QEMUEXTRA="-snapshot -name $RUN_TAG.$TEST_NAME ${QEMUEXTRA:-}" \
			sh conf/batch.sh -t 15 -- audit nofs $run >> "$log" 2>&1
		st=$?
		((st == 0)) || { echo "$run: batch status $st"; return 1; }
	done
}

# Registers across a call, by each way: int $0x30 keeps every one but
# %eax (and eflags); sysenter keeps %ebx, %esi, %edi, %ebp, the flags but
# the arithmetic ones, and leaves the return eip and esp in %edx and %ecx.
# Both pass the same four arguments in the same registers, and the trace
# says which way each call came.
t syspath-regs-int 'run=syspath trace=syscall -- regs int'
	want_seq '^\[00001000\] sys_ipc_try_send\(0x66666666, 0x77777777, 0x55555555, 0x11111111\) = -2$' \
		'^syspath: int: every register but eax preserved, eflags too$'
	never 'is [0-9a-f]{8}, not'
t syspath-regs-sysenter 'run=syspath trace=syscall -- regs sysenter'
	want_seq '^\[00001000\] sys_ipc_try_send\(0x66666666, 0x77777777, 0x55555555, 0x11111111\) = -2 \(sysenter\)$' \
		'^syspath: sysenter: ebx, esi, edi, ebp preserved, edx/ecx the return eip/esp, eflags but the arithmetic flags$'
	never 'is [0-9a-f]{8}, not'

# A kernel pointer to sys_cputs, by each way: the caller dies, as SPEC 5 says.
t syspath-badptr-int 'run=syspath -- badptr int'
	want_seq '^syspath: sys_cputs\(f0100000\) by int$' \
		'^\[00001000\] user_mem_check assertion failure for va f0100000$'
	never 'survived'
t syspath-badptr-sysenter 'run=syspath -- badptr sysenter'
	want_seq '^syspath: sys_cputs\(f0100000\) by sysenter$' \
		'^\[00001000\] user_mem_check assertion failure for va f0100000$'
	never 'survived'

# Hostile sysenters, each in a child: a return address at or above ULIM
# is never sysexit's (the caller dies with a line); an unmapped one, or a
# bad stack, faults in user mode; NT, DF, null %ds/%es and a bad number
# change nothing for the kernel; TF ends in a debug trap right after the
# sysenter (batch: the child dies with its frame printed).
t syspath-hostile 'run=syspath -- hostile'
	want '^\[00001001\] sysenter with return address f0100000 above ULIM: killed$'
	want '^\[00002001\] sysenter with return address ef800000 above ULIM: killed$'
	want '^\[00003001\] sysenter with return address ffffffff above ULIM: killed$'
	want '^\[00004001\] user fault va 00000000 ip 00000000$'
	want '^\[00005001\] user fault va f0000000 ip 0080[0-9a-f]{4} \(syspath_after\+0x0\)$'
	want '^\[00006001\] user fault va 00000000 ip 0080[0-9a-f]{4} \(syspath_after\+0x0\)$'
	want '^syspath: NT: returned 00007001, NT kept$'
	want '^syspath: DF: page_alloc 0, first word 00000000, last word 00000000$'
	want '^syspath: null ds: returned 00009001, ds 0023$'
	want '^syspath: number ffffffff: invalid parameter$'
	want_seq '^syspath: hostile 10: TF set' '^  trap 0x00000001 Debug$' \
		'^syspath: hostile 10: exit status 101$'
	count 3 '^syspath: hostile [0-2]: exit status 130$'
	never 'came back'

# Two environments that never yield, both calling by sysenter: the timer
# still takes turns between them (interrupts are on again after sysexit).
t syspath-preempt 'run=syspath -- preempt'
	want '^syspath: preempted: the child made 10000 calls$'

# The monitor's stepi over a sysenter: the call runs within the step
# (traced), and the step ends at the instruction after it.
t syspath-stepi 'run=syspath trace=syscall -- step'
	input 'stepi\rstepi\rstepi\rstepi\rcontinue\rexit\r'
	want_seq '^syspath: stepping$' \
		'^K> stepi$' '^=> 008[0-9a-f]{5}$' \
		'^K> stepi$' '^=> 008[0-9a-f]{5}$' \
		'^K> stepi$' '^=> 008[0-9a-f]{5}$' \
		'^K> stepi$' '^\[00001000\] sys_getenvid\(\) = 4096 \(sysenter\)$' '^=> 008[0-9a-f]{5}$' \
		'K> continue$' '^syspath: after the steps, getenvid 00001000$'

# GDB: next over a line that ends in sysenter; stepi onto the sysenter,
# once more into sysenter_entry, and a breakpoint at the return address
# that sysexit reaches in user mode.
t gdb-sysenter 'run=hello'
	custom gdb_sysenter
	want_seq '^== next over the first cprintf$' '^Line 8 of "user/hello\.c"' \
		'^== at sysenter$' '^=> 0x8[0-9a-f]{5} <sys_cputs\+[0-9]+>:[[:space:]]+sysenter' \
		'^esi is pc\+2: 1, ebp is esp: 1$' \
		'^== one stepi later$' '^sysenter_entry(_smp)? in section \.text' '^cs=0x8$' \
		'^== back in user mode$' '^sys_cputs \+ [0-9]+ in section \.text of .*obj/user/hello$' \
		'^cs=0x1b eax=0$'
	want '^hello, world$'
	never 'kernel panic'

# The fuzzer on each way alone (the fuzz test mixes them at random).
t fuzz-int 'run=fuzz -- int 43 100000'
	timeout 20
	want '^fuzz: calls by int \$0x30$'
	want '^fuzz: done, ([1-9][0-9]{5}|[0-9]{7,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'
t fuzz-sysenter 'run=fuzz -- sysenter 44 100000'
	timeout 20
	want '^fuzz: calls by sysenter$'
	want '^fuzz: done, ([1-9][0-9]{5}|[0-9]{7,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	never 'BAD RESULT'

# make SYSCALL=int: the library uses int $0x30 for everything.
t syscall-int-build ''
	custom syscall_int_build
	timeout 240
	want '^\[00001000\] sys_getenvid\(\) = 4096$'
	never '\(sysenter\)$'
	want '^faultregs: all registers preserved, ok$'
	want '^syspath: int: every register but eax preserved, eflags too$'
	want '^syspath: sysenter: ebx, esi, edi, ebp preserved'
	count 5 '^page audit: OK'
	never 'kernel panic'

# ===========================================================================
lab 7 'swapping'

# Swapping (issue 14): user pages go to a swap disk when memory runs out
# and come back on the fault (kern/swap.c); the swap directive gives QEMU
# the disk.

# Three times the machine's memory, written a page at a time, then every
# word of every page read back.
t swap-sweep 'run=swaptest -- sweep 48'
	mem 16
	swap 64
	want '^swap: 16384 pages \(65536K\) on disk 2$'
	want '^swaptest: wrote 12288 pages \(48 MiB\), [1-9][0-9]{3,} of them on the swap disk now$'
	want '^swaptest: sweep: 12288 of 12288 pages read back intact$'
	want '^swaptest: sweep: ok$'
	want '^swap: 0 pages in use, [1-9][0-9]{4,} written, [1-9][0-9]{4,} read$'
	never 'FAILED'
	timeout 240

# The same across fork: each side rewrites half of the pages (copy-on-write,
# many of them on the disk when written) and finds its own writes, and the
# other half as before the fork.
t swap-fork 'run=swaptest -- fork 12'
	mem 8
	swap 32
	want '^swaptest: wrote 3072 pages, [1-9][0-9]{3,} on the swap disk; forking$'
	want '^swaptest: parent: 3072 of 3072 pages as they should be$'
	want '^swaptest: child: 3072 of 3072 pages as they should be$'
	want '^swaptest: fork: ok$'
	want '^swap: 0 pages in use, [1-9][0-9]* written, [1-9][0-9]* read$'
	never 'FAILED'
	timeout 240

# A page on the swap disk, sent by IPC and mapped by sys_page_map: it comes
# back with its contents, one page shared by both mappings.
t swap-ipc 'run=swaptest -- ipc'
	mem 16
	swap 64
	want_seq '^swaptest: ipc: the page is on the swap disk after [0-9]+ more pages$' \
		'^swaptest: ipc: child got feedface 600dd00d, perm writable$' \
		'^swaptest: ipc: parent sees the child.s write: yes$' \
		'^swaptest: ipc: sys_page_map of a swapped page: feedface, shared: yes$' \
		'^swaptest: ipc: ok$'
	never 'FAILED'
	timeout 120

# Memory and swap both full: -E_NO_MEM, no panic; after giving some back,
# the rest reads back, and no slot is left in use.
t swap-full 'run=swaptest -- full'
	mem 16
	swap 16
	want '^swaptest: full: 7[0-9]{3} pages \([23][0-9] MiB\), then out of memory$'
	want '^swaptest: full: the first [0-9]+ pages read back$'
	want '^swaptest: full: ok$'
	want '^swap: 0 pages in use, [1-9][0-9]* written, [1-9][0-9]* read$'
	never 'FAILED'
	timeout 180

# meminfo says how much swap is used; `swap` without a disk 2 is no
# swapping, said so, and nothing else changes.
t swap-meminfo 'mon=meminfo'
	swap 8
	want '^swap: 2048 pages \(8192K\) on disk 2$'
	want_seq '^pages: [0-9]+ total' '^swap: 0 pages in use, 0 written, 0 read$'
t swap-nodisk 'swap run=hello'
	want '^swap: no disk 2 \(QEMU -drive index=2\): no swapping$'
	want '^hello, world$'
	never '^swap: [0-9]+ pages in use'

# The exhaustion tests and the fuzzer on 16 MiB with 32 MiB of swap.
# One CPU only: that exactly the two children die holds only while the
# parent cannot run. With several CPUs it runs beside them, and a fault
# of its own, on a page swapped out while nothing is left, may end it.
t memexhaust-swap 'run=memexhaust'
	cpus 1
	mem 16
	swap 32
	want_seq '^memexhaust: first round: [1-9][0-9]* pages$' \
		'^memexhaust: second round: [1-9][0-9]* pages$' \
		'^memexhaust: third round, two children died for lack of memory: [1-9][0-9]* pages$' \
		'^memexhaust: fourth round: [1-9][0-9]* pages$' \
		'^memexhaust: ok$'
	want '^swap: 0 pages in use, [1-9][0-9]* written, [0-9]+ read$'
	count 2 '^\[[0-9a-f]{8}\] user fault va [0-9a-f]{8} ip [0-9a-f]{8}( \([A-Za-z_.][A-Za-z0-9_.]*\+0x[0-9a-f]+\))?$'
	never 'FAILED'
	timeout 180

t forkbomb-swap 'run=forkbomb'
	mem 16
	swap 32
	want_seq '^forkbomb: fork failed with out of (environments|memory) after [0-9]+ children$' \
		'^forkbomb: told every child to exit$'
	want '^swap: 0 pages in use, [0-9]+ written, [0-9]+ read$'
	never 'user panic'
	timeout 60

t forkbomb-mem-swap 'run=forkbomb -- mem'
	mem 16
	swap 32
	want '^forkbomb: took [0-9]+ pages, giving 256 back$'
	want '^forkbomb: fork failed with out of memory after [0-9]+ children$|^\[00001000\] out of memory for the page fault at va [0-9a-f]{8}$'
	want '^swap: 0 pages in use, [1-9][0-9]* written, [0-9]+ read$'
	never 'user panic'
	timeout 180

t fuzz-swap 'run=fuzz -- 7 40000'
	mem 16
	swap 32
	want '^fuzz: seed 7 count 40000$'
	want '^fuzz: done, ([4-9][0-9]{4}|[0-9]{6,}) calls, [0-9]+ workers died'
	want '^fuzz: done, .*, 0 bad results$'
	want '^swap: 0 pages in use, [0-9]+ written, [0-9]+ read$'
	never 'BAD RESULT'
	timeout 240

# --- The user fault line names the function (issue 11 item 11) ----------
# `ip 00800045 (umain+0x10)` when the env's code is the kernel's copy of
# the program it says it runs (README.md "Which function faulted").
lab 3 'environments, traps, system calls'
t faultname-offset 'run=faultread'
	custom fault_offset
	want '^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$'
	want '^page audit: OK'
	never 'kernel panic'

# sys_env_set_name's checks; then the program claims to be faultread and
# faults in code that is not faultread's: no name.
t faultname-lie 'run=faultname'
	want_seq '^faultname: a name too long: invalid parameter$' \
		'^faultname: the longest name: ok$' \
		'^faultname: a space: invalid parameter$' \
		'^faultname: a kernel pointer: segmentation fault$' \
		'^faultname: an unmapped pointer: segmentation fault$' \
		'^faultname: no such env: bad environment$' \
		'^faultname: my own name: ok$' \
		'^faultname: I am faultread now; reading address 0$' \
		'^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5}$' \
		'^\[00001000\] free env 00001000$'
	never 'user panic'
	never 'from address 0!'

# The monitor's ps shows the program each environment runs.
t faultname-ps 'run=breakpoint'
	input 'ps\rcontinue\rexit\r'
	want_seq '^K> ps$' '^env +parent +status +runs +eip +program$' \
		'^00001000  00000000  [a-z]+ +[0-9]+  008[0-9a-f]{5}  breakpoint$'

lab 5 'the file system'
# A spawned faultread, then one exec'd: both named.
t faultname-spawn 'run=spawnfaultread'
	fs
	want_seq '^faultread: reading address 0$' \
		'^\[00001002\] user fault va 00000000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
		'^spawnfaultread: faultread ended$' \
		'^faultread: reading address 0$' \
		'^\[00001001\] user fault va 00000000 ip 008[0-9a-f]{5} \(umain\+0x[0-9a-f]+\)$' \
		'^\[00001001\] free env 00001001$'
	never 'user panic'

# The same with faultwrite's code in /faultread: no name, neither way.
t faultname-foreign-disk 'run=spawnfaultread'
	fs
	custom fault_foreign_disk
	want_seq '^faultwrite: writing address 0$' \
		'^\[00001002\] user fault va 00000000 ip 008[0-9a-f]{5}$' \
		'^spawnfaultread: faultread ended$' \
		'^faultwrite: writing address 0$' \
		'^\[00001001\] user fault va 00000000 ip 008[0-9a-f]{5}$'
	want '^page audit: OK'
	never 'user fault .*\('
	never 'user panic'
	never 'kernel panic'

# --- Hostile use of the process calls (exit, wait, exec, ipc_recv_from,
# pipe_wait, pipe_wake): bad ids, images not the caller's, statuses out
# of range, many waiters, sleepers whose pages are taken away.
t hostile_proc 'run=hostile_proc'
	fs
	timeout 10
	want '^hostile_proc: exit\(0x100\) -> wait 0$'
	want '^hostile_proc: exit\(0xffffffff\) -> wait 0xff$'
	want '^hostile_proc: exit\(0x10e\) -> wait 0xe$'
	want '^hostile_proc: exit\(0x200\) -> wait 0$'
	want '^hostile_proc: wait\(kernel address as id\) -> bad environment$'
	want '^hostile_proc: wait twice -> 5 then 5$'
	want_seq '^hostile_proc: child waiting for the file server: asleep$' \
		'^hostile_proc: \.\.\. destroyed -> 0x200$'
	want '^hostile_proc: 20 of 20 waiters saw the destroyed status$'
	want '^hostile_proc: exec\(0\) -> invalid parameter$'
	want '^hostile_proc: exec\(self\) -> invalid parameter$'
	want '^hostile_proc: exec\(file server\) -> bad environment$'
	want '^hostile_proc: exec\(dead child\) -> bad environment$'
	want '^hostile_proc: exec\(running child\) -> invalid parameter$'
	want '^hostile_proc: exec\(child in ipc_recv\) -> invalid parameter$'
	want '^hostile_proc: exec\(grandchild\) -> bad environment$'
	want '^hostile_proc: recv_from\(self\) -> bad environment$'
	want '^hostile_proc: recv_from\(dead\) -> bad environment$'
	want '^hostile_proc: recv_from\(child that exits\) -> bad environment$'
	want_seq "^hostile_proc: a stranger's send -> env is not recving$" \
		'^hostile_proc: recv_from\(the one named\) -> 0, value 7$'
	want '^hostile_proc: recv_from\(killed by a fault while we wait\) -> bad environment$'
	want '^hostile_proc: pipe_wait\(word straddling\) -> invalid parameter$'
	want '^hostile_proc: pipe_wait\(fd in the kernel\) -> invalid parameter$'
	want '^hostile_proc: sleeper whose word page went -> 3$'
	want '^hostile_proc: sleeper whose fd page went, woken -> 3$'
	want '^hostile_proc: done$'
	never 'user panic'

# exec taking over a forked child asleep in sys_wait: the caller runs on
# there, and the sleeper's wait ends with it (no stale waiter).
t hostile_proc-sleeper 'run=hostile_proc -- sleeper'
	fs
	want '^hostile_proc: took over a child asleep in wait: it returned 0$'
	never 'woke in its own right'
	never 'user panic'

# exec of an exofork child with no pages: only the caller dies.
t hostile_proc-empty 'run=hostile_proc -- empty'
	fs
	want_seq '^hostile_proc: exec of an empty image\.\.\.$' '^\[00001001\] user fault va '
	never 'survived an empty image'

# The shell fed hostile input from a script: a 100-stage pipeline, lines
# with too many words or too many characters, quotes left open, 40 inputs
# and 40 outputs on one command, bad redirections, $? 400 times, binary
# bytes and a NUL, more background jobs than it keeps, odd exit numbers.
t hostile_sh 'run=hostile_sh'
	fs
	timeout 30
	want_seq '^      5$' '^100 stages: 0$' '^sh: syntax error: too many words$' \
		'^128 stages: 2$' '^sh: line longer than 1022 characters ignored$' \
		'^after the long line$' '^sh: syntax error: unterminated quote$' \
		'^sh: syntax error: unterminated quote$' \
		'^     92 /r39$' '^      0 /r0$' '^sh: /: invalid parameter$' \
		'^sh: /nosuch: file or block not found$' '^redirections: 1$' '^    401$' \
		'^before$' '^jobs: 0$' '^exit 99999: 159$' '^exit -1: 255$' \
		'^end of script$' '^hostile_sh: sh /h.sh ended with status 0$'
	never 'user panic'

# spawn until no environment is left, then until no memory is: each a
# clean error, exec fails and returns, and all comes back.
t hostile_spawn 'run=hostile_spawn'
	fs
	timeout 20
	want_seq '^hostile_spawn: 1022 children, then: out of environments$' \
		'^hostile_spawn: exec when full: failed, still here$' \
		'^hostile_spawn: after freeing them, spawn /true: ok, status 0$'
	never 'ended with'
t hostile_spawn-mem 'run=hostile_spawn'
	fs
	mem 16
	timeout 20
	want_seq '^hostile_spawn: [0-9]+ children, then: out of memory$' \
		'^hostile_spawn: exec when full: failed, still here$' \
		'^hostile_spawn: after freeing them, spawn /true: ok, status 0$'
	never 'ended with'

# Sixteen clients flood the file server with requests and never take the
# answers, while an honest client opens and reads /motd five times. It
# used to wait for ever: the server retried each unanswered reply 1000
# times, and the polling sender in the slot after the server always won
# (fs/serv.c REPLY_TRIES, kern/sched.c sched_yield_after).
t hostile_fsspam 'run=hostile_fsspam'
	fs
	timeout 20
	want_seq '^hostile_fsspam: 5 rounds read 460 bytes while 16 spammers sent [0-9]+ requests$' \
		'^hostile_fsspam: done$'
	never 'spammer:'
	never 'user panic'

# ===========================================================================
lab 8 'several CPUs'

# Besides these, the tests of labs 4 and 5 with an `also_cpus 4` line run
# a second time at 4 CPUs (pingpong@4, fuzz@4, sh-pipeline@4, ...), and
# `CPUS=4 make grade` runs every test at 4 CPUs but those that pin theirs.

# Several CPUs (SPEC section 10). The scheduler under load at 4 CPUs: an
# environment never runs on two at once, and the children ran on at
# least three of them.
t stresssched 'run=stresssched'
	cpus 4
	count 20 '^\[[0-9a-f]{8}\] stresssched on CPU [0-3]$'
	want '^stresssched: 20 children counted right on [34] CPU\(s\)$'
	never 'ran on two CPUs at once'
	never 'user panic'
	timeout 20

# Copy-on-write pages written, forked and killed across 4 CPUs.
t cowrace 'run=cowrace'
	also_cpus 4
	count 6 '^cowrace: worker [0-5] done, [0-9]+ children$'
	want '^cowrace: 6 workers, nobody saw another.s write$'
	never 'user panic'
	timeout 20

# Boot with each number of CPUs: every one says it started.
t smp-boot8 'run=hello'
	cpus 8
	timeout 15
	want '^SMP: CPU 0 found 8 CPU\(s\)$'
	want_seq '^SMP: CPU 1 starting$' '^SMP: CPU 7 starting$' '^hello, world$'

# With more memory than the kernel keeps, QEMU's ACPI tables lie above
# what KERNBASE maps: the kernel maps them to find the CPUs.
t smp-mem512 'run=hello'
	cpus 4
	mem 512
	want '^Physical memory: only the first 262144K are used'
	want '^SMP: CPU 0 found 4 CPU\(s\)$'
	want_seq '^SMP: CPU 3 starting$' '^hello, world$'

main "$@"
