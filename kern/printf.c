// The kernel's cprintf: vprintfmt (lib/printfmt.c) straight onto the
// console, one character at a time.

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>

static void
putch(int ch, void *arg)
{
	int *cnt = arg;

	cputchar(ch);
	(*cnt)++;
}

// Returns the number of characters printed.
int
vcprintf(const char *fmt, va_list ap)
{
	int cnt = 0;

	vprintfmt(putch, &cnt, fmt, ap);
	return cnt;
}

int
cprintf(const char *fmt, ...)
{
	va_list ap;
	int cnt;

	va_start(ap, fmt);
	cnt = vcprintf(fmt, ap);
	va_end(ap);
	return cnt;
}
