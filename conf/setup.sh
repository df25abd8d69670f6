#!/bin/sh
# Installs what the build, QEMU runs and GDB sessions need, if missing:
# QEMU for i386, a GCC and binutils that produce 32-bit code (with a 32-bit
# libgcc), and GDB. On Debian/Ubuntu it installs them with apt-get; elsewhere
# it names the packages and stops.

prefix=${GCCPREFIX:-}
qemu=${QEMU:-qemu-system-i386}
missing=""

have() { command -v "$1" >/dev/null 2>&1; }

# A 32-bit toolchain: compile, assemble and link a freestanding file, and
# find a 32-bit libgcc (64-bit division in printf needs it).
toolchain_ok() {
	t=$(mktemp -d) || return 1
	printf 'unsigned long long d(unsigned long long a, unsigned b) { return a / b; }\nvoid _start(void) { d(1, 2); }\n' > $t/t.c
	${prefix}gcc -m32 -ffreestanding -nostdinc -fno-pie -c -o $t/t.o $t/t.c 2>/dev/null &&
	libgcc=$(${prefix}gcc -m32 -print-libgcc-file-name) && [ -f "$libgcc" ] &&
	${prefix}ld -m elf_i386 -o $t/t $t/t.o "$libgcc" 2>/dev/null
	ok=$?
	rm -rf $t
	return $ok
}

toolchain_ok || missing="$missing gcc-multilib"
have "$qemu" || missing="$missing qemu-system-x86"
have gdb || missing="$missing gdb"
# On a desktop, `make qemu` opens a window: that needs QEMU's GUI modules,
# which Debian and Ubuntu ship apart from qemu-system-x86.
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && { ! have "$qemu" ||
	! "$qemu" -display help 2>/dev/null | grep -qxE 'gtk|sdl'; }; then
	missing="$missing qemu-system-gui"
fi
have flock || missing="$missing util-linux"

[ -z "$missing" ] && exit 0

if have apt-get; then
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	echo "*** Installing:$missing"
	$sudo apt-get update -qq &&
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
		echo "*** apt-get could not install:$missing" >&2
		exit 1
	}
	toolchain_ok || { echo "*** still no working 32-bit toolchain after installing$missing" >&2; exit 1; }
	exit 0
fi

cat >&2 <<MSG
*** This machine lacks what the kernel needs to build and run.
*** Install (Debian/Ubuntu package names):$missing
***   gcc-multilib     a GCC and libgcc that build 32-bit code
***                    (or a cross toolchain: i386-elf-gcc, i686-elf-gcc,
***                    i686-linux-gnu-gcc; set GCCPREFIX= if it is elsewhere)
***   qemu-system-x86  provides qemu-system-i386
***   qemu-system-gui  QEMU's window, for make qemu on a desktop
***   gdb              the debugger
MSG
exit 1
