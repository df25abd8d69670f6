#!/bin/sh
# make gdb: attaches GDB to the QEMU waiting on PORT, with obj/gdbinit.
# With nothing listening there it fails at once and says what to run.
# usage: gdb.sh PORT        (GDB and OBJDIR from the environment)

port=$1
obj=${OBJDIR:-obj}

# Is something listening on TCP port $1 (IPv4 or IPv6)? /proc/net/tcp
# gives local addresses as HEXIP:HEXPORT and state 0A for LISTEN.
listening() {
	hex=$(printf ':%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }'
}

if [ -r /proc/net/tcp ] && ! listening "$port"; then
	echo "*** No QEMU is waiting for GDB on port $port." >&2
	echo "*** First run 'make qemu-gdb' (or qemu-nox-gdb, run-NAME-gdb) in another terminal" >&2
	echo "*** with the same GDBPORT, then 'make gdb' again." >&2
	exit 1
fi
exec ${GDB:-gdb} -q -x "$obj/gdbinit"
