#include <inc/mmu.h>

# The BIOS loads this sector at 0x7c00 and jumps here in 16-bit real mode
# with %cs=0 %ip=7c00. We enable the A20 line, load a flat GDT, enter
# 32-bit protected mode and call bootmain() in boot/main.c.

.set PROT_MODE_CSEG, 0x8	# code segment selector
.set PROT_MODE_DSEG, 0x10	# data segment selector

.globl start
start:
  .code16
  cli
  cld
  xorw    %ax,%ax
  movw    %ax,%ds
  movw    %ax,%es
  movw    %ax,%ss

  # A20: the 8042 keyboard controller gates address line 20; until it is
  # opened, addresses above 1 MiB wrap around as on the 8086.
seta20.1:
  inb     $0x64,%al		# wait until the controller's input buffer is empty
  testb   $0x2,%al
  jnz     seta20.1
  movb    $0xd1,%al		# command: write output port
  outb    %al,$0x64
seta20.2:
  inb     $0x64,%al
  testb   $0x2,%al
  jnz     seta20.2
  movb    $0xdf,%al		# output port value with A20 set
  outb    %al,$0x60

  # Protected mode: the GDT maps virtual to physical one to one.
  lgdt    gdtdesc
  movl    %cr0, %eax
  orl     $CR0_PE, %eax
  movl    %eax, %cr0

  # A far jump reloads %cs from the new GDT and enters 32-bit code.
  ljmp    $PROT_MODE_CSEG, $protcseg

  .code32
protcseg:
  movw    $PROT_MODE_DSEG, %ax
  movw    %ax, %ds
  movw    %ax, %es
  movw    %ax, %fs
  movw    %ax, %gs
  movw    %ax, %ss
  movl    $start, %esp		# the stack grows down from below this code
  call bootmain

  # bootmain returns only if the disk held no kernel.
spin:
  hlt
  jmp spin

.p2align 2
gdt:
  SEG_NULL
  SEG(STA_X|STA_R, 0x0, 0xffffffff)	# code
  SEG(STA_W, 0x0, 0xffffffff)		# data

gdtdesc:
  .word   (gdtdesc - gdt - 1)
  .long   gdt
