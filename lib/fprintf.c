// printf and fprintf: formatted output to a descriptor (cprintf goes to
// the console whatever the descriptors are). Output is gathered in a
// buffer, so a short printf is one write.

#include <inc/lib.h>

#define FPRINTBUFSIZE	256

struct fprintbuf {
	int fd;			// where it goes
	int idx;		// bytes waiting in buf
	int cnt;		// bytes written in all
	int error;		// the first write error, 1 after a short write, or 0
	char buf[FPRINTBUFSIZE];
};

static void
flush(struct fprintbuf *b)
{
	ssize_t r;

	if (b->idx == 0 || b->error)
		return;
	r = write(b->fd, b->buf, b->idx);
	if (r < 0)
		b->error = r;
	else {
		b->cnt += r;
		// A short write (a full disk): nothing more goes.
		if (r < b->idx)
			b->error = 1;
	}
	b->idx = 0;
}

static void
putch(int ch, void *arg)
{
	struct fprintbuf *b = arg;

	b->buf[b->idx++] = ch;
	if (b->idx == FPRINTBUFSIZE)
		flush(b);
}

// Returns the number of bytes written, or the first write's -E_*.
int
vfprintf(int fd, const char *fmt, va_list ap)
{
	struct fprintbuf b;

	b.fd = fd;
	b.idx = 0;
	b.cnt = 0;
	b.error = 0;
	vprintfmt(putch, &b, fmt, ap);
	flush(&b);
	return b.error < 0 ? b.error : b.cnt;
}

int
fprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}

// To standard output, descriptor 1.
int
printf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(1, fmt, ap);
	va_end(ap);
	return r;
}
