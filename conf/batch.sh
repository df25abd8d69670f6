#!/bin/sh
# Runs the kernel once with nobody at the console: the serial console goes
# to stdout, and QEMU stops when the kernel says so through the
# isa-debug-exit device, at a triple fault (-no-reboot), or at the time-out.
#
# usage: [SWAP=MB] batch.sh [-t SECONDS] [-i INPUT] [--] KERNEL-COMMAND-LINE...
#   -t SECONDS  the time limit (default $TIMEOUT, else 30); 1 or more: a
#             run without a limit is `make run-NAME-nox`
#   -i INPUT  type INPUT on the serial console (printf escapes: \r ends a
#             line). The kernel then runs interactively, without `batch`:
#             breakpoints enter the monitor, which reads INPUT; the input
#             should end with the monitor command `exit`.
#   SWAP=MB   a swap disk of MB MiB at QEMU index 2 (all zeros, snapshot
#             mode: fresh for every run), and the kernel option `swap`.
# MEM (MiB, 2 or more), CPUS, KVM=1 (use KVM instead of TCG), QEMU and
# QEMUEXTRA come from the environment, as in the Makefile.
# Exit status: 0 the system went idle, 2 kernel panic, 3 reset or triple
# fault, 4 time-out, 5 QEMU killed by a signal, 130 interrupted (Ctrl-C),
# other: QEMU failed to start, or bad arguments.
#
# The kernel writes 0x10 (done) or 0x11 (panic) to port 0xf4, which QEMU
# turns into the exit status (value << 1) | 1: 33 or 35. QEMU's own errors
# exit with 1, and a reset under -no-reboot with 0: neither is success.

timeout=${TIMEOUT:-30}
input=""
while [ $# -gt 0 ]; do
	case $1 in
	-t) timeout=$2; shift 2 ;;
	-i) input=$2; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done

fail() {
	echo "*** batch: $*" >&2
	exit 1
}
case $timeout in
''|*[!0-9]*|0*) fail "time limit '$timeout': give 1 or more seconds (TIMEOUT=N or -t N); for no limit, run make run-NAME-nox" ;;
esac
mem=${MEM:-128}
case $mem in
''|*[!0-9]*) fail "MEM=$mem: give the memory in MiB, e.g. MEM=128" ;;
esac
# The boot loader puts the kernel at 1 MiB: below 2 MiB nothing boots,
# and QEMU would wait silently for the time-out.
[ "$mem" -ge 2 ] || fail "MEM=$mem: too small; the kernel is loaded at 1 MiB and needs MEM=2 or more (MiB)"
accel=tcg
if [ "${KVM:-}" = 1 ]; then
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || fail "KVM=1, but /dev/kvm is missing or not usable by $(id -un)"
	accel=kvm
fi

obj=${OBJDIR:-obj}
swap=${SWAP:-0}
case $swap in
''|*[!0-9]*) echo "batch.sh: SWAP=$swap is not a number of MiB" >&2; exit 1 ;;
esac
# A word with spaces (mon='showmappings A B') is quoted for the kernel.
cmdline=$([ -n "$input" ] || echo batch)
# (make run-NAME-batch SWAP= has put `swap` in the words already.)
case " $* " in
*" swap "*) ;;
*) [ "$swap" = 0 ] || cmdline="${cmdline:+$cmdline }swap" ;;
esac
for w in "$@"; do
	case $w in
	*" "*) w="'$w'" ;;
	esac
	cmdline="${cmdline:+$cmdline }$w"
done
# QEMU's option parser takes ",," for a comma inside a value. An empty
# command line is no fw_cfg file at all (QEMU refuses an empty string).
fwcmd=$(printf '%s' "$cmdline" | sed 's/,/,,/g')
if [ -n "$fwcmd" ]; then
	set -- -fw_cfg "name=opt/jos/cmdline,string=$fwcmd"
else
	set --
fi

# The kernel never writes its disk, so runs share the image without
# QEMU's lock (file.locking=off). The file system's disk (FSIMG, default
# the clean image; FSIMG=none: no disk) is used in snapshot mode: writes
# go to a temporary file, so parallel runs never see each other's
# (FSSNAPSHOT=off: they go to FSIMG). The console reads INPUT, or nothing.
fsimg=${FSIMG:-$obj/fs/clean-fs.img}
fsdrive=
[ "$fsimg" = none ] ||
	fsdrive="-drive file=$fsimg,index=1,media=disk,format=raw,snapshot=${FSSNAPSHOT:-on},file.locking=off"
# The swap disk: one zero image per size, made once (atomically: runs go
# in parallel), used in snapshot mode.
swapdrive=
if [ "$swap" != 0 ]; then
	swapimg=$obj/swap-${swap}M.img
	if [ ! -f "$swapimg" ]; then
		t=$(mktemp "$swapimg.XXXXXX") && truncate -s "${swap}M" "$t" &&
			mv "$t" "$swapimg" || exit 1
	fi
	swapdrive="-drive file=$swapimg,index=2,media=disk,format=raw,snapshot=on,file.locking=off"
fi
# QEMU's messages go to a file first: a QEMU stopped by a signal exits
# with status 0, like a reset, and only its message tells them apart.
errors=$(mktemp) || exit 1
stdin=/dev/null
[ -z "$input" ] || stdin=$(mktemp) || exit 1
trap 'rm -f "$errors" "$([ -n "$input" ] && echo "$stdin")"' EXIT
[ -z "$input" ] || printf "$input" > "$stdin"

# `timeout` puts QEMU in a process group of its own, where the terminal's
# Ctrl-C does not reach: QEMU runs in the background and a Ctrl-C (or a
# kill) of this script stops it.
timeout -k 2 "$timeout" ${QEMU:-qemu-system-i386} \
	-drive file=$obj/kern/kernel.img,index=0,media=disk,format=raw,file.locking=off \
	-m "$mem" -smp ${CPUS:-1} -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 $fsdrive $swapdrive \
	-nodefaults -vga none -display none -serial stdio -monitor none \
	-accel $accel $QEMUEXTRA "$@" < "$stdin" 2> "$errors" &
qemu=$!
started=$(date +%s)
stop() {
	trap - INT TERM HUP
	kill -TERM $qemu 2>/dev/null
	wait $qemu 2>/dev/null
	cat "$errors" >&2
	echo "*** batch: interrupted" >&2
	exit 130
}
trap stop INT TERM HUP
wait $qemu
status=$?
cat "$errors" >&2
signal=$(sed -n 's/.*terminating on signal \([0-9]*\).*/\1/p' "$errors" | head -n 1)
[ "$status" != 0 ] || [ -z "$signal" ] || status=$((128 + signal))

case $status in
33)	exit 0 ;;
35)	echo "*** batch: kernel panic" >&2; exit 2 ;;
0)	echo "*** batch: QEMU stopped on a reset (triple fault?) without the kernel's word" >&2; exit 3 ;;
# 137: QEMU did not stop at the time-out's TERM and got a KILL 2 s later,
# unless it was killed (e.g. by the OOM killer) before the limit.
124)	echo "*** batch: time-out after ${timeout}s" >&2; exit 4 ;;
137)	if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
		echo "*** batch: time-out after ${timeout}s" >&2; exit 4
	fi
	echo "*** batch: QEMU was killed by signal 9 (SIGKILL)" >&2; exit 5 ;;
1)	echo "*** batch: QEMU failed (status 1): see its message above" >&2; exit 1 ;;
1[3-5][0-9])
	sig=$(kill -l $((status - 128)) 2>/dev/null)
	echo "*** batch: QEMU was killed by signal $((status - 128))${sig:+ (SIG$sig)}" >&2; exit 5 ;;
*)	echo "*** batch: QEMU exited with status $status" >&2; exit $status ;;
esac
