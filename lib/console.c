// The console as a device (devcons), JOS lab 5's: a descriptor whose
// reads wait in the kernel for a key (sys_cgetc_wait) and whose writes go
// to sys_cputs. init and the kernel's run= open it as descriptors 0, 1
// and 2; getchar reads descriptor 0, whatever it is.

#include <inc/lib.h>

// ^D typed at the console reads as the end of the input.
#define CTRL_D		0x04

void
cputchar(int ch)
{
	char c = ch;

	// Straight to the kernel, as in JOS: cprintf and panic must work
	// whatever the program did to its descriptors.
	sys_cputs(&c, 1);
}

// The next character of standard input, -E_EOF at its end, or -E_*. A
// program with no descriptor 0 (started by the kernel under nofs, as in
// labs 3 and 4) reads the console itself.
int
getchar(void)
{
	struct Fd *fd;
	unsigned char c;
	int r;

	if (fd_lookup(0, &fd) < 0)
		return sys_cgetc_wait();
	if ((r = read(0, &c, 1)) < 0)
		return r;
	if (r == 0)
		return -E_EOF;
	return c;
}

// Whether descriptor fdnum is the console: 1 or 0, or -E_INVAL (which
// counts as true, as in JOS) when it is not open.
int
iscons(int fdnum)
{
	struct Fd *fd;
	int r;

	if ((r = fd_lookup(fdnum, &fd)) < 0)
		return r;
	return fd->fd_dev_id == devcons.dev_id;
}

// A new descriptor for the console (the lowest free one), or -E_*.
int
opencons(void)
{
	struct Fd *fd;
	int r;

	if ((r = fd_alloc(&fd)) < 0)
		return r;
	if ((r = sys_page_alloc(0, fd, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		return r;
	fd->fd_dev_id = devcons.dev_id;
	fd->fd_omode = O_RDWR;
	return fd2num(fd);
}

// One character per call, as soon as it is typed: the caller sleeps in
// the kernel until then. Echo and line editing are readline's job.
static ssize_t
devcons_read(struct Fd *fd, void *buf, size_t n)
{
	int c;

	if (n == 0)
		return 0;
	c = sys_cgetc_wait();
	if (c < 0)
		return c;
	if (c == CTRL_D)
		return 0;
	// Enter on a serial terminal is \r: programs see the \n that ends a
	// line, as a Unix terminal gives them (readline takes either).
	if (c == '\r')
		c = '\n';
	*(char *) buf = c;
	return 1;
}

// sys_cputs stops at a NUL: the bytes on either side of one go out in
// calls of their own (the NUL itself shows as nothing).
static ssize_t
devcons_write(struct Fd *fd, const void *vbuf, size_t n)
{
	const char *buf = vbuf;
	size_t i, start;

	for (start = i = 0; i <= n; i++)
		if (i == n || buf[i] == '\0') {
			if (i > start)
				sys_cputs(buf + start, i - start);
			start = i + 1;
		}
	return n;
}

static int
devcons_stat(struct Fd *fd, struct Stat *st)
{
	strcpy(st->st_name, "<cons>");
	return 0;
}

struct Dev devcons = {
	.dev_id = 'c',
	.dev_name = "cons",
	.dev_read = devcons_read,
	.dev_write = devcons_write,
	.dev_stat = devcons_stat,
};
