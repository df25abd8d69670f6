#!/bin/sh
# Runs QEMU for the interactive targets (make qemu, qemu-nox, run-NAME, the
# -gdb ones): refuses a MEM too small to boot, falls back to no window when
# this QEMU has no window support, and afterwards gives the terminal its
# line wrapping back (the firmware turns it off over the serial console)
# and turns the kernel's exit codes into make's.
#
# usage: qemu.sh QEMU-OPTIONS...     (MEM and QEMU from the environment)
# Exit status: 0 when QEMU was quit (Ctrl-a x, the window) or the monitor's
# `exit` ended it, 2 after a kernel panic, else QEMU's own.

mem=${MEM:-128}
case $mem in
''|*[!0-9]*) echo "*** MEM=$mem: give the memory in MiB, e.g. MEM=128" >&2; exit 1 ;;
esac
# The boot loader puts the kernel at 1 MiB: below 2 MiB nothing boots.
if [ "$mem" -lt 2 ]; then
	echo "*** MEM=$mem: too small; the kernel is loaded at 1 MiB and needs MEM=2 or more (MiB)" >&2
	exit 1
fi

qemu=${QEMU:-qemu-system-i386}
# No -display and no -nographic: QEMU opens a window, which needs its GUI
# module (Debian's qemu-system-gui).
case " $* " in
*" -display "*|*" -nographic "*) ;;
*)
	if ! "$qemu" -display help 2>/dev/null | grep -qxE 'gtk|sdl'; then
		echo "*** This QEMU cannot open a window (install qemu-system-gui, or use make qemu-nox): the console stays here." >&2
		set -- "$@" -display none
	fi ;;
esac

restore() {
	[ -t 1 ] && printf '\033[?7h'
}
trap 'restore; exit 130' INT TERM HUP

"$qemu" "$@"
status=$?
restore
# The kernel writes 0x10 (the monitor's exit) or 0x11 (panic) to the
# isa-debug-exit port: QEMU exits with (value << 1) | 1.
case $status in
33)	exit 0 ;;
35)	echo "*** kernel panic" >&2; exit 2 ;;
*)	exit $status ;;
esac
