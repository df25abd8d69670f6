# Run by grade-lab.sh (test gdb-boot) after the GDB set-up of `make gdb`
# (obj/gdbinit: connected to QEMU, stopped at the first instruction, kernel
# symbols loaded). Each "==" line marks what the output below it shows.

# The kernel's C entry, reached from kern/entry.S.
break i386_init
continue
echo == bt at i386_init\n
bt
info symbol $pc
# Before mem_init: npages is still 0 (README's walk-through says so).
printf "npages=%u\n", npages

# After mem_init: npages says how much memory the kernel found.
break env_init
continue
echo == bt at env_init\n
bt
printf "npages=%u\n", npages
printf "kern_pgdir=%p\n", kern_pgdir
kill
