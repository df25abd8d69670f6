# The grader's engine, sourced by grade-lab.sh (whose top comment documents
# the test language and the options): the language's verbs, running one
# test, and the driver that runs the selected tests and prints the results.
# It uses the settings grade-lab.sh makes before sourcing it.

# ---------------------------------------------------------------------------
# The test language. A test is an index into the T_* arrays; its checks
# are entries of the C_* arrays (want_seq keeps its list in SEQ_RE).

T_NAME=() T_ARGS=() T_MEM=() T_TIMEOUT=() T_FAILS=() T_CUSTOM=() T_INPUT=()
T_FS=() T_FSIMG=() T_LAB=() T_POINTS=() T_CPUS=() T_SWAP=() T_ALSO=()
C_TEST=() C_KIND=() C_RE=() C_N=()
SEQ_RE=()
LAB_TITLE=()
cur=-1
cur_lab=0

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

lab() {
	[[ ${1:-} =~ ^[0-9]+$ && $# == 2 && -n $2 ]] || die "$(where): usage: lab N 'TITLE'"
	cur_lab=$1
	LAB_TITLE[$1]=$2
}

t() {
	local name=${1:-} i
	[[ $name =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] ||
		die "$(where): test name '$name' (use letters, digits, _ . -)"
	for i in "${T_NAME[@]}"; do
		[[ $i != "$name" ]] || die "$(where): test '$name' declared twice"
	done
	(($# <= 2)) || die "$(where): t NAME 'KERNEL ARGS': quote the arguments as one word"
	# The arguments are split by the shell when the test runs: a quote
	# left open is an error now, not a test that silently runs nothing.
	eval "grade_parse_check() { local -a w=(${2:-}); }" 2>/dev/null ||
		die "$(where): test '$name': the shell cannot split its arguments: ${2:-}"
	T_NAME+=("$name")
	T_ARGS+=("${2:-}")
	T_MEM+=(128)
	T_CPUS+=("")
	T_TIMEOUT+=("$DEFAULT_TIMEOUT")
	T_FAILS+=(0)
	T_CUSTOM+=("")
	T_INPUT+=("")
	T_FS+=(0)
	T_FSIMG+=("")
	T_LAB+=("$cur_lab")
	T_POINTS+=(1)
	T_SWAP+=(0)
	T_ALSO+=("")
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

points() {
	need_test points
	[[ ${1:-} =~ ^[0-9]+$ ]] || die "$(where): usage: points N"
	T_POINTS[cur]=$1
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

# also_cpus N...: the test runs again at each of these CPU counts, with
# the same checks and twice the time limit, as NAME@N (expand_cpu_counts
# makes the copies).
also_cpus() {
	local n
	need_test also_cpus
	(($#)) || die "$(where): usage: also_cpus N... (1 to 8)"
	for n; do
		[[ $n =~ ^[1-8]$ ]] || die "$(where): usage: also_cpus N... (1 to 8)"
	done
	T_ALSO[cur]="$*"
}

swap() {
	need_test swap
	[[ ${1:-} =~ ^[1-9][0-9]*$ ]] || die "$(where): usage: swap MB"
	T_SWAP[cur]=$1
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

# Give each test with an also_cpus line its copies, NAME@N, in its lab.
# ORDER lists every test, each copy right after its original. A test
# that takes its CPU count from $CPUS gets twice its time limit when that
# is more than one, as the copies do.
expand_cpu_counts() {
	local i j k n nchecks=${#C_TEST[@]} ntests=${#T_NAME[@]} arr limit
	ORDER=()
	for ((i = 0; i < ntests; i++)); do
		limit=${T_TIMEOUT[i]}
		[[ -n ${T_CPUS[i]} ]] || ((${CPUS:-1} <= 1)) || T_TIMEOUT[i]=$((limit * 2))
		ORDER+=("$i")
		for n in ${T_ALSO[i]}; do
			j=${#T_NAME[@]}
			for arr in T_NAME T_ARGS T_MEM T_TIMEOUT T_FAILS T_CUSTOM T_INPUT \
				   T_FS T_FSIMG T_LAB T_POINTS T_CPUS T_SWAP T_ALSO; do
				local -n field=$arr
				field[j]=${field[i]}
				unset -n field
			done
			# The host's cores are shared by more CPUs now.
			T_NAME[j]=${T_NAME[i]}@$n T_CPUS[j]=$n T_ALSO[j]=""
			T_TIMEOUT[j]=$((limit * 2))
			for ((k = 0; k < nchecks; k++)); do
				((C_TEST[k] == i)) || continue
				C_TEST+=("$j") C_KIND+=("${C_KIND[k]}") C_RE+=("${C_RE[k]}") C_N+=("${C_N[k]}")
			done
			ORDER+=("$j")
		done
	done
}

# ---------------------------------------------------------------------------
# Running one test. Everything below runs in the test's own subshell, in
# parallel with the others; the result goes to $RUNDIR/NAME.result:
# "OK SECONDS" or "FAIL SECONDS", then one line per reason, then the log's
# lines near the first failed check, each starting with "|".

status_text() {
	case $1 in
	0) echo "0 (the system went idle)" ;;
	2) echo "2 (kernel panic)" ;;
	3) echo "3 (reset or triple fault)" ;;
	4) echo "4 (time-out after ${T_TIMEOUT[$2]}s)" ;;
	5) echo "5 (QEMU killed by a signal)" ;;
	130) echo "130 (interrupted)" ;;
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

# The accelerator for QEMUs the grader starts itself (conf/batch.sh picks
# its own the same way).
accel() {
	if [[ ${KVM:-} == 1 ]]; then echo kvm; else echo tcg; fi
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
	OBJDIR=$RUNDIR MEM=${T_MEM[$i]} CPUS=${T_CPUS[$i]:-${CPUS:-1}} SWAP=${T_SWAP[$i]} \
	QEMUEXTRA="-snapshot -name $RUN_TAG.${T_NAME[$i]} ${QEMUEXTRA:-}" \
		sh conf/batch.sh "${opts[@]}" -- "${WORDS[@]}"
}

# The lines whose first sight makes test i's verdict certain: what its
# `never` lines and the automatic checks forbid.
fatal_patterns() {
	local i=$1 k
	for k in "${!C_TEST[@]}"; do
		((C_TEST[k] == i)) && [[ ${C_KIND[k]} == never ]] && printf '%s\n' "${C_RE[k]}"
	done
	[[ -n ${T_CUSTOM[$i]} ]] && return
	echo 'page audit: [0-9]+ problems'
	echo 'kernel warning'
	((T_FAILS[i])) || echo 'kernel panic'
}

# Run test i in batch mode, its console into LOG (at most LOG_CAP bytes).
# A watcher follows the log and stops QEMU at the first fatal line; a log
# that reaches the cap stops it too. Sets STATUS and STOPPED (why the
# grader stopped the run, or empty).
run_batch() {
	local i=$1 log=$2 name=${T_NAME[$1]} st fatal hit
	local tag=$RUN_TAG.${T_NAME[$1]}
	st=$RUNDIR/$name.status fatal=$RUNDIR/$name.fatal hit=$RUNDIR/$name.hit
	rm -f "$st" "$hit" "$hit.cap"
	: > "$log"
	fatal_patterns "$i" > "$fatal"
	{ batch "$i" 2>&1; echo $? > "$st"; } |
		{
			head -c "$LOG_CAP" > "$log"
			if [[ ! -s $st ]]; then
				# The run goes on past the cap: stop it.
				echo "cap" > "$hit.cap"
				kill_tagged -x "$tag"
				cat > /dev/null
			fi
		} &
	local pid=$!
	# tail -f ends once the run does (--pid); grep -m1 at the first fatal
	# line, which stops QEMU. grep sees a line only when it is complete.
	if tail -n +1 -s 0.1 -f --pid="$pid" "$log" 2>/dev/null |
		grep -anE -m1 -f "$fatal" > "$hit"; then
		kill_tagged -x "$tag"
	fi
	wait "$pid"
	STATUS=$(cat "$st" 2>/dev/null)
	STATUS=${STATUS:-1}
	STOPPED=""
	if [[ -f $hit.cap ]]; then
		STOPPED="stopped: the log passed $((LOG_CAP / 1048576)) MiB (runaway output?)"
		printf '\n*** grade: log cut at %d bytes\n' "$LOG_CAP" >> "$log"
	elif [[ -s $hit ]]; then
		STOPPED="stopped at the first forbidden line (line $(cut -d: -f1 "$hit"))"
	fi
	rm -f "$st" "$fatal" "$hit" "$hit.cap"
}

# The log's lines FROM..TO (1-based, clipped), as context for a failure.
context() {
	local log=$1 from=$2 to=$3
	((from >= 1)) || from=1
	((to >= from)) || return
	sed -n "${from},${to}p" "$log" | cut -c1-200
}

# Add a reason to WHY, and the first failure's context to CTX.
fail_with() {
	local from=${2:-1}
	WHY+=("$1")
	((from >= 1)) || from=1
	if ((${#CTX[@]} == 0)) && (($# > 1)); then
		mapfile -t CTX < <(context "$LOG" "$from" "$3")
		((${#CTX[@]} == 0)) || CTX=("the log from line $from ($GRADEDIR/$NAME.log):" "${CTX[@]}")
	fi
}

# The checks every batch test gets without asking (see the top of this
# file), for test i whose run ended with STATUS; appends to WHY and to the
# test's checks.
auto_checks() {
	local i=$1 boot idle nlines
	nlines=$(wc -l < "$LOG")

	C_TEST+=("$i" "$i") C_KIND+=(never never) C_N+=(0 0)
	C_RE+=("page audit: [0-9]+ problems" "kernel warning")
	if ((T_FAILS[i])); then
		((STATUS == 2)) ||
			fail_with "batch status $(status_text "$STATUS" "$i"), expected 2 (kernel panic)" \
				$((nlines - CONTEXT_LINES + 1)) "$nlines"
		C_TEST+=("$i") C_KIND+=(want) C_RE+=("kernel panic") C_N+=(0)
		return
	fi
	C_TEST+=("$i") C_KIND+=(never) C_RE+=("kernel panic") C_N+=(0)
	if ((STATUS != 0)); then
		# Not idle, so no idle lines to look for. The end of the log
		# shows where it stopped (when the grader stopped it, WHY
		# says why already).
		[[ -z $STOPPED ]] || return
		fail_with "batch status $(status_text "$STATUS" "$i"), expected 0 (the system went idle)" \
			$((nlines - CONTEXT_LINES + 1)) "$nlines"
		return
	fi
	C_TEST+=("$i") C_KIND+=(want) C_RE+=("^page audit: OK") C_N+=(0)
	boot=$(grep -aoE -m1 '^free pages: [0-9]+ \(boot\)' "$LOG" | tr -dc 0-9)
	idle=$(grep -aoE '^free pages: [0-9]+ \(idle\)' "$LOG" | tail -n 1 | tr -dc 0-9)
	[[ -n $boot ]] || fail_with "no 'free pages: N (boot)' line"
	[[ -n $idle ]] || fail_with "no 'free pages: N (idle)' line"
	if [[ -n $boot && -n $idle ]] && ((boot != idle)); then
		fail_with "free pages: $boot (boot) but $idle (idle): $((boot - idle)) pages lost"
	fi
}

# Check the log of test i against its declarations; appends to WHY.
# grep does the matching: a 4 MiB log takes milliseconds.
check_log() {
	local i=$1 k j n re at hit nlines
	LOG=$2
	nlines=$(wc -l < "$LOG")

	[[ -n ${T_CUSTOM[$i]} ]] || auto_checks "$i"

	for k in "${!C_TEST[@]}"; do
		((C_TEST[k] == i)) || continue
		re=${C_RE[k]}
		case ${C_KIND[k]} in
		want)
			grep -aqE -e "$re" "$LOG" ||
				fail_with "expected a line matching: $re" \
					$((nlines - CONTEXT_LINES + 1)) "$nlines"
			;;
		never)
			hit=$(grep -anE -m1 -e "$re" "$LOG")
			[[ -z $hit ]] ||
				fail_with "seen though forbidden ('$re'), line ${hit%%:*}: ${hit#*:}" \
					$((${hit%%:*} - CONTEXT_LINES + 1)) "${hit%%:*}"
			;;
		count)
			n=$(grep -acE -e "$re" "$LOG")
			((n == C_N[k])) ||
				fail_with "expected exactly ${C_N[k]} lines matching '$re', saw $n"
			;;
		want_seq)
			# Each expression is looked for after the line the
			# previous one matched.
			at=0
			for ((j = re; j < re + C_N[k]; j++)); do
				hit=$(tail -n +$((at + 1)) "$LOG" | grep -anE -m1 -e "${SEQ_RE[j]}")
				if [[ -z $hit ]]; then
					fail_with "expected in order, after $( ((at)) && echo "line $at" || echo "the start"): ${SEQ_RE[j]}" \
						$((at + 1)) $((at + CONTEXT_LINES))
					break
				fi
				at=$((at + ${hit%%:*}))
			done
			;;
		esac
	done
}

run_one() {
	local i=$1 name=${T_NAME[$1]} log start end STATUS=0 STOPPED="" WHY=() CTX=() ok=OK r LOG NAME=${T_NAME[$1]}
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
		[[ -z $STOPPED ]] || WHY+=("$STOPPED")
	fi
	end=${EPOCHREALTIME/[.,]/}
	# Serial lines end in \n, but typed input may bring \r.
	sed -i 's/\r$//' "$log"
	check_log "$i" "$log"
	((${#WHY[@]} == 0)) || ok=FAIL
	{
		printf '%s %d.%d\n' $ok $(((end - start) / 1000000)) $(((end - start) / 100000 % 10))
		# The first few reasons say enough; the log has the rest.
		((${#WHY[@]} == 0)) || printf '%s\n' "${WHY[@]:0:MAX_REASONS}"
		((${#WHY[@]} <= MAX_REASONS)) || echo "... and $((${#WHY[@]} - MAX_REASONS)) more"
		if ((${#CTX[@]} > 1)); then
			printf '%s\n' "${CTX[0]}"
			printf '|%s\n' "${CTX[@]:1}"
		fi
	} > "$RUNDIR/$name.result.tmp"
	cp "$log" "$GRADEDIR/$name.log"
	mv "$RUNDIR/$name.result.tmp" "$RUNDIR/$name.result"
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

# Colours for OK and FAIL, only on a terminal.
set_colours() {
	GREEN="" RED="" BOLD="" PLAIN=""
	if [[ -t 1 && -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
		GREEN=$'\e[32m' RED=$'\e[31m' BOLD=$'\e[1m' PLAIN=$'\e[0m'
	fi
}

# Print test i's result now (it has just finished) and count it.
print_result() {
	local i=$1 name=${T_NAME[$1]} r res status secs line
	res=$RUNDIR/$name.result
	if [[ -f $res ]]; then
		mapfile -t r < "$res"
	else
		r=("FAIL ?" "the test's subshell ended with status $2 and no result")
	fi
	read -r status secs <<< "${r[0]}"
	RESULT[$i]=$status
	if [[ $status == OK ]]; then
		echo "$name: ${GREEN}OK${PLAIN} (${secs}s)"
		passed=$((passed + 1))
	else
		echo "$name: ${RED}FAIL${PLAIN} (${secs}s)"
		for line in "${r[@]:1}"; do
			if [[ $line == '|'* ]]; then
				echo "      | ${line#|}"
			else
				echo "    $line"
			fi
		done
		echo "    log: $GRADEDIR/$name.log"
		failed=$((failed + 1))
	fi
	if ((verbose)) && [[ -f $RUNDIR/$name.log ]]; then
		sed 's/^/    | /' "$RUNDIR/$name.log"
	fi
}

# The summary, in the order of the tests: each lab's score in points, the
# tests that failed, the total.
print_summary() {
	local i l got max tests ok secs=$1 fails=()
	local -A lgot=() lmax=() ltests=() lok=()
	local labs=()
	for i in "${SEL[@]}"; do
		l=${T_LAB[$i]}
		[[ -n ${lmax[$l]:-} ]] || labs+=("$l")
		lmax[$l]=$((${lmax[$l]:-0} + T_POINTS[i]))
		ltests[$l]=$((${ltests[$l]:-0} + 1))
		if [[ ${RESULT[$i]:-} == OK ]]; then
			lgot[$l]=$((${lgot[$l]:-0} + T_POINTS[i]))
			lok[$l]=$((${lok[$l]:-0} + 1))
		else
			fails+=("${T_NAME[$i]}")
		fi
	done
	echo "${BOLD}--- summary${PLAIN}"
	got=0 max=0
	for l in "${labs[@]}"; do
		printf 'lab %-2s %-44s %3d/%-3d points (%d/%d tests)\n' "$l" \
			"${LAB_TITLE[$l]:-}" "${lgot[$l]:-0}" "${lmax[$l]}" "${lok[$l]:-0}" "${ltests[$l]}"
		got=$((got + ${lgot[$l]:-0})) max=$((max + lmax[$l]))
	done
	((${#fails[@]} == 0)) || echo "${RED}failed:${PLAIN} ${fails[*]}"
	echo "Score: $got/$max points  ($secs with -j $jobs)"
}

main() {
	local jobs verbose=0 list=0 pat i matched running passed=0 failed=0 lab=""
	local start end pid r
	local -A PIDTEST=()
	RESULT=()
	jobs=$(nproc 2>/dev/null || echo 2)
	while (($#)); do
		case $1 in
		-v) verbose=1 ;;
		-l) list=1 ;;
		-j) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; jobs=$2; shift ;;
		-j*) [[ ${1#-j} =~ ^[1-9][0-9]*$ ]] || usage; jobs=${1#-j} ;;
		--lab) [[ ${2:-} =~ ^[0-9]+$ ]] || usage; lab=$2; shift ;;
		--lab=*) lab=${1#--lab=}; [[ $lab =~ ^[0-9]+$ ]] || usage ;;
		-h|--help) usage ;;
		--) shift; break ;;
		-*) usage ;;
		*) break ;;
		esac
		shift
	done

	# The tests to run: all, or those matching a name, glob or prefix;
	# then only those of the lab asked for.
	expand_cpu_counts
	SEL=()
	if (($# == 0)); then
		SEL=("${ORDER[@]}")
	else
		local -A chosen=()
		for pat; do
			matched=0
			for i in "${ORDER[@]}"; do
				if [[ ${T_NAME[$i]} == "$pat" ]]; then
					chosen[$i]=1 matched=1
				fi
			done
			if ((!matched)); then
				for i in "${ORDER[@]}"; do
					if [[ ${T_NAME[$i]} == $pat || ${T_NAME[$i]} == "$pat"* ]]; then
						chosen[$i]=1 matched=1
					fi
				done
			fi
			((matched)) || die "no test matches '$pat' (./grade-lab.sh -l lists them)"
		done
		for i in "${ORDER[@]}"; do
			[[ -z ${chosen[$i]:-} ]] || SEL+=("$i")
		done
	fi
	if [[ -n $lab ]]; then
		local inlab=()
		for i in "${SEL[@]}"; do
			((T_LAB[i] != lab)) || inlab+=("$i")
		done
		((${#inlab[@]})) || die "no test of lab $lab among those chosen (./grade-lab.sh -l lists them)"
		SEL=("${inlab[@]}")
	fi
	# grep does the matching: an expression it cannot compile (though
	# bash could) is an error now, not a check that silently passes.
	local k bad
	bad=$(for k in "${!C_KIND[@]}"; do
		[[ ${C_KIND[k]} == want_seq ]] || printf '%s\n' "${C_RE[k]}"
	done | cat - <(printf '%s\n' "${SEQ_RE[@]}") | grep -E -f - /dev/null 2>&1)
	(($? != 2)) || die "grep -E cannot use an expression of the tests: $bad"
	if ((list)); then
		for i in "${SEL[@]}"; do
			printf 'lab %-2s %2d point%s %4ss  %s\n' "${T_LAB[$i]}" "${T_POINTS[$i]}" \
				"$( ((T_POINTS[i] == 1)) && echo ' ' || echo s)" "${T_TIMEOUT[$i]}" "${T_NAME[$i]}"
		done
		exit 0
	fi
	set_colours

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

	# Tests start in the order of the file, so that the first results
	# come within seconds. Those allowed a minute or more start early (at
	# the end they would run alone), but never in every slot at once.
	local long=() short=() nlong=0 li=0 si=0
	local -A ISLONG=()
	for i in "${SEL[@]}"; do
		if ((T_TIMEOUT[i] >= LONG_TEST)); then long+=("$i"); else short+=("$i"); fi
	done
	start=${EPOCHREALTIME/[.,]/}
	running=0
	while ((li < ${#long[@]} || si < ${#short[@]} || running > 0)); do
		while ((running < jobs && (li < ${#long[@]} || si < ${#short[@]}))); do
			if ((li < ${#long[@]} && (nlong < jobs - 1 || si == ${#short[@]}))); then
				i=${long[li]} li=$((li + 1)) nlong=$((nlong + 1))
				ISLONG[$i]=1
			else
				i=${short[si]} si=$((si + 1))
			fi
			run_one "$i" &
			PIDTEST[$!]=$i
			running=$((running + 1))
		done
		pid=""
		wait -n -p pid "${!PIDTEST[@]}"
		r=$?
		[[ -n $pid ]] || continue
		running=$((running - 1))
		[[ -z ${ISLONG[${PIDTEST[$pid]}]:-} ]] || nlong=$((nlong - 1))
		print_result "${PIDTEST[$pid]}" "$r"
		unset "PIDTEST[$pid]"
	done
	end=${EPOCHREALTIME/[.,]/}

	print_summary "$(((end - start) / 1000000)).$(((end - start) / 100000 % 10))s"
	echo "$passed passed, $failed failed"
	((failed == 0))
}
