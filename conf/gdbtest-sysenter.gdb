# Run by grade-lab.sh (test gdb-sysenter, kernel arguments run=hello) after
# the GDB set-up of `make gdb`. Stepping through the fast way into the
# kernel, sysenter, and over it. Each "==" line marks what follows.

user hello
break umain
continue

# Over a whole line whose call ends in sysenter: GDB steps over the call,
# the kernel prints, sysexit comes back, GDB stops on the next line.
next
next
echo == next over the first cprintf\n
info line *$pc

# Into one: to the sysenter instruction of sys_cputs, one instruction at a
# time. The caller's return address is in %esi, its stack in %ebp.
tbreak lib/syscall.c:sys_cputs
continue
while *(unsigned short *) $pc != 0x340f
	stepi
end
echo == at sysenter\n
x/i $pc
printf "esi is pc+2: %d, ebp is esp: %d\n", $esi == $pc + 2, $ebp == $esp

# One stepi: the first instruction of the kernel's entry.
stepi
echo == one stepi later\n
info symbol $pc
printf "cs=%#x\n", $cs

# Back with sysexit, to the return address the caller gave.
break *$esi
continue
echo == back in user mode\n
info symbol $pc
printf "cs=%#x eax=%d\n", $cs, $eax
kill
