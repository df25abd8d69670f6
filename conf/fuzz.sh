#!/bin/sh
# make fuzz: runs user/fuzz (SEED, COUNT) under audit with its full log in
# obj/fuzz.log, prints its progress every few seconds, and ends with the
# verdict as the last line.
# usage: fuzz.sh SEED COUNT [WAY]    (TIMEOUT, MEM, OBJDIR from the environment)
# Exit status 0 when the run passed, 1 when it failed, 130 on Ctrl-C.

seed=${1:-1} count=${2:-1000000} way=${3:-}
obj=${OBJDIR:-obj}
log=$obj/fuzz.log

sh conf/batch.sh -t "${TIMEOUT:-3600}" -- run=fuzz audit -- $way "$seed" "$count" > "$log" 2>&1 &
pid=$!
# Ctrl-C reaches this script; batch.sh, started in the background, ignores
# SIGINT, but stops its QEMU on TERM.
trap 'kill $pid 2>/dev/null; wait $pid; echo "fuzz: INTERRUPTED (log: $log)"; exit 130' INT TERM HUP
echo "fuzz: seed $seed, $count calls; the full log is $log"

# Progress: the fuzzer's latest "N calls, ..." line, when it changes.
last=""
while kill -0 $pid 2>/dev/null; do
	sleep 2
	line=$(tail -c 65536 "$log" | grep -a '^fuzz: [0-9]* calls' | tail -n 1)
	if [ -n "$line" ] && [ "$line" != "$last" ]; then
		echo "$line"
		last=$line
	fi
done
wait $pid
status=$?

# The verdict, from the whole log: how the run ended, then what went wrong.
bad=$(grep -ac 'BAD RESULT' "$log")
boot=$(grep -a -m1 '^free pages: [0-9]* (boot)' "$log" | tr -dc 0-9)
idle=$(grep -a '^free pages: [0-9]* (idle)' "$log" | tail -n 1 | tr -dc 0-9)
why=""
[ $status = 0 ] || why="$(grep -a '^\*\*\* batch:' "$log" | tail -n 1 | sed 's/^\*\*\* batch: //') (batch status $status)"
[ -n "$why" ] || grep -aq '^fuzz: done' "$log" || why="no 'fuzz: done' line"
[ -n "$why" ] || [ "$bad" = 0 ] || why="$bad BAD RESULT lines, the first: $(grep -a -m1 'BAD RESULT' "$log")"
[ -n "$why" ] || grep -aq '^page audit: OK' "$log" || why="no 'page audit: OK' line"
if [ -z "$why" ] && { [ -z "$boot" ] || [ "$boot" != "$idle" ]; }; then
	why="free pages: ${boot:-?} (boot) but ${idle:-?} (idle)"
fi
if grep -aq 'kernel panic' "$log"; then
	why="kernel panic: $(grep -a -m1 'kernel panic' "$log")"
fi
done_line=$(grep -a '^fuzz: done' "$log" | tail -n 1)
if [ -z "$why" ]; then
	echo "fuzz: PASSED: ${done_line#fuzz: } (log: $log)"
	exit 0
fi
echo "fuzz: FAILED: $why (log: $log)"
exit 1
