#!/bin/sh
# Stops a QEMU that waits for GDB from starting when the port is taken:
# usually a QEMU left over from an earlier session.
port=$1
if command -v ss >/dev/null 2>&1 && ss -ltn 2>/dev/null | grep -q "[:.]$port "; then
	echo "*** GDB port $port is in use, probably by a QEMU left over from before." >&2
	pids=$(pgrep -f "qemu.*tcp::$port" 2>/dev/null)
	[ -n "$pids" ] && echo "*** Stop it with: kill $pids" >&2
	echo "*** Or choose another port: make ... GDBPORT=NNNNN" >&2
	exit 1
fi
exit 0
