// User cprintf: formats into a buffer and hands it to the kernel with
// sys_cputs, so one cprintf is normally one system call. That is cheaper
// than a call per character, and it keeps the line from interleaving with
// other environments' output.

#include <inc/lib.h>

#define PRINTBUFSIZE 256

struct printbuf {
	int idx;	// characters waiting in buf
	int cnt;	// characters printed in all
	char buf[PRINTBUFSIZE];
};

static void
putch(int ch, void *arg)
{
	struct printbuf *b = arg;

	b->buf[b->idx++] = ch;
	if (b->idx == PRINTBUFSIZE) {
		// Longer output goes out in PRINTBUFSIZE pieces.
		sys_cputs(b->buf, b->idx);
		b->idx = 0;
	}
	b->cnt++;
}

// Returns the number of characters printed.
int
vcprintf(const char *fmt, va_list ap)
{
	struct printbuf b;

	b.idx = 0;
	b.cnt = 0;
	vprintfmt(putch, &b, fmt, ap);
	if (b.idx > 0)
		sys_cputs(b.buf, b.idx);
	return b.cnt;
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
