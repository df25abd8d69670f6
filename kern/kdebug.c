// Looks up code addresses in the tables that conf/linetab.sh generates
// from the kernel's debug information (layout in kern/kdebug.h).

#include <inc/string.h>
#include <kern/kdebug.h>

// The index of the last line row at or below eip, or -1 if there is none.
// Rows are sorted by address, so a binary search finds it.
static int
find_line(uintptr_t eip)
{
	int lo = 0, hi = (int) __kdebug_nlines - 1, mid, found = -1;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (__kdebug_lines[mid].addr <= eip) {
			found = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	return found;
}

// The same for the function table.
static int
find_func(uintptr_t eip)
{
	int lo = 0, hi = (int) __kdebug_nfuncs - 1, mid, found = -1;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (__kdebug_funcs[mid].addr <= eip) {
			found = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	return found;
}

int
debuginfo_eip(uintptr_t eip, struct Eipdebuginfo *info)
{
	const struct kdebug_line *l;
	const struct kdebug_func *f;
	int i;

	info->eip_file = "<unknown>";
	info->eip_line = 0;
	info->eip_fn_name = "<unknown>";
	info->eip_fn_namelen = strlen(info->eip_fn_name);
	info->eip_fn_addr = eip;
	info->eip_fn_narg = 0;

	// Only addresses in the kernel's code are in a function: the last
	// entry has no name and marks the end of the code.
	if ((i = find_func(eip)) < 0 || __kdebug_funcs[i].name[0] == '\0')
		return -1;
	f = &__kdebug_funcs[i];
	info->eip_fn_name = f->name;
	info->eip_fn_namelen = strlen(f->name);
	info->eip_fn_addr = f->addr;

	// A line row from before the function's start belongs to other
	// code (the function has no line information: assembly, say).
	if ((i = find_line(eip)) >= 0) {
		l = &__kdebug_lines[i];
		if (l->addr >= f->addr && l->file != KDEBUG_NOFILE
		    && l->file < __kdebug_nfiles) {
			info->eip_file = __kdebug_files[l->file];
			info->eip_line = l->line;
		}
	}
	return 0;
}
