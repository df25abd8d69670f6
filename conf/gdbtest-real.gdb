# Run by grade-lab.sh (test gdb-realmode) after the GDB set-up of `make gdb`
# (obj/gdbinit): connected at the first instruction, in real mode, with the
# kernel's and the boot sector's symbols. Each "==" line marks what the
# output below it shows.

echo == first instruction\n
jos-mode
show architecture

# The boot sector, by symbol and source line, decoded as 16-bit code.
break *0x7c00
continue
echo == boot sector\n
x/3i 0x7c00
stepi
stepi
stepi
printf "cs:ip=%04x:%04x\n", $cs, $eip

# bootmain runs in protected mode: 32-bit again.
break bootmain
continue
echo == bootmain\n
show architecture
next
kill
