// Formatted output, shared by the kernel and user programs.
//
// Everything funnels through vprintfmt, which hands the output one
// character at a time to a putch callback: the kernel's cprintf sends each
// character to the console, the user's batches them into system calls, and
// snprintf stores them in a buffer. Nothing here touches a device.

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/stdarg.h>
#include <inc/error.h>

// What %e prints for each E_* code. Codes without an entry print as
// "error N", so a new code in inc/error.h never breaks printing.
static const char *const error_string[MAXERROR] = {
	[E_UNSPECIFIED]	= "unspecified error",
	[E_BAD_ENV]	= "bad environment",
	[E_INVAL]	= "invalid parameter",
	[E_NO_MEM]	= "out of memory",
	[E_NO_FREE_ENV]	= "out of environments",
	[E_FAULT]	= "segmentation fault",
	[E_IPC_NOT_RECV] = "env is not recving",
	[E_EOF]		= "unexpected end of file",
	[E_NO_DISK]	= "no free space on disk",
	[E_MAX_OPEN]	= "too many files are open",
	[E_NOT_FOUND]	= "file or block not found",
	[E_BAD_PATH]	= "invalid path",
	[E_FILE_EXISTS]	= "file already exists",
	[E_NOT_EXEC]	= "file is not a valid executable",
	[E_NOT_SUPP]	= "operation not supported",
	[E_PIPE]	= "broken pipe",
};

// One conversion's modifiers, as parsed from the format string.
struct spec {
	bool left;	// '-': pad on the right instead of the left
	bool zero;	// '0': pad numbers with zeros instead of spaces
	bool alt;	// '#': 0x before hex, 0 before octal
	char sign;	// '+' or ' ' to print before a non-negative number, or 0
	int width;	// minimum field width
	int prec;	// precision, or -1 when none was given
	int lflag;	// 0 int, 1 long, 2 long long
};

typedef void (*putch_t)(int, void*);

static void
pad(putch_t putch, void *putdat, int c, int n)
{
	while (n-- > 0)
		putch(c, putdat);
}

// Print len bytes of s, padded with spaces to the field width.
static void
putfield(putch_t putch, void *putdat, const char *s, int len, struct spec *sp)
{
	int i;

	if (!sp->left)
		pad(putch, putdat, ' ', sp->width - len);
	for (i = 0; i < len; i++)
		putch(s[i], putdat);
	if (sp->left)
		pad(putch, putdat, ' ', sp->width - len);
}

// Print num in base, after prefix ("-", "0x", ...), honoring the width,
// the precision (minimum number of digits) and the '-' and '0' flags.
static void
putnum(putch_t putch, void *putdat, unsigned long long num, unsigned base,
       bool upper, const char *prefix, struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];		// 64 bits in octal take 22 digits
	int n, zeros, plen, fill;
	uint32_t small;

	n = 0;
	if (num == 0 && sp->prec == 0) {
		// C prints nothing at all for a zero with precision 0.
	} else if ((num >> 32) == 0) {
		// Almost every number printed fits in 32 bits, and a 32-bit
		// division is far cheaper than libgcc's 64-bit one.
		small = (uint32_t) num;
		do {
			buf[n++] = digits[small % base];
			small /= base;
		} while (small != 0);
	} else {
		do {
			buf[n++] = digits[num % base];
			num /= base;
		} while (num != 0);
	}

	zeros = sp->prec > n ? sp->prec - n : 0;
	plen = strlen(prefix);
	fill = sp->width - plen - zeros - n;
	if (sp->zero && !sp->left && sp->prec < 0 && fill > 0) {
		// Zero padding goes between the sign and the digits: -0042.
		zeros += fill;
		fill = 0;
	}

	if (!sp->left)
		pad(putch, putdat, ' ', fill);
	while (*prefix)
		putch(*prefix++, putdat);
	pad(putch, putdat, '0', zeros);
	while (n > 0)
		putch(buf[--n], putdat);
	if (sp->left)
		pad(putch, putdat, ' ', fill);
}

// Fetch an integer argument of the size the length modifier says.
// va_list is passed by pointer so that the caller's copy advances.
static unsigned long long
getuint(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, unsigned long long);
	else if (lflag)
		return va_arg(*ap, unsigned long);
	else
		return va_arg(*ap, unsigned int);
}

static long long
getint(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, long long);
	else if (lflag)
		return va_arg(*ap, long);
	else
		return va_arg(*ap, int);
}

// Print a signed decimal number.
static void
putsigned(putch_t putch, void *putdat, long long num, struct spec *sp)
{
	char prefix[2] = { 0, 0 };

	if (num < 0) {
		prefix[0] = '-';
		// Negate as unsigned: -LLONG_MIN overflows a long long.
		putnum(putch, putdat, -(unsigned long long) num, 10, 0, prefix, sp);
		return;
	}
	prefix[0] = sp->sign;
	putnum(putch, putdat, num, 10, 0, prefix, sp);
}

// The text of an error code given as E_FOO or -E_FOO; NULL for a number
// that names no error.
static const char *
error_text(int err)
{
	if (err < 0)
		err = -err;
	if (err > 0 && err < MAXERROR)
		return error_string[err];
	return NULL;
}

// What %e prints for err, as a string (kernel code, checked by GCC like
// printf, prints error codes this way).
const char *
errstr(int err)
{
	const char *s = error_text(err);

	return s ? s : "unknown error";
}

// %e: the text of an error code, or "error N" for a number that names none.
static void
puterror(putch_t putch, void *putdat, int err, struct spec *sp)
{
	char buf[24];
	const char *s;

	if ((s = error_text(err)) == NULL) {
		snprintf(buf, sizeof(buf), "error %d", err < 0 ? -err : err);
		s = buf;
	}
	putfield(putch, putdat, s, strlen(s), sp);
}

// Parse a decimal number or '*' (taken from the arguments) at *fmtp.
static int
getcount(const char **fmtp, va_list *ap)
{
	const char *fmt = *fmtp;
	int n = 0;

	if (*fmt == '*') {
		n = va_arg(*ap, int);
		fmt++;
	} else {
		while (*fmt >= '0' && *fmt <= '9')
			n = n * 10 + *fmt++ - '0';
	}
	*fmtp = fmt;
	return n;
}

void
vprintfmt(void (*putch)(int, void*), void *putdat, const char *fmt, va_list ap)
{
	const char *start, *s;
	struct spec sp;
	unsigned long long u;
	char c, prefix[3];
	int len;

	for (;;) {
		while ((c = *fmt++) != '%') {
			if (c == '\0')
				return;
			putch(c, putdat);
		}
		start = fmt - 1;

		sp.left = sp.zero = sp.alt = false;
		sp.sign = 0;
		sp.prec = -1;
		sp.lflag = 0;

		// Flags, in any order.
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else if (*fmt == '#')
				sp.alt = true;
			else if (*fmt == '+')
				sp.sign = '+';
			else if (*fmt == ' ' && sp.sign == 0)
				sp.sign = ' ';
			else if (*fmt != ' ')
				break;
		}

		// Width; a negative one from '*' means left-justify.
		sp.width = getcount(&fmt, &ap);
		if (sp.width < 0) {
			sp.left = true;
			sp.width = -sp.width;
		}

		// Precision; a negative one from '*' means none.
		if (*fmt == '.') {
			fmt++;
			sp.prec = getcount(&fmt, &ap);
			if (sp.prec < 0)
				sp.prec = -1;
		}

		// Length: l and ll; z is a no-op since size_t is an int here.
		for (;; fmt++) {
			if (*fmt == 'l')
				sp.lflag++;
			else if (*fmt != 'z')
				break;
		}

		switch (c = *fmt++) {
		case 'c':
			c = va_arg(ap, int);
			putfield(putch, putdat, &c, 1, &sp);
			break;

		case 's':
			if ((s = va_arg(ap, const char *)) == NULL)
				s = "(null)";
			// With a precision, s need not be NUL-terminated.
			len = sp.prec >= 0 ? strnlen(s, sp.prec) : strlen(s);
			putfield(putch, putdat, s, len, &sp);
			break;

		case 'e':
			puterror(putch, putdat, va_arg(ap, int), &sp);
			break;

		case 'd':
		case 'i':
			putsigned(putch, putdat, getint(&ap, sp.lflag), &sp);
			break;

		case 'u':
			putnum(putch, putdat, getuint(&ap, sp.lflag), 10, 0, "", &sp);
			break;

		case 'o':
			u = getuint(&ap, sp.lflag);
			putnum(putch, putdat, u, 8, 0, sp.alt && u ? "0" : "", &sp);
			break;

		case 'x':
		case 'X':
			u = getuint(&ap, sp.lflag);
			prefix[0] = '0';
			prefix[1] = c;
			prefix[2] = '\0';
			putnum(putch, putdat, u, 16, c == 'X',
			       sp.alt && u ? prefix : "", &sp);
			break;

		case 'p':
			// 0x and the digits the value needs, as in JOS.
			putnum(putch, putdat, (uintptr_t) va_arg(ap, void *),
			       16, 0, "0x", &sp);
			break;

		case '%':
			putch('%', putdat);
			break;

		case '\0':
			// The format ended inside a conversion: print what
			// there was and stop before running off the string.
			for (; start < fmt - 1; start++)
				putch(*start, putdat);
			return;

		default:
			// Unknown verb: print the whole conversion literally,
			// so the mistake shows in the output.
			for (; start < fmt; start++)
				putch(*start, putdat);
			break;
		}
	}
}

void
printfmt(void (*putch)(int, void*), void *putdat, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintfmt(putch, putdat, fmt, ap);
	va_end(ap);
}

// snprintf's putch state: where the next character goes, and how many
// the whole output would take even when it does not fit.
struct sprintbuf {
	char *buf;
	char *ebuf;	// the last byte, kept for the terminating NUL
	int cnt;
};

static void
sprintputch(int ch, void *arg)
{
	struct sprintbuf *b = arg;

	b->cnt++;
	if (b->buf < b->ebuf)
		*b->buf++ = ch;
}

// Like C's vsnprintf: writes at most size-1 characters plus a NUL and
// returns the length the whole output would have.
int
vsnprintf(char *buf, int size, const char *fmt, va_list ap)
{
	struct sprintbuf b;

	if (buf == NULL || size < 1)
		return -E_INVAL;

	b.buf = buf;
	b.ebuf = buf + size - 1;
	b.cnt = 0;
	vprintfmt(sprintputch, &b, fmt, ap);
	*b.buf = '\0';
	return b.cnt;
}

int
snprintf(char *buf, int size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}
