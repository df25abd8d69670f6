// Source locations of kernel code addresses, for backtraces.

#ifndef JOS_KERN_KDEBUG_H
#define JOS_KERN_KDEBUG_H

#include <inc/types.h>

// What debuginfo_eip finds out about a code address.
struct Eipdebuginfo {
	const char *eip_file;		// source file of eip, or "<unknown>"
	int eip_line;			// line number, or 0
	const char *eip_fn_name;	// function name (NUL-terminated), or "<unknown>"
	int eip_fn_namelen;		// strlen(eip_fn_name)
	uintptr_t eip_fn_addr;		// start of the function, or eip
	int eip_fn_narg;		// number of arguments: always 0 (unknown)
};

// Fills in *info for eip. Returns 0 if eip is inside a known function
// (the line may still be unknown), -1 if not; *info is set either way.
int debuginfo_eip(uintptr_t eip, struct Eipdebuginfo *info);

/*
 * The tables behind it, in the read-only section .kdebug that the build
 * generates from the kernel's DWARF line table and symbol table with
 * conf/linetab.sh (see kern/Makefrag). All addresses are virtual.
 *
 * __kdebug_lines[__kdebug_nlines]: one row per run of code from one source
 *	line, sorted by address; a row holds from its address up to the next
 *	row's. Rows with file KDEBUG_NOFILE mark code without line
 *	information (the end of a compilation unit's code, say).
 * __kdebug_funcs[__kdebug_nfuncs]: every function symbol in the code,
 *	sorted by address. GCC's suffixes for copies of a function (".part.0",
 *	".constprop.0", ".cold") are cut off its name. The last entry, at the
 *	end of the code, has the name "" and ends the one before it.
 * __kdebug_files[__kdebug_nfiles]: the source file names, as the compiler
 *	was given them ("kern/init.c", "inc/x86.h"), indexed by
 *	kdebug_line.file.
 * __kdebug_strings: the strings the tables point to (names), NUL-terminated.
 */
struct kdebug_line {
	uintptr_t addr;
	uint16_t line;		// 0 if the compiler gave none; capped at 65535
	uint16_t file;		// index into __kdebug_files, or KDEBUG_NOFILE
};

#define KDEBUG_NOFILE	0xFFFF

struct kdebug_func {
	uintptr_t addr;
	const char *name;
};

extern const struct kdebug_line __kdebug_lines[];
extern const uint32_t __kdebug_nlines;
extern const struct kdebug_func __kdebug_funcs[];
extern const uint32_t __kdebug_nfuncs;
extern const char *const __kdebug_files[];
extern const uint32_t __kdebug_nfiles;
extern const char __kdebug_strings[];

#endif /* !JOS_KERN_KDEBUG_H */
