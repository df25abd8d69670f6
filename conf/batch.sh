#!/bin/sh
# Runs the kernel once with nobody at the console: the serial console goes
# to stdout, and QEMU stops when the kernel says so through the
# isa-debug-exit device, at a triple fault (-no-reboot), or at the time-out.
#
# usage: [SWAP=MB] batch.sh [-t SECONDS] [-i INPUT] [--] KERNEL-COMMAND-LINE...
#   -i INPUT  type INPUT on the serial console (printf escapes: \r ends a
#             line). The kernel then runs interactively, without `batch`:
#             breakpoints enter the monitor, which reads INPUT; the input
#             should end with the monitor command `exit`.
#   SWAP=MB   a swap disk of MB MiB at QEMU index 2 (all zeros, snapshot
#             mode: fresh for every run), and the kernel option `swap`.
# Exit status: 0 the system went idle, 2 kernel panic, 3 reset or triple
# fault, 4 time-out, other: QEMU failed to start.
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

obj=${OBJDIR:-obj}
swap=${SWAP:-0}
case $swap in
''|*[!0-9]*) echo "batch.sh: SWAP=$swap is not a number of MiB" >&2; exit 1 ;;
esac
# A word with spaces (mon='showmappings A B') is quoted for the kernel.
cmdline=$([ -n "$input" ] || echo batch)
[ "$swap" = 0 ] || cmdline="${cmdline:+$cmdline }swap"
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
if [ -n "$input" ]; then
	stdin=$(mktemp) || exit 1
	trap 'rm -f "$stdin"' EXIT
	printf "$input" > "$stdin"
else
	stdin=/dev/null
fi

timeout -k 2 "$timeout" ${QEMU:-qemu-system-i386} \
	-drive file=$obj/kern/kernel.img,index=0,media=disk,format=raw,file.locking=off \
	-m ${MEM:-128} -smp ${CPUS:-1} -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 $fsdrive $swapdrive \
	-nodefaults -vga none -display none -serial stdio -monitor none \
	-accel tcg $QEMUEXTRA "$@" < "$stdin"
status=$?

case $status in
33)	exit 0 ;;
35)	echo "*** batch: kernel panic" >&2; exit 2 ;;
0)	echo "*** batch: QEMU stopped on a reset (triple fault?) without the kernel's word" >&2; exit 3 ;;
124|137) echo "*** batch: time-out after ${timeout}s" >&2; exit 4 ;;
*)	echo "*** batch: QEMU exited with status $status" >&2; exit $status ;;
esac
