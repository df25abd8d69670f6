# Run by grade-lab.sh (test gdb-traps, kernel arguments run=hello) after
# the GDB set-up of `make gdb` (obj/gdbinit: connected, kernel symbols).
# Each "==" line marks what the output below it shows.

# User code: `user NAME` (defined in conf/gdbinit.tmpl) loads a program's
# symbols next to the kernel's. umain runs before hello's first sys_cputs.
user hello
break umain
continue
echo == in umain\n
bt
info symbol $pc
printf "cs=%#x\n", $cs

# The system call that prints "hello, world": sysenter from user mode (the
# library's default; int $0x30 would come through trap() and
# trap_dispatch()), through sysenter_entry to the dispatcher. The number
# and the first argument are in the trap frame saved in the environment.
break kern/syscall.c:syscall if num == 0
continue
echo == in syscall\n
bt
printf "num=%u eax=%u edx=0x%08x\n", num, curenv->env_tf.tf_regs.reg_eax, curenv->env_tf.tf_regs.reg_edx
x/s curenv->env_tf.tf_regs.reg_edx
kill
