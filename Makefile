# The build. `make help` lists the targets; README.md explains them.
#
# Everything produced goes under obj/. Each directory adds its rules in its
# own Makefrag; this file holds the toolchain, QEMU and the commands users type.

OBJDIR := obj
# V=1 shows every command (as JOS's V=1 did); by default they are quiet.
ifeq ($(V),1)
override V :=
else
override V := @
endif

-include conf/env.mk

# The toolchain is found, not configured: a cross prefix when one is
# installed, else the host gcc with -m32. GCCPREFIX= overrides.
ifndef GCCPREFIX
GCCPREFIX := $(shell for p in i386-elf- i686-elf- i386-jos-elf- i686-linux-gnu-; do \
	if command -v $${p}gcc >/dev/null 2>&1 && command -v $${p}ld >/dev/null 2>&1; \
	then echo $$p; exit 0; fi; done)
endif

CC	:= $(GCCPREFIX)gcc -m32 -pipe
AS	:= $(GCCPREFIX)as --32
LD	:= $(GCCPREFIX)ld -m elf_i386
OBJCOPY	:= $(GCCPREFIX)objcopy
OBJDUMP	:= $(GCCPREFIX)objdump
NM	:= $(GCCPREFIX)nm
READELF	:= $(GCCPREFIX)readelf
GDB	:= gdb
PERL	:= perl

QEMU ?= qemu-system-i386

# What the compiler must not do to a kernel: position-independent code,
# stack protectors, CET instrumentation (endbr32) and the host's headers.
CFLAGS := -O1 -fno-builtin -I. -MD -std=gnu11 -static \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-fno-inline-functions-called-once -finline-small-functions \
	-fno-pie -fno-pic -fno-stack-protector -fcf-protection=none \
	-ffreestanding -nostdinc -fno-asynchronous-unwind-tables \
	-Wall -Werror -gdwarf-4
# GCC 12 treats constant addresses below 4 KiB as null-pointer arithmetic.
CFLAGS += $(shell $(CC) --param=min-pagesize=0 -E -x c /dev/null >/dev/null 2>&1 && echo --param=min-pagesize=0)
CFLAGS += $(EXTRA_CFLAGS)

LDFLAGS := -nostdlib -z noexecstack --build-id=none
# libgcc for 64-bit division; looked up when first used, after set-up ran.
LIBGCC = $(shell $(CC) -print-libgcc-file-name)

# Each user's QEMU waits for GDB on a port of its own.
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)

# QEMU: TCG unless KVM=1 (some hosts have /dev/kvm but cannot run 32-bit
# paging guests). The isa-debug-exit device lets the kernel end a batch run.
MEM ?= 128
CPUS ?= 1
# The kernel never writes its disk: any number of QEMUs may share the image.
# No network card: its boot ROM (iPXE) only slows the boot.
QEMUOPTS = -drive file=$(OBJDIR)/kern/kernel.img,index=0,media=disk,format=raw,file.locking=off \
	-m $(MEM) -smp $(CPUS) -no-reboot -nic none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-drive file=$(OBJDIR)/fs/fs.img,index=1,media=disk,format=raw
# SWAP=MB: a swap disk at index 2, and the kernel told to use it. The image
# is all zeros and used in snapshot mode: every run starts on a fresh disk,
# and nothing the kernel swaps lands in the image.
SWAP ?= 0
ifneq ($(SWAP),0)
SWAPIMG := $(OBJDIR)/swap-$(SWAP)M.img
QEMUOPTS += -drive file=$(SWAPIMG),index=2,media=disk,format=raw,snapshot=on
override KARGS += swap
build: $(SWAPIMG)
$(SWAPIMG):
	$(V)mkdir -p $(@D)
	$(V)truncate -s $(SWAP)M $@.tmp && mv $@.tmp $@
endif
ifeq ($(KVM),1)
QEMUOPTS += -enable-kvm
else
QEMUOPTS += -accel tcg
endif
QEMUOPTS += $(QEMUEXTRA)

# The kernel's command line, read through fw_cfg (commas doubled for QEMU).
KARGS ?=
# QEMU refuses an empty string, so an empty command line passes nothing.
comma := ,
cmdline = $(if $(strip $(1)),-fw_cfg 'name=opt/jos/cmdline$(comma)string=$(subst ','\'',$(subst $(comma),$(comma)$(comma),$(strip $(1))))')

all:

# Everything compiled depends on the flags it was compiled with: a change
# of CFLAGS (or of the toolchain) rebuilds it.
FLAGS_STAMP := $(OBJDIR)/.flags
$(FLAGS_STAMP): FORCE
	$(V)mkdir -p $(@D)
	$(V)echo '$(CC) $(CFLAGS) $(LDFLAGS) $(USER_CFLAGS) $(USER_LDFLAGS)' > $@.tmp
	$(V)cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# Set-up: installs the toolchain, QEMU and GDB on a machine that lacks them.
SETUP := $(OBJDIR)/.setup-done
$(SETUP): conf/setup.sh
	$(V)mkdir -p $(@D)
	$(V)GCCPREFIX='$(GCCPREFIX)' QEMU='$(QEMU)' sh conf/setup.sh
	$(V)touch $@

include boot/Makefrag
include lib/Makefrag
include user/Makefrag
include kern/Makefrag
include fs/Makefrag

all: $(OBJDIR)/kern/kernel.img $(USER_BINS) $(OBJDIR)/fs/fs.img \
	$(USER_BINS:=.asm) compile_commands.json

# compile_commands.json for editors (clangd, ccls): every C file with the
# flags it is compiled with. Generated, rewritten only when it changes.
cc_entry = {"directory": "$(CURDIR)", "file": "$(1)", "command": "$(CC) $(2) -c $(1)"},
compile_commands.json: FORCE
	$(V){ echo '['; \
	  $(foreach f,$(filter %.c,$(KERN_SRCFILES)),echo '$(call cc_entry,$(f),$(KERN_CFLAGS))';) \
	  $(foreach f,$(filter %.c,$(LIB_SRCFILES) $(FS_SRCFILES)) $(USER_PROGS:%=user/%.c),echo '$(call cc_entry,$(f),$(USER_CFLAGS))';) \
	  $(foreach f,$(wildcard boot/*.c),echo '$(call cc_entry,$(f),$(CFLAGS) -Os)';) \
	} | sed '$$ s/},$$/}/' > $@.tmp && echo ']' >> $@.tmp
	$(V)cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# Builds are serialised across concurrent make invocations in one checkout.
build:
	$(V)mkdir -p $(OBJDIR)
	$(V)flock $(OBJDIR)/.build-lock $(MAKE) --no-print-directory all

# --- Running ---------------------------------------------------------------

# Interactive runs go through conf/qemu.sh: it refuses a MEM too small to
# boot, says how to quit, gives the terminal its line wrapping back (the
# firmware turns it off) and makes the monitor's `exit` a success.
QEMU_RUN = sh conf/qemu.sh
# A window on a desktop (conf/qemu.sh falls back to none if this QEMU has
# no window support); the serial console and QEMU's monitor on the terminal.
DISPLAY_OPTS := $(if $(DISPLAY)$(WAYLAND_DISPLAY),,-display none)
QUIT_HINT := To quit: Ctrl-a x (or the monitor's exit)
# The command that attaches GDB; GDBPORT= when the port is not the default.
GDB_HINT = make gdb$(if $(filter file,$(origin GDBPORT)),, GDBPORT=$(GDBPORT))
define WAIT_GDB
	@echo "*** Waiting for GDB on port $(GDBPORT): run '$(GDB_HINT)' in another terminal. $(QUIT_HINT)"
endef

qemu: build
	@echo "*** $(QUIT_HINT)"
	$(V)$(QEMU_RUN) $(QEMUOPTS) -serial mon:stdio $(DISPLAY_OPTS) $(call cmdline,$(KARGS))

qemu-nox: build
	@echo "*** Now running the kernel on the serial console. $(QUIT_HINT)"
	$(V)$(QEMU_RUN) $(QEMUOPTS) -nographic $(call cmdline,$(KARGS))

qemu-gdb: build gdbinit
	@sh conf/gdbport-free.sh $(GDBPORT)
	$(WAIT_GDB)
	$(V)$(QEMU_RUN) $(QEMUOPTS) -serial mon:stdio $(DISPLAY_OPTS) -S -gdb tcp::$(GDBPORT) $(call cmdline,$(KARGS))

qemu-nox-gdb: build gdbinit
	@sh conf/gdbport-free.sh $(GDBPORT)
	$(WAIT_GDB)
	$(V)$(QEMU_RUN) $(QEMUOPTS) -nographic -S -gdb tcp::$(GDBPORT) $(call cmdline,$(KARGS))

# GDB reads obj/gdbinit through -x, so no auto-load safe-path is involved.
gdbinit: $(OBJDIR)/gdbinit
$(OBJDIR)/gdbinit: conf/gdbinit.tmpl FORCE
	$(V)mkdir -p $(@D)
	$(V)sed -e 's/@GDBPORT@/$(GDBPORT)/g' -e 's|@OBJDIR@|$(OBJDIR)|g' $< > $@.tmp
	$(V)cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

# conf/gdb.sh fails at once, naming the port, when no QEMU waits there.
gdb: gdbinit $(SETUP)
	$(V)sh conf/gdb.sh $(GDBPORT)

# make run-NAME[-nox][-gdb][-batch]: user/NAME.c is the first environment.
# ARGS= become its argv[1..]; KARGS= add kernel options.
prog_cmdline = run=$(1) $(KARGS) $(if $(ARGS),-- $(ARGS))
# A name with no user/NAME.c is an error before anything runs.
check_prog = @$(if $(filter $(1),$(USER_PROGS)),true,\
	echo "*** no user program '$(1)': there is no user/$(1).c (ls user/*.c lists them)" >&2; exit 1)

run-%-batch: build
	$(call check_prog,$*)
	$(V)sh conf/batch.sh $(if $(TIMEOUT),-t $(TIMEOUT)) -- $(call prog_cmdline,$*)
run-%-nox-gdb: build gdbinit
	$(call check_prog,$*)
	@sh conf/gdbport-free.sh $(GDBPORT)
	$(WAIT_GDB)
	$(V)$(QEMU_RUN) $(QEMUOPTS) -nographic -S -gdb tcp::$(GDBPORT) $(call cmdline,$(call prog_cmdline,$*))
run-%-gdb: build gdbinit
	$(call check_prog,$*)
	@sh conf/gdbport-free.sh $(GDBPORT)
	$(WAIT_GDB)
	$(V)$(QEMU_RUN) $(QEMUOPTS) -serial mon:stdio $(DISPLAY_OPTS) -S -gdb tcp::$(GDBPORT) $(call cmdline,$(call prog_cmdline,$*))
run-%-nox: build
	$(call check_prog,$*)
	@echo "*** $(QUIT_HINT)"
	$(V)$(QEMU_RUN) $(QEMUOPTS) -nographic $(call cmdline,$(call prog_cmdline,$*))
run-%: build
	$(call check_prog,$*)
	@echo "*** $(QUIT_HINT)"
	$(V)$(QEMU_RUN) $(QEMUOPTS) -serial mon:stdio $(DISPLAY_OPTS) $(call cmdline,$(call prog_cmdline,$*))

# --- Testing and measuring ---------------------------------------------------

# make grade [LAB=N] [T='NAME...']: all tests, one lab's, or those named.
grade: build
	$(V)./grade-lab.sh $(if $(LAB),--lab $(LAB)) $(T)

bench: build
	$(V)sh conf/bench.sh

# The fuzzer's full log goes to obj/fuzz.log; the terminal gets progress
# and, last, the verdict.
SEED ?= 1
COUNT ?= 1000000
# WAY=int or WAY=sysenter: every call that way (default: each at random).
WAY ?=
fuzz: build
	$(V)sh conf/fuzz.sh $(SEED) $(COUNT) $(WAY)

clean:
	rm -rf $(OBJDIR) tags compile_commands.json

# --- Conveniences --------------------------------------------------------------

# make print-VAR: the value of a make variable (print-QEMU, print-GDBPORT);
# xv6's print-qemu and print-gdbport too, for scripts written for it.
print-qemu: print-QEMU
print-gdbport: print-GDBPORT
print-%:
	@echo '$(subst ','\'',$($*))'

tags:
	$(V)ctags -R --exclude=obj . || { echo "*** make tags needs ctags (apt-get install universal-ctags)" >&2; exit 1; }

help:
	@echo "make [all]             build the kernel, the user programs and the disks"
	@echo "make qemu              run the kernel (a window on a desktop, the console here)"
	@echo "make qemu-nox          run the kernel on this terminal only"
	@echo "make qemu-gdb          run, waiting for GDB first (also qemu-nox-gdb)"
	@echo "make gdb               attach GDB to a waiting QEMU (in another terminal)"
	@echo "make run-NAME          run with user/NAME.c as the first program (-nox, -gdb, -nox-gdb)"
	@echo "make run-NAME-batch    run NAME with nobody at the console; TIMEOUT=, ARGS=, KARGS="
	@echo "make grade             run every test; LAB=N one lab's, T='NAME...' named ones"
	@echo "make bench             the benchmark table (guest instructions, wall clock)"
	@echo "make fuzz              the system-call fuzzer (SEED=, COUNT=, WAY=int|sysenter); log in obj/fuzz.log"
	@echo "make tags              a ctags index of the sources"
	@echo "make print-VAR         a make variable's value (print-QEMU, print-GDBPORT; print-qemu)"
	@echo "make clean             remove obj/ (and tags, compile_commands.json)"
	@echo "Variables: MEM=MiB CPUS=N KVM=1 KARGS='...' GDBPORT=N V=1 (show commands)"
	@echo "           SYSCALL=int (the library makes every system call with int \$$0x30)"

# Exports for the scripts under conf/.
export QEMU GDBPORT OBJDIR MEM CPUS KVM SWAP
export QEMUOPTS_BATCH = $(QEMUOPTS)
export GDB

FORCE:
.PHONY: all build qemu qemu-nox qemu-gdb qemu-nox-gdb gdb gdbinit grade bench fuzz clean help tags print-qemu print-gdbport FORCE
.DELETE_ON_ERROR:
.SECONDARY:

-include $(shell find $(OBJDIR) -name '*.d' 2>/dev/null)
